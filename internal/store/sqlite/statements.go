package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// statements are the store's prepared statements. Those on the writer are
// used inside transactions through tx.StmtContext, which reuses the
// statement already prepared on the writer's one connection instead of
// compiling it again: on the send path that is most of the cost of a small
// statement.
type statements struct {
	// Writer.
	lastSeqs         *sql.Stmt // JSON array of conversation ids -> (id, last_seq) of those that exist
	insertMessage    *sql.Stmt
	originalMessage  *sql.Stmt // (client_msg_id, sender) -> message
	moveSender       *sql.Stmt
	moveConversation *sql.Stmt
	markRead         *sql.Stmt
	markDelivered    *sql.Stmt

	// Readers.
	messagesAsc       *sql.Stmt
	messagesDesc      *sql.Stmt
	listConversations *sql.Stmt
	getMember         *sql.Stmt

	all []*sql.Stmt
}

// messageColumns are the columns scanMessage reads, in its order.
const messageColumns = `conversation_id, seq, id, sender_id, IFNULL(client_msg_id, ''), server_time_ms, content`

// prepare prepares every statement, the writer's on write and the readers'
// on read.
func (st *statements) prepare(ctx context.Context, write, read *sql.DB) error {
	var errs []error
	p := func(db *sql.DB, query string) *sql.Stmt {
		s, err := db.PrepareContext(ctx, query)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", query, err))
			return nil
		}
		st.all = append(st.all, s)
		return s
	}

	// The ids come as one JSON array (see jsonStrings): one statement
	// reads the whole batch's conversations, each by primary key. Measured
	// against one SELECT per conversation it takes half the time. (The
	// same trick for the UPDATEs below is slower than one prepared UPDATE
	// per row: UPDATE ... FROM materialises the join first.)
	st.lastSeqs = p(write, `SELECT c.id, c.last_seq
		FROM json_each(?1) AS j JOIN conversations AS c ON c.id = j.value`)
	// The conflict target names only the idempotency key: a duplicate is
	// skipped silently, while a clash on (conversation_id, seq) stays an
	// error, because it would mean two writers assigned the same seq.
	st.insertMessage = p(write, `INSERT INTO messages
		(conversation_id, seq, id, sender_id, client_msg_id, server_time_ms, content)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (client_msg_id, sender_id) DO NOTHING`)
	st.originalMessage = p(write, `SELECT `+messageColumns+` FROM messages
		WHERE client_msg_id = ?1 AND sender_id = ?2`)
	st.moveSender = p(write, `UPDATE members
		SET read_seq = MAX(read_seq, ?1), delivered_seq = MAX(delivered_seq, ?1)
		WHERE conversation_id = ?2 AND user_id = ?3`)
	st.moveConversation = p(write, `UPDATE conversations
		SET last_seq = ?1, updated_at_ms = MAX(updated_at_ms, ?2)
		WHERE id = ?3`)
	// One statement, so MarkRead is one implicit transaction. The new read
	// position is MAX(read_seq, MIN(?, last_seq)); SET sees the old values
	// in every expression, so delivered_seq repeats it. RETURNING may not
	// name the FROM table, hence the subquery.
	st.markRead = p(write, `UPDATE members
		SET read_seq = MAX(read_seq, MIN(?1, c.last_seq)),
		    delivered_seq = MAX(delivered_seq, read_seq, MIN(?1, c.last_seq))
		FROM (SELECT last_seq FROM conversations WHERE id = ?2) AS c
		WHERE conversation_id = ?2 AND user_id = ?3
		RETURNING (SELECT last_seq FROM conversations WHERE id = ?2), read_seq, delivered_seq`)
	st.markDelivered = p(write, `UPDATE members
		SET delivered_seq = MAX(delivered_seq, MIN(?1, c.last_seq))
		FROM (SELECT last_seq FROM conversations WHERE id = ?2) AS c
		WHERE conversation_id = ?2 AND user_id = ?3`)

	st.messagesAsc = p(read, `SELECT `+messageColumns+` FROM messages
		WHERE conversation_id = ? AND seq BETWEEN ? AND ?
		ORDER BY seq ASC LIMIT ?`)
	st.messagesDesc = p(read, `SELECT `+messageColumns+` FROM messages
		WHERE conversation_id = ? AND seq BETWEEN ? AND ?
		ORDER BY seq DESC LIMIT ?`)
	// The last message is the one at last_seq; the LEFT JOIN leaves its
	// columns NULL when there is none (last_seq 0). It is shown only when
	// the user may see it: messages up to joined_seq came before they
	// joined.
	st.listConversations = p(read, `SELECT
			c.id, c.kind, c.last_seq, c.updated_at_ms, m.read_seq, m.delivered_seq,
			msg.id, msg.sender_id, IFNULL(msg.client_msg_id, ''), msg.server_time_ms, msg.content
		FROM members AS m
		JOIN conversations AS c ON c.id = m.conversation_id
		LEFT JOIN messages AS msg
			ON msg.conversation_id = c.id AND msg.seq = c.last_seq AND c.last_seq > m.joined_seq
		WHERE m.user_id = ?
		ORDER BY c.updated_at_ms DESC, c.id ASC`)
	st.getMember = p(read, `SELECT joined_seq, read_seq, delivered_seq, joined_at_ms
		FROM members WHERE conversation_id = ? AND user_id = ?`)

	if len(errs) > 0 {
		st.close()
		return errors.Join(errs...)
	}
	return nil
}

// close closes every prepared statement.
func (st *statements) close() {
	for _, s := range st.all {
		s.Close()
	}
	st.all = nil
}
