package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
)

// The kinds that queries name, as SQL literals.
var (
	kindDirect = strconv.Itoa(int(chorusv1.ConversationKind_CONVERSATION_KIND_DIRECT))
	kindGroup  = strconv.Itoa(int(chorusv1.ConversationKind_CONVERSATION_KIND_GROUP))
)

// Expressions of an entry (a member row m of conversation c), shared by the
// queries that select entries and the query that returns them, so that
// they cannot disagree on what the order and the cursor mean.
const (
	// entryLast is the last seq the member may see: a former member's
	// conversation ends at their left_seq.
	entryLast = `(CASE WHEN m.left_seq > 0 THEN m.left_seq ELSE c.last_seq END)`
	// entryActivity orders the list; a former member's entry stays where
	// it was when they left.
	entryActivity = `(CASE WHEN m.left_seq > 0 THEN m.left_at_ms ELSE c.updated_at_ms END)`
	// entryVersion: a former member's entry no longer follows the
	// conversation, so their syncs stop returning it once they left.
	entryVersion = `(CASE WHEN m.left_seq > 0 THEN m.version ELSE MAX(c.version, m.version) END)`
	// entryGroup is the group's name, avatar, member count and dissolved
	// flag as the member sees them: a former member keeps what the group
	// was when they left (a group cannot be dissolved and then left).
	entryGroup = `CASE WHEN m.left_seq > 0 THEN m.left_name ELSE c.name END,
		CASE WHEN m.left_seq > 0 THEN m.left_avatar_url ELSE c.avatar_url END,
		CASE WHEN m.left_seq > 0 THEN m.left_member_count ELSE c.member_count END,
		CASE WHEN m.left_seq > 0 THEN 0 ELSE c.dissolved END`
)

// entryPeer is column col of the peer's member row in a direct
// conversation, NULL in others. The CASE keeps the lookup, "the member who
// is not me", from ever running in a group, where it would walk the
// members until one matched.
func entryPeer(col string) string {
	return `(CASE WHEN c.kind = ` + kindDirect + ` THEN (SELECT peer.` + col + ` FROM members AS peer
		WHERE peer.conversation_id = c.id AND peer.user_id <> m.user_id LIMIT 1) END)`
}

// entryQuery returns the query of the entries of user ?1 whose
// conversation ids page selects, in order. page is a subquery over members
// m JOIN conversations c of its own (its aliases shadow the outer ones), so
// that it can sort and cut the user's whole list on cheap columns and the
// costly ones (the last message, the mention count) are computed only for
// the page.
//
// The mention count is two ranges of the mentions primary key: the user's
// rows and the '*' rows after their read and joined positions, up to what
// they may see.
func entryQuery(page, order string) string {
	return `SELECT c.id, c.kind, ` + entryGroup + `,
			m.role, m.joined_seq, m.read_seq, m.delivered_seq, m.left_seq, m.pinned, m.muted,
			` + entryLast + `, ` + entryActivity + `, ` + entryVersion + `,
			` + entryPeer("read_seq") + `, ` + entryPeer("delivered_seq") + `,
			(SELECT COUNT(*) FROM mentions AS mt
				WHERE mt.conversation_id = c.id AND mt.user_id IN (m.user_id, '` + everyone + `')
				AND mt.seq > MAX(m.read_seq, m.joined_seq) AND mt.seq <= ` + entryLast + `),
			msg.id, msg.sender_id, IFNULL(msg.client_msg_id, ''), msg.server_time_ms, msg.content,
			msg.mention_user_ids, msg.mention_all
		FROM members AS m
		JOIN conversations AS c ON c.id = m.conversation_id
		LEFT JOIN messages AS msg
			ON msg.conversation_id = c.id AND msg.seq = ` + entryLast + ` AND msg.seq > m.joined_seq
		WHERE m.user_id = ?1 AND m.conversation_id IN (` + page + `)
		ORDER BY ` + order
}

// ListConversations implements im.Store. The store version and the entries
// are read in one read transaction, so from one WAL snapshot: every change
// up to the page's version is in the page, none after it.
//
// Both orders sort the user's whole list (one row per conversation, read
// through members_user_id) before cutting the page; that is linear in the
// number of conversations a user has, not in their sizes.
func (s *Store) ListConversations(ctx context.Context, userID string, q im.ConversationQuery) (*im.ConversationPage, error) {
	page, err := s.listConversations(ctx, userID, q)
	if err != nil {
		return nil, s.fail(ctx, "list conversations", err)
	}
	return page, nil
}

func (s *Store) listConversations(ctx context.Context, userID string, q im.ConversationQuery) (*im.ConversationPage, error) {
	tx, err := s.read.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var version int64
	if err := tx.StmtContext(ctx, s.stmts.storeVersion).QueryRowContext(ctx).Scan(&version); err != nil {
		return nil, err
	}
	limit := int64(-1) // SQLite: no limit
	if q.Limit > 0 {
		limit = int64(q.Limit)
	}
	var rows *sql.Rows
	if q.ByVersion {
		rows, err = tx.StmtContext(ctx, s.stmts.listVersion).QueryContext(ctx, userID, clampSeq(q.SinceVersion), limit)
	} else {
		var after, pinned int
		var activity int64
		var id string
		if c := q.After; c != nil {
			after, activity, id = 1, c.UpdatedAtMs, c.ID
			if c.Pinned {
				pinned = 1
			}
		}
		rows, err = tx.StmtContext(ctx, s.stmts.listActivity).QueryContext(ctx, userID, after, pinned, activity, id, limit)
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := &im.ConversationPage{Version: uint64(version)}
	for rows.Next() {
		c, err := scanEntry(rows, userID)
		if err != nil {
			return nil, err
		}
		out.Conversations = append(out.Conversations, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// GetUserConversation implements im.Store. A former member gets their
// entry too (with Left set), as in their list.
func (s *Store) GetUserConversation(ctx context.Context, userID, conversationID string) (*chorusv1.Conversation, error) {
	c, err := scanEntry(s.stmts.getEntry.QueryRowContext(ctx, userID, conversationID), userID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notMember(conversationID)
	}
	if err != nil {
		return nil, s.fail(ctx, "get user conversation", err)
	}
	return c, nil
}

// scanEntry reads a row of entryQuery as userID's entry.
func scanEntry(row interface{ Scan(...any) error }, userID string) (*chorusv1.Conversation, error) {
	var (
		c                                        chorusv1.Conversation
		kind, memberCount, role                  int64
		joined, read, deliv, left, last, version int64
		mentions                                 int64
		peerRead, peerDeliv, msgID, msgTime      sql.NullInt64
		msgSender, msgClientMsgID, msgMentionIDs sql.NullString
		msgMentionAll                            sql.NullBool
		content                                  []byte
		name, avatar                             string
		dissolved                                bool
	)
	if err := row.Scan(&c.Id, &kind, &name, &avatar, &memberCount, &dissolved,
		&role, &joined, &read, &deliv, &left, &c.Pinned, &c.Muted,
		&last, &c.UpdatedAtMs, &version,
		&peerRead, &peerDeliv, &mentions,
		&msgID, &msgSender, &msgClientMsgID, &msgTime, &content, &msgMentionIDs, &msgMentionAll); err != nil {
		return nil, err
	}
	c.Kind = chorusv1.ConversationKind(kind)
	c.LastSeq, c.ReadSeq, c.DeliveredSeq = uint64(last), uint64(read), uint64(deliv)
	c.UnreadCount = im.Position{LastSeq: c.LastSeq, ReadSeq: c.ReadSeq}.Unread()
	c.MentionCount = uint64(mentions)
	c.Version = uint64(version)
	c.Left = left > 0
	switch c.Kind {
	case chorusv1.ConversationKind_CONVERSATION_KIND_DIRECT:
		// A malformed id only costs the peer, not the whole list.
		if p, err := im.ParseConversationID(c.Id); err == nil {
			c.PeerUserId = p.Peer(userID)
		}
		c.PeerReadSeq, c.PeerDeliveredSeq = uint64(peerRead.Int64), uint64(peerDeliv.Int64)
	case chorusv1.ConversationKind_CONVERSATION_KIND_GROUP:
		c.Name, c.AvatarUrl, c.Dissolved = name, avatar, dissolved
		c.MemberCount = uint32(min(max(memberCount, 0), 1<<32-1))
		c.Role = chorusv1.GroupRole(role)
	}
	if msgID.Valid {
		m := &chorusv1.Message{
			Id:             msgID.Int64,
			ConversationId: c.Id,
			Seq:            c.LastSeq,
			SenderId:       msgSender.String,
			ClientMsgId:    msgClientMsgID.String,
			ServerTimeMs:   msgTime.Int64,
			MentionAll:     msgMentionAll.Bool,
		}
		if err := decodeMessage(m, content, msgMentionIDs); err != nil {
			return nil, err
		}
		c.LastMessage = m
	}
	return &c, nil
}
