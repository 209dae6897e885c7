package sqlite

import (
	"context"
	"database/sql"
	"errors"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
)

// MarkRead implements im.Store. A mark that moves nothing writes nothing,
// so repeated marks (every device of a user reports its reads) cost one
// read of the member's row and move no version.
func (s *Store) MarkRead(ctx context.Context, conversationID, userID string, seq uint64) (im.Position, error) {
	p, err := s.markRead(ctx, conversationID, userID, seq)
	if err != nil {
		return im.Position{}, s.fail(ctx, "mark read", err)
	}
	return p, nil
}

func (s *Store) markRead(ctx context.Context, conversationID, userID string, seq uint64) (im.Position, error) {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return im.Position{}, err
	}
	defer tx.Rollback()
	var kind, last, left, read, deliv int64
	err = tx.StmtContext(ctx, s.stmts.readPosition).QueryRowContext(ctx, conversationID, userID).
		Scan(&kind, &last, &left, &read, &deliv)
	if errors.Is(err, sql.ErrNoRows) {
		return im.Position{}, notMember(conversationID)
	}
	if err != nil {
		return im.Position{}, err
	}
	// A former member's conversation ends, for them, at left_seq: that is
	// also the last seq their position reports.
	if left > 0 {
		last = left
	}
	p := im.Position{LastSeq: uint64(last), ReadSeq: uint64(read), DeliveredSeq: uint64(deliv)}
	target := min(clampSeq(seq), last)
	if target <= read {
		return p, nil // nothing moves; the transaction wrote nothing
	}
	p.ReadSeq = uint64(target)
	p.DeliveredSeq = max(p.DeliveredSeq, p.ReadSeq)

	vs := s.newVersions(ctx, tx)
	v, err := vs.of(ctx, conversationID)
	if err != nil {
		return im.Position{}, err
	}
	if _, err := tx.StmtContext(ctx, s.stmts.markRead).ExecContext(ctx,
		int64(p.ReadSeq), int64(p.DeliveredSeq), int64(v), conversationID, userID); err != nil {
		return im.Position{}, err
	}
	// The peer's entry of a direct conversation shows this read position
	// (peer_read_seq), so it changed too: the conversation's version
	// covers both entries.
	if chorusv1.ConversationKind(kind) == chorusv1.ConversationKind_CONVERSATION_KIND_DIRECT {
		if _, err := tx.StmtContext(ctx, s.stmts.touchConv).ExecContext(ctx, int64(v), conversationID); err != nil {
			return im.Position{}, err
		}
	}
	if err := vs.flush(ctx); err != nil {
		return im.Position{}, err
	}
	if err := tx.Commit(); err != nil {
		return im.Position{}, err
	}
	return p, nil
}

// MarkDelivered implements im.Store: the whole batch is one transaction,
// so a burst of acks costs one commit. Delivery is advisory and frequent,
// so it moves no versions: an entry's delivered seqs are as fresh as the
// last change that did move its version.
func (s *Store) MarkDelivered(ctx context.Context, marks []im.DeliveryMark) error {
	if len(marks) == 0 {
		return nil
	}
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return s.fail(ctx, "mark delivered", err)
	}
	defer tx.Rollback()
	stmt := tx.StmtContext(ctx, s.stmts.markDelivered)
	for _, m := range marks {
		// A non-member matches no row: nothing to do, by contract.
		if _, err := stmt.ExecContext(ctx, clampSeq(m.Seq), m.ConversationID, m.UserID); err != nil {
			return s.fail(ctx, "mark delivered", err)
		}
	}
	return s.fail(ctx, "mark delivered", tx.Commit())
}
