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
	insertMentioning *sql.Stmt // insertMessage with mentions
	originalMessage  *sql.Stmt // (client_msg_id, sender) -> message
	moveSender       *sql.Stmt
	moveConversation *sql.Stmt
	insertMentions   *sql.Stmt // (conversation, seq, JSON array of user ids)
	touchMentioned   *sql.Stmt // (version, conversation, JSON array of user ids)
	readVersion      *sql.Stmt
	writeVersion     *sql.Stmt
	touchConv        *sql.Stmt // (version, conversation)
	insertMember     *sql.Stmt
	readPosition     *sql.Stmt
	markRead         *sql.Stmt
	markDelivered    *sql.Stmt
	memberSettings   *sql.Stmt
	groupForUpdate   *sql.Stmt
	addMember        *sql.Stmt
	removeMember     *sql.Stmt
	snapshotLeft     *sql.Stmt // (conversation, JSON array of user ids): what removed members keep
	setRole          *sql.Stmt
	setMute          *sql.Stmt

	// Readers.
	messagesAsc   *sql.Stmt
	messagesDesc  *sql.Stmt
	getMember     *sql.Stmt
	listMembers   *sql.Stmt
	storeVersion  *sql.Stmt
	listActivity  *sql.Stmt
	listVersion   *sql.Stmt
	getEntry      *sql.Stmt
	getGroup      *sql.Stmt
	memberCount   *sql.Stmt
	countReceipts *sql.Stmt

	all []*sql.Stmt
}

// messageColumns are the columns scanMessage reads, in its order.
const messageColumns = `conversation_id, seq, id, sender_id, IFNULL(client_msg_id, ''), server_time_ms, content,
	mention_user_ids, mention_all`

// memberColumns are the columns scanMember reads, in its order.
const memberColumns = `conversation_id, user_id, joined_seq, read_seq, delivered_seq, joined_at_ms,
	left_seq, role, muted_until_ms, pinned, muted`

// groupColumns are the columns scanGroup reads, in its order.
const groupColumns = `id, name, avatar_url, attributes, join_policy, muted, dissolved, owner_id,
	member_count, last_seq, created_at_ms, updated_at_ms`

// countReceiptsQuery counts, for conversation ?1 and seq ?2, the current
// members with joined_seq, read_seq and delivered_seq >= ?2, each one
// range of a partial index: the range at or above ?2 when its flag (?3,
// ?4, ?5) is set, else the one below it, subtracted from the member count
// ?6. CASE runs only the subquery of its branch. See CountReceipts.
const countReceiptsQuery = `SELECT
	CASE WHEN ?3 THEN (SELECT COUNT(*) FROM members WHERE conversation_id = ?1 AND left_seq = 0 AND joined_seq >= ?2)
		ELSE ?6 - (SELECT COUNT(*) FROM members WHERE conversation_id = ?1 AND left_seq = 0 AND joined_seq < ?2) END,
	CASE WHEN ?4 THEN (SELECT COUNT(*) FROM members WHERE conversation_id = ?1 AND left_seq = 0 AND read_seq >= ?2)
		ELSE ?6 - (SELECT COUNT(*) FROM members WHERE conversation_id = ?1 AND left_seq = 0 AND read_seq < ?2) END,
	CASE WHEN ?5 THEN (SELECT COUNT(*) FROM members WHERE conversation_id = ?1 AND left_seq = 0 AND delivered_seq >= ?2)
		ELSE ?6 - (SELECT COUNT(*) FROM members WHERE conversation_id = ?1 AND left_seq = 0 AND delivered_seq < ?2) END`

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
	// The same with mentions. Most messages have none, and binding the two
	// columns anyway costs a tenth of the insert (measured with
	// BenchmarkAppendMessages), so they get their own statement.
	st.insertMentioning = p(write, `INSERT INTO messages
		(conversation_id, seq, id, sender_id, client_msg_id, server_time_ms, content, mention_user_ids, mention_all)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (client_msg_id, sender_id) DO NOTHING`)
	st.originalMessage = p(write, `SELECT `+messageColumns+` FROM messages
		WHERE client_msg_id = ?1 AND sender_id = ?2`)
	st.moveSender = p(write, `UPDATE members
		SET read_seq = MAX(read_seq, ?1), delivered_seq = MAX(delivered_seq, ?1)
		WHERE conversation_id = ?2 AND user_id = ?3`)
	st.moveConversation = p(write, `UPDATE conversations
		SET last_seq = ?1, updated_at_ms = MAX(updated_at_ms, ?2), version = ?3
		WHERE id = ?4`)
	// "WHERE true" keeps SQLite from reading ON CONFLICT as part of the
	// SELECT's join. A user named twice is one row.
	st.insertMentions = p(write, `INSERT INTO mentions (conversation_id, seq, user_id)
		SELECT ?1, ?2, j.value FROM json_each(?3) AS j WHERE true
		ON CONFLICT DO NOTHING`)
	// IN (json_each) is one primary-key lookup per named user; names of
	// non-members find no row, and former members' entries do not move: a
	// mention after they left is not theirs to see.
	st.touchMentioned = p(write, `UPDATE members SET version = ?1
		WHERE conversation_id = ?2 AND user_id IN (SELECT value FROM json_each(?3)) AND left_seq = 0`)
	st.readVersion = p(write, `SELECT version FROM store_version WHERE id = 1`)
	st.writeVersion = p(write, `UPDATE store_version SET version = ?1 WHERE id = 1`)
	st.touchConv = p(write, `UPDATE conversations SET version = ?1 WHERE id = ?2`)
	st.insertMember = p(write, `INSERT INTO members
		(conversation_id, user_id, joined_seq, read_seq, delivered_seq, joined_at_ms, role, version)
		VALUES (?1, ?2, 0, 0, 0, ?3, ?4, ?5)
		ON CONFLICT DO NOTHING`)
	st.readPosition = p(write, `SELECT c.kind, c.last_seq, m.left_seq, m.read_seq, m.delivered_seq
		FROM members AS m JOIN conversations AS c ON c.id = m.conversation_id
		WHERE m.conversation_id = ?1 AND m.user_id = ?2`)
	st.markRead = p(write, `UPDATE members SET read_seq = ?1, delivered_seq = ?2, version = ?3
		WHERE conversation_id = ?4 AND user_id = ?5`)
	// A former member's positions stop at left_seq, a member's at the
	// conversation's last seq.
	st.markDelivered = p(write, `UPDATE members
		SET delivered_seq = MAX(delivered_seq,
			MIN(?1, CASE WHEN left_seq > 0 THEN left_seq ELSE c.last_seq END))
		FROM (SELECT last_seq FROM conversations WHERE id = ?2) AS c
		WHERE conversation_id = ?2 AND user_id = ?3`)
	st.memberSettings = p(write, `UPDATE members
		SET pinned = IFNULL(?1, pinned), muted = IFNULL(?2, muted), version = ?3
		WHERE conversation_id = ?4 AND user_id = ?5`)
	st.groupForUpdate = p(write, `SELECT `+groupColumns+` FROM conversations
		WHERE id = ?1 AND kind = `+kindGroup)
	// Adding is one statement for a new and a former member alike: the
	// upsert's WHERE skips current members, and RowsAffected tells which
	// happened. A former member keeps pinned, muted and muted_until_ms (a
	// mute outlives leaving and rejoining).
	st.addMember = p(write, `INSERT INTO members
		(conversation_id, user_id, joined_seq, read_seq, delivered_seq, joined_at_ms, role, version)
		VALUES (?1, ?2, ?3, ?3, ?3, ?4, ?5, ?6)
		ON CONFLICT (conversation_id, user_id) DO UPDATE SET
			joined_seq = excluded.joined_seq, read_seq = excluded.read_seq,
			delivered_seq = excluded.delivered_seq, joined_at_ms = excluded.joined_at_ms,
			role = excluded.role, version = excluded.version, left_seq = 0, left_at_ms = 0
		WHERE members.left_seq > 0`)
	st.removeMember = p(write, `UPDATE members SET left_seq = ?1, left_at_ms = ?2, version = ?3
		WHERE conversation_id = ?4 AND user_id = ?5 AND left_seq = 0`)
	// One primary-key lookup per removed member, however large the group.
	st.snapshotLeft = p(write, `UPDATE members
		SET left_name = c.name, left_avatar_url = c.avatar_url, left_member_count = c.member_count
		FROM conversations AS c
		WHERE c.id = ?1 AND members.conversation_id = ?1 AND members.user_id IN (SELECT value FROM json_each(?2))`)
	st.setRole = p(write, `UPDATE members SET role = ?1, version = ?2
		WHERE conversation_id = ?3 AND user_id = ?4 AND left_seq = 0`)
	st.setMute = p(write, `UPDATE members SET muted_until_ms = ?1, version = ?2
		WHERE conversation_id = ?3 AND user_id = ?4 AND left_seq = 0`)

	st.messagesAsc = p(read, `SELECT `+messageColumns+` FROM messages
		WHERE conversation_id = ? AND seq BETWEEN ? AND ?
		ORDER BY seq ASC LIMIT ?`)
	st.messagesDesc = p(read, `SELECT `+messageColumns+` FROM messages
		WHERE conversation_id = ? AND seq BETWEEN ? AND ?
		ORDER BY seq DESC LIMIT ?`)
	st.getMember = p(read, `SELECT `+memberColumns+`
		FROM members WHERE conversation_id = ?1 AND user_id = ?2`)
	st.listMembers = p(read, `SELECT `+memberColumns+`
		FROM members WHERE conversation_id = ?1 AND user_id > ?2 AND left_seq = 0
		ORDER BY user_id LIMIT ?3`)
	st.storeVersion = p(read, `SELECT version FROM store_version WHERE id = 1`)
	st.listActivity = p(read, entryQuery(`
		SELECT m.conversation_id FROM members AS m JOIN conversations AS c ON c.id = m.conversation_id
		WHERE m.user_id = ?1 AND (?2 = 0 OR m.pinned < ?3 OR (m.pinned = ?3 AND
			(`+entryActivity+` < ?4 OR (`+entryActivity+` = ?4 AND c.id > ?5))))
		ORDER BY m.pinned DESC, `+entryActivity+` DESC, c.id ASC LIMIT ?6`,
		`m.pinned DESC, `+entryActivity+` DESC, c.id ASC`))
	st.listVersion = p(read, entryQuery(`
		SELECT m.conversation_id FROM members AS m JOIN conversations AS c ON c.id = m.conversation_id
		WHERE m.user_id = ?1 AND `+entryVersion+` > ?2
		ORDER BY `+entryVersion+` ASC LIMIT ?3`,
		entryVersion+` ASC`))
	st.getEntry = p(read, entryQuery(`SELECT ?2`, `c.id`))
	st.getGroup = p(read, `SELECT `+groupColumns+` FROM conversations
		WHERE id = ?1 AND kind = `+kindGroup)
	st.memberCount = p(read, `SELECT member_count FROM conversations WHERE id = ?1`)
	st.countReceipts = p(read, countReceiptsQuery)

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
