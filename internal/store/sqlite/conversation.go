package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"math"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
)

// CreateConversation implements im.Store. The record's LastSeq is ignored:
// a new conversation has no messages, so it starts at 0 and so do its
// members' positions. Zero times default to now; members join at the
// conversation's creation time. A member listed twice is stored once.
func (s *Store) CreateConversation(ctx context.Context, c *im.ConversationRecord, members []string) (bool, error) {
	if c == nil || c.ID == "" {
		return false, im.Errorf(chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT, "no conversation id")
	}
	created, err := s.createConversation(ctx, c, members)
	if err != nil {
		return false, s.fail(ctx, "create conversation", err)
	}
	return created, nil
}

func (s *Store) createConversation(ctx context.Context, c *im.ConversationRecord, members []string) (bool, error) {
	createdAt := c.CreatedAtMs
	if createdAt == 0 {
		createdAt = nowMs()
	}
	updatedAt := max(c.UpdatedAtMs, createdAt)

	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	vs := s.newVersions(ctx, tx)
	v, err := vs.of(ctx, c.ID)
	if err != nil {
		return false, err
	}
	// DO NOTHING on a taken id: creation races (two members opening the
	// same direct conversation) resolve to "already there", not an error.
	res, err := tx.ExecContext(ctx, `INSERT INTO conversations
		(id, kind, last_seq, created_at_ms, updated_at_ms, version) VALUES (?, ?, 0, ?, ?, ?)
		ON CONFLICT (id) DO NOTHING`,
		c.ID, int64(c.Kind), createdAt, updatedAt, int64(v))
	if err != nil {
		return false, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	if _, err := s.insertMembers(ctx, tx, c.ID, createdAt, v, memberSpecs(members)); err != nil {
		return false, err
	}
	if err := vs.flush(ctx); err != nil {
		return false, err
	}
	return true, tx.Commit()
}

// memberSpecs gives each of ids the role of a member outside groups.
func memberSpecs(ids []string) []im.MemberSpec {
	out := make([]im.MemberSpec, len(ids))
	for i, id := range ids {
		out[i] = im.MemberSpec{UserID: id, Role: chorusv1.GroupRole_GROUP_ROLE_MEMBER}
	}
	return out
}

// insertMembers adds the first members of a new conversation (joined at
// seq 0, at joinedAt, with version v) and sets the conversation's member
// count and owner (the first member inserted as owner). A user listed
// twice is stored once, with the first role given. It returns the owner.
func (s *Store) insertMembers(ctx context.Context, tx *sql.Tx, conversationID string, joinedAt int64, v uint64, members []im.MemberSpec) (string, error) {
	ins := tx.StmtContext(ctx, s.stmts.insertMember)
	count, owner := 0, ""
	for _, m := range members {
		role := m.Role
		if role == chorusv1.GroupRole_GROUP_ROLE_UNSPECIFIED {
			role = chorusv1.GroupRole_GROUP_ROLE_MEMBER
		}
		res, err := ins.ExecContext(ctx, conversationID, m.UserID, joinedAt, int64(role), int64(v))
		if err != nil {
			return "", err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return "", err
		}
		count += int(n)
		if n == 1 && owner == "" && role == chorusv1.GroupRole_GROUP_ROLE_OWNER {
			owner = m.UserID
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE conversations SET member_count = ?, owner_id = ? WHERE id = ?`,
		count, owner, conversationID); err != nil {
		return "", err
	}
	return owner, nil
}

// GetConversation implements im.Store.
func (s *Store) GetConversation(ctx context.Context, conversationID string) (*im.ConversationRecord, error) {
	c := &im.ConversationRecord{ID: conversationID}
	var kind, lastSeq int64
	err := s.read.QueryRowContext(ctx, `SELECT kind, last_seq, created_at_ms, updated_at_ms
		FROM conversations WHERE id = ?`, conversationID).
		Scan(&kind, &lastSeq, &c.CreatedAtMs, &c.UpdatedAtMs)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, conversationNotFound(conversationID)
	}
	if err != nil {
		return nil, s.fail(ctx, "get conversation", err)
	}
	c.Kind = chorusv1.ConversationKind(kind)
	c.LastSeq = uint64(lastSeq)
	return c, nil
}

// clampSeq converts a seq from the API to SQLite's signed integer: no
// conversation reaches 2^63 messages, so larger values mean "the end".
func clampSeq(seq uint64) int64 {
	if seq > math.MaxInt64 {
		return math.MaxInt64
	}
	return int64(seq)
}

func conversationNotFound(id string) error {
	return im.Errorf(chorusv1.ErrorCode_ERROR_CODE_CONVERSATION_NOT_FOUND, "conversation %q not found", clip(id))
}

func notMember(conversationID string) error {
	return im.Errorf(chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER, "not a member of conversation %q", clip(conversationID))
}
