package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
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
	// DO NOTHING on a taken id: creation races (two members opening the
	// same direct conversation) resolve to "already there", not an error.
	res, err := tx.ExecContext(ctx, `INSERT INTO conversations
		(id, kind, last_seq, created_at_ms, updated_at_ms) VALUES (?, ?, 0, ?, ?)
		ON CONFLICT (id) DO NOTHING`,
		c.ID, int64(c.Kind), createdAt, updatedAt)
	if err != nil {
		return false, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	if len(members) > 0 {
		ins, err := tx.PrepareContext(ctx, `INSERT INTO members
			(conversation_id, user_id, joined_seq, read_seq, delivered_seq, joined_at_ms)
			VALUES (?, ?, 0, 0, 0, ?)
			ON CONFLICT DO NOTHING`)
		if err != nil {
			return false, err
		}
		defer ins.Close()
		for _, u := range members {
			if _, err := ins.ExecContext(ctx, c.ID, u, createdAt); err != nil {
				return false, err
			}
		}
	}
	return true, tx.Commit()
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

// GetMember implements im.Store.
func (s *Store) GetMember(ctx context.Context, conversationID, userID string) (*im.Member, error) {
	m := &im.Member{ConversationID: conversationID, UserID: userID}
	var joined, read, delivered int64
	err := s.stmts.getMember.QueryRowContext(ctx, conversationID, userID).
		Scan(&joined, &read, &delivered, &m.JoinedAtMs)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notMember(conversationID)
	}
	if err != nil {
		return nil, s.fail(ctx, "get member", err)
	}
	m.JoinedSeq, m.ReadSeq, m.DeliveredSeq = uint64(joined), uint64(read), uint64(delivered)
	return m, nil
}

// ListMemberIDs implements im.Store. A conversation that does not exist
// has no members: the result is empty, not an error.
func (s *Store) ListMemberIDs(ctx context.Context, conversationID string) ([]string, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT user_id FROM members WHERE conversation_id = ?`, conversationID)
	if err != nil {
		return nil, s.fail(ctx, "list members", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, s.fail(ctx, "list members", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail(ctx, "list members", err)
	}
	return ids, nil
}

// ListConversations implements im.Store. Conversations with equal activity
// times are ordered by id, so the order is stable between calls.
func (s *Store) ListConversations(ctx context.Context, userID string) ([]*chorusv1.Conversation, error) {
	convs, err := s.listConversations(ctx, userID)
	if err != nil {
		return nil, s.fail(ctx, "list conversations", err)
	}
	return convs, nil
}

func (s *Store) listConversations(ctx context.Context, userID string) ([]*chorusv1.Conversation, error) {
	rows, err := s.stmts.listConversations.QueryContext(ctx, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*chorusv1.Conversation
	for rows.Next() {
		var (
			c                         chorusv1.Conversation
			kind, last, read, deliv   int64
			msgID, msgTime            sql.NullInt64
			msgSender, msgClientMsgID sql.NullString
			content                   []byte
		)
		if err := rows.Scan(&c.Id, &kind, &last, &c.UpdatedAtMs, &read, &deliv,
			&msgID, &msgSender, &msgClientMsgID, &msgTime, &content); err != nil {
			return nil, err
		}
		c.Kind = chorusv1.ConversationKind(kind)
		c.LastSeq, c.ReadSeq, c.DeliveredSeq = uint64(last), uint64(read), uint64(deliv)
		c.UnreadCount = im.Position{LastSeq: c.LastSeq, ReadSeq: c.ReadSeq}.Unread()
		if c.Kind == chorusv1.ConversationKind_CONVERSATION_KIND_DIRECT {
			// A malformed id only costs the peer, not the whole list.
			if p, err := im.ParseConversationID(c.Id); err == nil {
				c.PeerUserId = p.Peer(userID)
			}
		}
		if msgID.Valid {
			m := &chorusv1.Message{
				Id:             msgID.Int64,
				ConversationId: c.Id,
				Seq:            c.LastSeq,
				SenderId:       msgSender.String,
				ClientMsgId:    msgClientMsgID.String,
				ServerTimeMs:   msgTime.Int64,
			}
			if m.Content, err = decodeContent(content); err != nil {
				return nil, fmt.Errorf("message %d of %q: %w", c.LastSeq, c.Id, err)
			}
			c.LastMessage = m
		}
		out = append(out, &c)
	}
	return out, rows.Err()
}

// MarkRead implements im.Store in one statement (one implicit transaction).
func (s *Store) MarkRead(ctx context.Context, conversationID, userID string, seq uint64) (im.Position, error) {
	var last, read, deliv int64
	err := s.stmts.markRead.QueryRowContext(ctx, clampSeq(seq), conversationID, userID).
		Scan(&last, &read, &deliv)
	if errors.Is(err, sql.ErrNoRows) {
		return im.Position{}, notMember(conversationID)
	}
	if err != nil {
		return im.Position{}, s.fail(ctx, "mark read", err)
	}
	return im.Position{LastSeq: uint64(last), ReadSeq: uint64(read), DeliveredSeq: uint64(deliv)}, nil
}

// MarkDelivered implements im.Store: the whole batch is one transaction,
// so a burst of acks costs one commit.
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
