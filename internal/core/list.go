package core

import (
	"context"
	"encoding/base64"
	"strconv"
	"strings"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
)

const (
	defaultListLimit = 50
	maxListLimit     = 200
	defaultSyncLimit = 100
	maxSyncLimit     = 500
	maxReceiptSeqs   = 100
	// maxLargeGroupReceiptSeqs bounds a receipts request in a group over
	// MaxReadersGroupSize: each seq is counted by walking an index of up
	// to half the group.
	maxLargeGroupReceiptSeqs = 20
	// maxReaderBytes keeps a receipts reply well inside a connection's
	// write budget: 100 messages with 500 readers of 64-byte ids would be
	// over 3 MB. Past it, the remaining receipts carry counts only.
	maxReaderBytes = 256 << 10
)

// ListConversations reads one page of user's conversation list: pinned
// entries first, then by last activity.
func (c *Core) ListConversations(ctx context.Context, user string, req *chorusv1.ListConversationsRequest) (*chorusv1.ListConversationsResult, error) {
	if !im.ValidID(user) {
		return nil, errInvalid("user id is not valid")
	}
	limit := pageLimit(req.GetLimit(), defaultListLimit, maxListLimit)
	q := im.ConversationQuery{Limit: limit + 1}
	if cur := req.GetCursor(); cur != "" {
		after, err := decodeCursor(cur)
		if err != nil {
			return nil, err
		}
		q.After = after
	}
	page, err := c.store.ListConversations(ctx, user, q)
	if err != nil {
		return nil, err
	}
	res := &chorusv1.ListConversationsResult{Conversations: page.Conversations, Version: page.Version}
	if len(res.Conversations) > limit {
		res.Conversations = res.Conversations[:limit]
		res.NextCursor = encodeCursor(res.Conversations[limit-1])
	}
	return res, nil
}

// SyncConversations reads user's entries changed after req.SinceVersion,
// oldest change first.
func (c *Core) SyncConversations(ctx context.Context, user string, req *chorusv1.SyncConversationsRequest) (*chorusv1.SyncConversationsResult, error) {
	if !im.ValidID(user) {
		return nil, errInvalid("user id is not valid")
	}
	limit := pageLimit(req.GetLimit(), defaultSyncLimit, maxSyncLimit)
	q := im.ConversationQuery{ByVersion: true, SinceVersion: req.GetSinceVersion(), Limit: limit + 1}
	page, err := c.store.ListConversations(ctx, user, q)
	if err != nil {
		return nil, err
	}
	convs := page.Conversations
	if len(convs) <= limit {
		return &chorusv1.SyncConversationsResult{Conversations: convs, Version: page.Version}, nil
	}
	// The next page starts after the last entry's version, so a page must
	// not end between entries of one version. Drop the tail that shares
	// the first left-out entry's version; should that be the whole page,
	// read every entry of that version instead.
	v := convs[limit].GetVersion()
	n := limit
	for n > 0 && convs[n-1].GetVersion() == v {
		n--
	}
	if n == 0 {
		q.Limit = 0
		if page, err = c.store.ListConversations(ctx, user, q); err != nil {
			return nil, err
		}
		return &chorusv1.SyncConversationsResult{Conversations: page.Conversations, Version: page.Version}, nil
	}
	return &chorusv1.SyncConversationsResult{Conversations: convs[:n], Version: convs[n-1].GetVersion(), HasMore: true}, nil
}

// UpdateConversationSettings changes user's pinned and muted settings of a
// conversation and pushes the new entry to user's other sessions (all but
// origin).
func (c *Core) UpdateConversationSettings(ctx context.Context, user string, req *chorusv1.ConversationSettingsRequest, origin uint64) (*chorusv1.ConversationSettingsResult, error) {
	if !im.ValidID(user) {
		return nil, errInvalid("user id is not valid")
	}
	if req == nil || (req.Pinned == nil && req.Muted == nil) {
		return nil, errInvalid("nothing to change: set pinned or muted")
	}
	id := req.GetConversationId()
	p, err := im.ParseConversationID(id)
	if err != nil {
		return nil, err
	}
	if _, _, err := c.mayRead(ctx, user, id, p); err != nil {
		return nil, err
	}
	// A direct conversation may not have had a message yet.
	if p.Kind != chorusv1.ConversationKind_CONVERSATION_KIND_GROUP {
		if _, err := c.conversation(ctx, id, p); err != nil {
			return nil, err
		}
	}
	if err := c.store.UpdateMemberSettings(ctx, id, user, im.MemberSettings{Pinned: req.Pinned, Muted: req.Muted}); err != nil {
		return nil, err
	}
	entry, err := c.store.GetUserConversation(ctx, user, id)
	if err != nil {
		return nil, err
	}
	c.push.Push([]string{user}, &chorusv1.Frame{Body: &chorusv1.Frame_ConversationUpdate{
		ConversationUpdate: &chorusv1.ConversationUpdate{Conversation: entry},
	}}, origin)
	return &chorusv1.ConversationSettingsResult{Conversation: entry}, nil
}

// GetReceipts counts, for messages of a conversation, the members other
// than the sender who read and received them, and lists the readers in
// direct conversations and groups of up to MaxReadersGroupSize members.
// Seqs before the reader joined, or with no message, are left out. Only
// current members may ask; user "" reads as the system.
func (c *Core) GetReceipts(ctx context.Context, user string, req *chorusv1.GetReceiptsRequest) (*chorusv1.GetReceiptsResult, error) {
	id := req.GetConversationId()
	p, err := im.ParseConversationID(id)
	if err != nil {
		return nil, err
	}
	if len(req.GetSeqs()) == 0 || len(req.GetSeqs()) > maxReceiptSeqs {
		return nil, errInvalid("name 1 to %d seqs", maxReceiptSeqs)
	}
	after, upTo, err := c.mayRead(ctx, user, id, p)
	if err != nil {
		return nil, err
	}
	if upTo > 0 {
		// A former member reads what they had, not who reads it now.
		return nil, errNotMember(id)
	}
	// Receipts of a conversation that does not exist are an error, not
	// an empty answer. mayRead passes the system, and direct conversations
	// by their id alone; a group member was found in the store.
	if user == "" || p.Kind != chorusv1.ConversationKind_CONVERSATION_KIND_GROUP {
		if _, err := c.store.GetConversation(ctx, id); err != nil {
			return nil, err
		}
	}
	// Small conversations: every member's position, so readers can be
	// listed. Large groups: counts from the store, one query per seq,
	// so fewer seqs per request.
	members, err := c.store.ListMembers(ctx, id, "", c.cfg.MaxReadersGroupSize+1)
	if err != nil {
		return nil, err
	}
	large := len(members) > c.cfg.MaxReadersGroupSize
	if large && len(req.GetSeqs()) > maxLargeGroupReceiptSeqs {
		return nil, errInvalid("groups over %d members: name at most %d seqs", c.cfg.MaxReadersGroupSize, maxLargeGroupReceiptSeqs)
	}
	var msgs []*chorusv1.Message
	seen := make(map[uint64]bool, len(req.GetSeqs()))
	for _, seq := range req.GetSeqs() {
		if seq <= after || (upTo > 0 && seq > upTo) || seen[seq] {
			continue
		}
		seen[seq] = true
		m, err := c.store.ListMessages(ctx, im.MessageQuery{ConversationID: id, FromSeq: seq, ToSeq: seq, Limit: 1})
		if err != nil {
			return nil, err
		}
		if len(m) == 1 {
			msgs = append(msgs, m[0])
		}
	}
	res := &chorusv1.GetReceiptsResult{}
	if len(msgs) == 0 {
		return res, nil
	}
	if !large {
		size := 0
		for _, m := range msgs {
			r := listReceipt(m, members)
			for _, u := range r.ReadBy {
				size += len(u) + 2
			}
			if size > maxReaderBytes {
				r.ReadBy, r.ReadersListed = nil, false
			}
			res.Receipts = append(res.Receipts, r)
		}
		return res, nil
	}
	seqs := make([]uint64, len(msgs))
	for i, m := range msgs {
		seqs[i] = m.GetSeq()
	}
	counts, err := c.store.CountReceipts(ctx, id, seqs)
	if err != nil {
		return nil, err
	}
	senders := make(map[string]*im.Member)
	for i, m := range msgs {
		r := &chorusv1.MessageReceipt{
			Seq:            m.GetSeq(),
			SenderId:       m.GetSenderId(),
			MemberCount:    uint32(counts[i].Members),
			ReadCount:      uint32(counts[i].Read),
			DeliveredCount: uint32(counts[i].Delivered),
		}
		// The counts include the sender when they are still a member who
		// joined before their message; the receipt is about the others.
		if s := m.GetSenderId(); s != "" {
			sm, ok := senders[s]
			if !ok {
				sm, err = c.store.GetMember(ctx, id, s)
				if err != nil && !im.IsCode(err, chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER) {
					return nil, err
				}
				senders[s] = sm
			}
			if sm != nil && sm.LeftSeq == 0 && sm.JoinedSeq < m.GetSeq() {
				r.MemberCount = sub1(r.MemberCount)
				r.ReadCount = sub1(r.ReadCount)
				r.DeliveredCount = sub1(r.DeliveredCount)
			}
		}
		res.Receipts = append(res.Receipts, r)
	}
	return res, nil
}

// listReceipt builds the receipt of m from every member's position.
func listReceipt(m *chorusv1.Message, members []*im.Member) *chorusv1.MessageReceipt {
	r := &chorusv1.MessageReceipt{Seq: m.GetSeq(), SenderId: m.GetSenderId(), ReadersListed: true}
	for _, mb := range members {
		if mb.UserID == m.GetSenderId() || mb.JoinedSeq >= m.GetSeq() {
			continue
		}
		r.MemberCount++
		if mb.DeliveredSeq >= m.GetSeq() {
			r.DeliveredCount++
		}
		if mb.ReadSeq >= m.GetSeq() {
			r.ReadCount++
			r.ReadBy = append(r.ReadBy, mb.UserID)
		}
	}
	return r
}

func sub1(n uint32) uint32 {
	if n == 0 {
		return 0
	}
	return n - 1
}

func pageLimit(asked uint32, def, most int) int {
	switch {
	case asked == 0:
		return def
	case int(asked) > most:
		return most
	}
	return int(asked)
}

// Cursors of the conversation list are opaque to clients: the last
// entry's place in the order, "<pinned 0|1>.<updated ms>.<id>", in
// base64url.
func encodeCursor(c *chorusv1.Conversation) string {
	pinned := "0"
	if c.GetPinned() {
		pinned = "1"
	}
	raw := pinned + "." + strconv.FormatInt(c.GetUpdatedAtMs(), 10) + "." + c.GetId()
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

func decodeCursor(s string) (*im.ConversationCursor, error) {
	bad := errInvalid("cursor is not one this server returned")
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, bad
	}
	parts := strings.SplitN(string(raw), ".", 3)
	if len(parts) != 3 || (parts[0] != "0" && parts[0] != "1") {
		return nil, bad
	}
	ms, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return nil, bad
	}
	if _, err := im.ParseConversationID(parts[2]); err != nil {
		return nil, bad
	}
	return &im.ConversationCursor{Pinned: parts[0] == "1", UpdatedAtMs: ms, ID: parts[2]}, nil
}
