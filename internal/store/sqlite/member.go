package sqlite

import (
	"context"
	"database/sql"
	"errors"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
)

// GetMember implements im.Store. A former member is found too, with
// LeftSeq set.
func (s *Store) GetMember(ctx context.Context, conversationID, userID string) (*im.Member, error) {
	m, err := scanMember(s.stmts.getMember.QueryRowContext(ctx, conversationID, userID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notMember(conversationID)
	}
	if err != nil {
		return nil, s.fail(ctx, "get member", err)
	}
	return m, nil
}

// ListMemberIDs implements im.Store. A conversation that does not exist
// has no members: the result is empty, not an error.
func (s *Store) ListMemberIDs(ctx context.Context, conversationID string) ([]string, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT user_id FROM members
		WHERE conversation_id = ? AND left_seq = 0`, conversationID)
	if err != nil {
		return nil, s.fail(ctx, "list member ids", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, s.fail(ctx, "list member ids", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail(ctx, "list member ids", err)
	}
	return ids, nil
}

// ListMembers implements im.Store: a walk of the primary key, which is in
// user id order within a conversation.
func (s *Store) ListMembers(ctx context.Context, conversationID, afterUserID string, limit int) ([]*im.Member, error) {
	lim := int64(-1) // SQLite: no limit
	if limit > 0 {
		lim = int64(limit)
	}
	rows, err := s.stmts.listMembers.QueryContext(ctx, conversationID, afterUserID, lim)
	if err != nil {
		return nil, s.fail(ctx, "list members", err)
	}
	defer rows.Close()
	var out []*im.Member
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			return nil, s.fail(ctx, "list members", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail(ctx, "list members", err)
	}
	return out, nil
}

// scanMember reads a row of memberColumns.
func scanMember(row interface{ Scan(...any) error }) (*im.Member, error) {
	var (
		m                                 im.Member
		joined, read, delivered, left, rl int64
	)
	if err := row.Scan(&m.ConversationID, &m.UserID, &joined, &read, &delivered, &m.JoinedAtMs,
		&left, &rl, &m.MutedUntilMs, &m.Pinned, &m.Muted); err != nil {
		return nil, err
	}
	m.JoinedSeq, m.ReadSeq, m.DeliveredSeq, m.LeftSeq = uint64(joined), uint64(read), uint64(delivered), uint64(left)
	m.Role = chorusv1.GroupRole(rl)
	return &m, nil
}

// UpdateMemberSettings implements im.Store. A former member keeps an entry
// in their list, so they may pin or mute it too.
func (s *Store) UpdateMemberSettings(ctx context.Context, conversationID, userID string, st im.MemberSettings) error {
	return s.fail(ctx, "update member settings", s.updateMemberSettings(ctx, conversationID, userID, st))
}

func (s *Store) updateMemberSettings(ctx context.Context, conversationID, userID string, st im.MemberSettings) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	vs := s.newVersions(ctx, tx)
	v, err := vs.of(ctx, conversationID)
	if err != nil {
		return err
	}
	res, err := tx.StmtContext(ctx, s.stmts.memberSettings).ExecContext(ctx,
		nullBool(st.Pinned), nullBool(st.Muted), int64(v), conversationID, userID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return notMember(conversationID)
	}
	if err := vs.flush(ctx); err != nil {
		return err
	}
	return tx.Commit()
}

// nullBool binds an optional flag: NULL leaves the column as it is.
func nullBool(b *bool) any {
	if b == nil {
		return nil
	}
	return *b
}
