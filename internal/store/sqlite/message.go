package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"

	"google.golang.org/protobuf/proto"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
	sqlite3 "modernc.org/sqlite/lib"
)

// AppendMessages implements im.Store: the group commit of the send path.
//
// One write transaction per batch. The last_seq of every conversation of
// the batch is read by one statement at the start; seqs are then counted in
// memory and written back once per conversation at the end, with the
// sender positions (once per conversation and sender). As the writer has
// one connection and BEGIN IMMEDIATE holds SQLite's write lock, nothing
// else can move last_seq in between.
//
// Dedupe is the insert itself: ON CONFLICT (client_msg_id, sender_id) DO
// NOTHING changes no row for a duplicate, whether the original is in an
// earlier batch or earlier in this one (the transaction sees its own
// rows), and only then is the original read. A duplicate does not advance
// the conversation's counter, so seqs stay gapless. A message without a
// client_msg_id is stored with NULL there and is never a duplicate.
//
// The input messages are not modified. A result's Message is a new value
// sharing the input's Content, which must not be changed afterwards.
func (s *Store) AppendMessages(ctx context.Context, msgs []*chorusv1.Message) ([]im.AppendResult, error) {
	if len(msgs) == 0 {
		return nil, nil
	}
	// Encode outside the transaction: the writer is the bottleneck, so
	// everything that can happen before BEGIN does.
	contents := make([][]byte, len(msgs))
	for i, m := range msgs {
		if m == nil {
			return nil, im.Errorf(chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT, "message %d of the batch is nil", i)
		}
		b, err := proto.Marshal(m.GetContent())
		if err != nil {
			return nil, fmt.Errorf("sqlite: append messages: encode content of message %d: %w", m.Id, err)
		}
		if b == nil {
			b = []byte{} // the column is NOT NULL; an empty Content is zero bytes
		}
		contents[i] = b
	}
	res, err := s.appendMessages(ctx, msgs, contents)
	if err != nil {
		return nil, s.fail(ctx, "append messages", err)
	}
	return res, nil
}

// convState is one conversation's seq counter during a batch.
type convState struct {
	id      string
	missing bool   // no such conversation
	lastSeq uint64 // as read at the start of the batch, then counted up
	moved   bool   // some message of the batch was stored in it
	timeMs  int64  // newest server time among the stored messages
}

// senderMove is the newest seq a sender stored in a conversation during a
// batch: their read and delivered positions move there once, at the end.
type senderMove struct {
	conv, sender string
	seq          uint64
}

func (s *Store) appendMessages(ctx context.Context, msgs []*chorusv1.Message, contents [][]byte) ([]im.AppendResult, error) {
	// The batch's conversations, in first-seen order so that writes are
	// deterministic. Each is missing until the database says otherwise.
	convs := make(map[string]*convState)
	var order []*convState
	var ids []string
	for _, m := range msgs {
		if convs[m.ConversationId] == nil {
			cs := &convState{id: m.ConversationId, missing: true}
			convs[cs.id] = cs
			order = append(order, cs)
			ids = append(ids, cs.id)
		}
	}

	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	// The transaction is bound to ctx: if ctx ends, database/sql rolls it
	// back and every later statement fails. The statements themselves run
	// without ctx's cancellation, because the driver starts a watcher
	// goroutine for each statement with a cancellable context, which on
	// this path costs more than the statement; none of them can wait for a
	// lock, as the transaction already holds the write lock.
	sctx := context.WithoutCancel(ctx)
	if err := readLastSeqs(sctx, tx.StmtContext(sctx, s.stmts.lastSeqs), ids, convs); err != nil {
		return nil, err
	}
	insert := tx.StmtContext(sctx, s.stmts.insertMessage)
	original := tx.StmtContext(sctx, s.stmts.originalMessage)

	results := make([]im.AppendResult, len(msgs))
	var moves []senderMove
	moveIndex := make(map[[2]string]int)
	for i, m := range msgs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		cs := convs[m.ConversationId]
		if cs.missing {
			// Still a retry of a message stored elsewhere? Then the
			// contract says: return the original, store nothing.
			orig, err := findOriginal(sctx, original, m)
			if err != nil {
				return nil, err
			}
			if orig == nil {
				return nil, conversationNotFound(m.ConversationId)
			}
			results[i] = im.AppendResult{Message: orig, Duplicate: true}
			continue
		}

		seq := cs.lastSeq + 1
		r, err := insert.ExecContext(sctx, m.ConversationId, int64(seq), m.Id, m.SenderId,
			nullIfEmpty(m.ClientMsgId), m.ServerTimeMs, contents[i])
		if err != nil {
			if isConstraint(err, sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY) {
				return nil, conversationNotFound(m.ConversationId)
			}
			return nil, err
		}
		n, err := r.RowsAffected()
		if err != nil {
			return nil, err
		}
		if n == 0 {
			orig, err := findOriginal(sctx, original, m)
			if err != nil {
				return nil, err
			}
			if orig == nil {
				return nil, fmt.Errorf("message %d was skipped as a duplicate but has no original", m.Id)
			}
			results[i] = im.AppendResult{Message: orig, Duplicate: true}
			continue
		}

		cs.lastSeq, cs.moved = seq, true
		cs.timeMs = max(cs.timeMs, m.ServerTimeMs)
		if m.SenderId != "" { // the system has no positions
			key := [2]string{m.ConversationId, m.SenderId}
			if j, ok := moveIndex[key]; ok {
				moves[j].seq = seq
			} else {
				moveIndex[key] = len(moves)
				moves = append(moves, senderMove{conv: m.ConversationId, sender: m.SenderId, seq: seq})
			}
		}
		results[i] = im.AppendResult{Message: &chorusv1.Message{
			Id:             m.Id,
			ConversationId: m.ConversationId,
			Seq:            seq,
			SenderId:       m.SenderId,
			ClientMsgId:    m.ClientMsgId,
			ServerTimeMs:   m.ServerTimeMs,
			Content:        m.Content,
		}}
	}

	if len(moves) > 0 {
		moveSender := tx.StmtContext(sctx, s.stmts.moveSender)
		for _, mv := range moves {
			// A sender who is not a member (an API send on their behalf)
			// matches no row, which is fine.
			if _, err := moveSender.ExecContext(sctx, int64(mv.seq), mv.conv, mv.sender); err != nil {
				return nil, err
			}
		}
	}
	moveConv := tx.StmtContext(sctx, s.stmts.moveConversation)
	for _, cs := range order {
		if !cs.moved {
			continue
		}
		if _, err := moveConv.ExecContext(sctx, int64(cs.lastSeq), cs.timeMs, cs.id); err != nil {
			return nil, err
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return results, nil
}

// readLastSeqs reads the last seq of the conversations ids into convs,
// clearing their missing flag.
func readLastSeqs(ctx context.Context, stmt *sql.Stmt, ids []string, convs map[string]*convState) error {
	rows, err := stmt.QueryContext(ctx, jsonStrings(ids))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var last int64
		if err := rows.Scan(&id, &last); err != nil {
			return err
		}
		if cs := convs[id]; cs != nil {
			cs.missing, cs.lastSeq = false, uint64(last)
		}
	}
	return rows.Err()
}

// findOriginal reads the message m's sender stored under m's client message
// id, or returns nil when there is none (or m has no client message id).
func findOriginal(ctx context.Context, stmt *sql.Stmt, m *chorusv1.Message) (*chorusv1.Message, error) {
	if m.ClientMsgId == "" {
		return nil, nil
	}
	orig, err := scanMessage(stmt.QueryRowContext(ctx, m.ClientMsgId, m.SenderId))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return orig, err
}

// ListMessages implements im.Store. A conversation that does not exist has
// no messages: the result is empty, not an error.
func (s *Store) ListMessages(ctx context.Context, q im.MessageQuery) ([]*chorusv1.Message, error) {
	msgs, err := s.listMessages(ctx, q)
	if err != nil {
		return nil, s.fail(ctx, "list messages", err)
	}
	return msgs, nil
}

func (s *Store) listMessages(ctx context.Context, q im.MessageQuery) ([]*chorusv1.Message, error) {
	to := clampSeq(q.ToSeq)
	if q.ToSeq == 0 {
		to = math.MaxInt64
	}
	limit := int64(-1) // SQLite: no limit
	if q.Limit > 0 {
		limit = int64(q.Limit)
	}
	stmt := s.stmts.messagesAsc
	if q.Reverse {
		stmt = s.stmts.messagesDesc
	}
	rows, err := stmt.QueryContext(ctx, q.ConversationID, clampSeq(q.FromSeq), to, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*chorusv1.Message
	if q.Limit > 0 {
		out = make([]*chorusv1.Message, 0, min(q.Limit, 256))
	}
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// scanMessage reads a row of messageColumns.
func scanMessage(row interface{ Scan(...any) error }) (*chorusv1.Message, error) {
	var (
		m       chorusv1.Message
		seq     int64
		content []byte
	)
	if err := row.Scan(&m.ConversationId, &seq, &m.Id, &m.SenderId, &m.ClientMsgId, &m.ServerTimeMs, &content); err != nil {
		return nil, err
	}
	m.Seq = uint64(seq)
	c, err := decodeContent(content)
	if err != nil {
		return nil, fmt.Errorf("message %d of %q: %w", m.Seq, m.ConversationId, err)
	}
	m.Content = c
	return &m, nil
}

// decodeContent reads a stored chorusv1.Content.
func decodeContent(b []byte) (*chorusv1.Content, error) {
	c := new(chorusv1.Content)
	if err := proto.Unmarshal(b, c); err != nil {
		return nil, fmt.Errorf("decode content: %w", err)
	}
	return c, nil
}

// nullIfEmpty stores "no client message id" as NULL, which the unique
// index never matches.
func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
