package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
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
// What a message costs does not depend on the size of its conversation:
// the conversation row takes the new last seq and version for all of its
// members at once; only members mentioned by id get a write of their own
// (their version).
//
// The input messages are not modified. A result's Message is a new value
// sharing the input's Content and mention ids, which must not be changed
// afterwards.
func (s *Store) AppendMessages(ctx context.Context, msgs []*chorusv1.Message) ([]im.AppendResult, error) {
	if len(msgs) == 0 {
		return nil, nil
	}
	// Encode outside the transaction: the writer is the bottleneck, so
	// everything that can happen before BEGIN does.
	batch, err := prepareMessages(msgs)
	if err != nil {
		return nil, fmt.Errorf("sqlite: append messages: %w", err)
	}
	res, err := s.appendMessages(ctx, batch)
	if err != nil {
		return nil, s.fail(ctx, "append messages", err)
	}
	return res, nil
}

func (s *Store) appendMessages(ctx context.Context, batch []pendingMessage) ([]im.AppendResult, error) {
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
	vs := s.newVersions(sctx, tx)
	res, err := s.appendTx(ctx, tx, vs, batch, true)
	if err != nil {
		return nil, err
	}
	if err := vs.flush(sctx); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return res, nil
}

// pendingMessage is a message ready for the writer: its content encoded and
// its mentions in the form the statements take.
type pendingMessage struct {
	msg     *chorusv1.Message
	content []byte
	// ids is mention_user_ids as a JSON array, nil when there are none;
	// mentioned is the users whose mention rows it gets, as a JSON array
	// (["*"] alone when it mentions everyone), nil when none.
	ids, mentioned any
}

// prepareMessages encodes msgs for appendTx.
func prepareMessages(msgs []*chorusv1.Message) ([]pendingMessage, error) {
	out := make([]pendingMessage, len(msgs))
	for i, m := range msgs {
		if m == nil {
			return nil, im.Errorf(chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT, "message %d of the batch is nil", i)
		}
		b, err := proto.Marshal(m.GetContent())
		if err != nil {
			return nil, fmt.Errorf("encode content of message %d: %w", m.Id, err)
		}
		if b == nil {
			b = []byte{} // the column is NOT NULL; an empty Content is zero bytes
		}
		p := pendingMessage{msg: m, content: b}
		if len(m.MentionUserIds) > 0 {
			ids := jsonStrings(m.MentionUserIds)
			p.ids, p.mentioned = ids, ids
		}
		if m.MentionAll {
			p.mentioned = everyoneJSON
		}
		out[i] = p
	}
	return out, nil
}

// everyone is the user id of a mention of everyone in the mentions table;
// user ids cannot contain '*'.
const (
	everyone     = "*"
	everyoneJSON = `["*"]`
)

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

// appendTx stores batch in tx, the body of AppendMessages, which group
// changes share to store their events. With dedupe false (an event), a
// message whose client_msg_id its sender already used is an error, not a
// duplicate: the unique index stays the one authority on client ids.
// Versions of the conversations and mentioned members come from vs; the
// caller flushes vs and commits.
func (s *Store) appendTx(ctx context.Context, tx *sql.Tx, vs *versions, batch []pendingMessage, dedupe bool) ([]im.AppendResult, error) {
	// The batch's conversations, in first-seen order so that writes are
	// deterministic. Each is missing until the database says otherwise.
	convs := make(map[string]*convState)
	var order []*convState
	var ids []string
	for _, p := range batch {
		if convs[p.msg.ConversationId] == nil {
			cs := &convState{id: p.msg.ConversationId, missing: true}
			convs[cs.id] = cs
			order = append(order, cs)
			ids = append(ids, cs.id)
		}
	}

	// See appendMessages on running the statements without cancellation.
	sctx := context.WithoutCancel(ctx)
	if err := readLastSeqs(sctx, tx.StmtContext(sctx, s.stmts.lastSeqs), ids, convs); err != nil {
		return nil, err
	}
	insert := tx.StmtContext(sctx, s.stmts.insertMessage)
	original := tx.StmtContext(sctx, s.stmts.originalMessage)
	var insertMentioning, insertMentions, touchMentioned *sql.Stmt // on the first mention

	results := make([]im.AppendResult, len(batch))
	var moves []senderMove
	moveIndex := make(map[[2]string]int)
	for i, p := range batch {
		m := p.msg
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		cs := convs[m.ConversationId]
		if cs.missing {
			// Still a retry of a message stored elsewhere? Then the
			// contract says: return the original, store nothing.
			var orig *chorusv1.Message
			if dedupe {
				var err error
				if orig, err = findOriginal(sctx, original, m); err != nil {
					return nil, err
				}
			}
			if orig == nil {
				return nil, conversationNotFound(m.ConversationId)
			}
			results[i] = im.AppendResult{Message: orig, Duplicate: true}
			continue
		}

		seq := cs.lastSeq + 1
		var r sql.Result
		var err error
		if p.mentioned == nil {
			r, err = insert.ExecContext(sctx, m.ConversationId, int64(seq), m.Id, m.SenderId,
				nullIfEmpty(m.ClientMsgId), m.ServerTimeMs, p.content)
		} else {
			if insertMentioning == nil {
				insertMentioning = tx.StmtContext(sctx, s.stmts.insertMentioning)
				insertMentions = tx.StmtContext(sctx, s.stmts.insertMentions)
				touchMentioned = tx.StmtContext(sctx, s.stmts.touchMentioned)
			}
			r, err = insertMentioning.ExecContext(sctx, m.ConversationId, int64(seq), m.Id, m.SenderId,
				nullIfEmpty(m.ClientMsgId), m.ServerTimeMs, p.content, p.ids, m.MentionAll)
		}
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
			if !dedupe {
				return nil, fmt.Errorf("message %d: its sender already used client_msg_id %q", m.Id, clip(m.ClientMsgId))
			}
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

		if p.mentioned != nil {
			if _, err := insertMentions.ExecContext(sctx, m.ConversationId, int64(seq), p.mentioned); err != nil {
				return nil, err
			}
			if p.ids != nil {
				v, err := vs.of(sctx, m.ConversationId)
				if err != nil {
					return nil, err
				}
				if _, err := touchMentioned.ExecContext(sctx, int64(v), m.ConversationId, p.ids); err != nil {
					return nil, err
				}
			}
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
			MentionUserIds: m.MentionUserIds,
			MentionAll:     m.MentionAll,
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
		v, err := vs.of(sctx, cs.id)
		if err != nil {
			return nil, err
		}
		if _, err := moveConv.ExecContext(sctx, int64(cs.lastSeq), cs.timeMs, int64(v), cs.id); err != nil {
			return nil, err
		}
	}
	return results, nil
}

// prepareEvent encodes the event of a group change to conversationID for
// appendEvent; the event goes where the change goes, whatever it names.
// No event is a nil batch.
func prepareEvent(conversationID string, event *chorusv1.Message) ([]pendingMessage, error) {
	if event == nil {
		return nil, nil
	}
	if event.ConversationId != conversationID {
		event = proto.CloneOf(event)
		event.ConversationId = conversationID
	}
	return prepareMessages([]*chorusv1.Message{event})
}

// appendEvent stores the event of a group change (from prepareEvent) in
// tx, as AppendMessages would without the idempotency check, and returns
// the stored event, or nil when there is none.
func (s *Store) appendEvent(ctx context.Context, tx *sql.Tx, vs *versions, event []pendingMessage) (*chorusv1.Message, error) {
	if len(event) == 0 {
		return nil, nil
	}
	res, err := s.appendTx(ctx, tx, vs, event, false)
	if err != nil {
		return nil, err
	}
	return res[0].Message, nil
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
		m        chorusv1.Message
		seq      int64
		content  []byte
		mentions sql.NullString
	)
	if err := row.Scan(&m.ConversationId, &seq, &m.Id, &m.SenderId, &m.ClientMsgId, &m.ServerTimeMs, &content,
		&mentions, &m.MentionAll); err != nil {
		return nil, err
	}
	m.Seq = uint64(seq)
	if err := decodeMessage(&m, content, mentions); err != nil {
		return nil, err
	}
	return &m, nil
}

// decodeMessage fills m's content and mention ids from their stored forms.
// The ids were written by jsonStrings; encoding/json gives them back as
// they were sent as long as they are valid UTF-8, which user ids are.
func decodeMessage(m *chorusv1.Message, content []byte, mentions sql.NullString) error {
	c, err := decodeContent(content)
	if err != nil {
		return fmt.Errorf("message %d of %q: %w", m.Seq, m.ConversationId, err)
	}
	m.Content = c
	if mentions.Valid {
		if err := json.Unmarshal([]byte(mentions.String), &m.MentionUserIds); err != nil {
			return fmt.Errorf("message %d of %q: decode mentions: %w", m.Seq, m.ConversationId, err)
		}
	}
	return nil
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
