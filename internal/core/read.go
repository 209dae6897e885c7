package core

import (
	"context"

	"google.golang.org/protobuf/proto"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
)

const (
	defaultPullLimit = 50
	maxPullLimit     = 200
	// maxPullBytes keeps one page well inside a connection's write budget
	// (gateway.write_queue_bytes, 1 MiB by default): 200 messages of the
	// largest content would be over 6 MiB.
	maxPullBytes = 512 << 10
)

// Pull reads a range of a conversation's messages for user, who must be a
// member. An empty user reads as the system (the server API), which may
// read any conversation.
func (c *Core) Pull(ctx context.Context, user string, req *chorusv1.PullMessagesRequest) (*chorusv1.PullMessagesResult, error) {
	id := req.GetConversationId()
	p, err := im.ParseConversationID(id)
	if err != nil {
		return nil, err
	}
	after, upTo, err := c.mayRead(ctx, user, id, p)
	if err != nil {
		return nil, err
	}
	if req.GetToSeq() != 0 && req.GetToSeq() < req.GetFromSeq() {
		return nil, errInvalid("to_seq %d is below from_seq %d", req.GetToSeq(), req.GetFromSeq())
	}
	// A group member reads what came after they joined and, once they
	// left, up to their removal.
	from, to := max(req.GetFromSeq(), after+1), req.GetToSeq()
	if upTo > 0 && (to == 0 || to > upTo) {
		to = upTo
	}
	res := &chorusv1.PullMessagesResult{ConversationId: id}
	if to != 0 && to < from {
		return res, nil
	}
	limit := int(req.GetLimit())
	switch {
	case limit == 0:
		limit = defaultPullLimit
	case limit > maxPullLimit:
		limit = maxPullLimit
	}
	// One more than asked tells whether the range holds more.
	msgs, err := c.store.ListMessages(ctx, im.MessageQuery{
		ConversationID: id,
		FromSeq:        from,
		ToSeq:          to,
		Limit:          limit + 1,
		Reverse:        req.GetReverse(),
	})
	if err != nil {
		return nil, err
	}
	if len(msgs) > limit {
		msgs, res.HasMore = msgs[:limit], true
	}
	size := 0
	for i, m := range msgs {
		if size += proto.Size(m); size > maxPullBytes && i > 0 {
			msgs, res.HasMore = msgs[:i], true
			break
		}
	}
	res.Messages = msgs
	return res, nil
}

// MarkRead moves user's read position in a conversation up to seq. The new
// position is pushed to user's other sessions (all but origin) and, in a
// direct conversation, to the peer.
func (c *Core) MarkRead(ctx context.Context, user, conversationID string, seq uint64, origin uint64) (*chorusv1.ReadMarkResult, error) {
	p, err := im.ParseConversationID(conversationID)
	if err != nil {
		return nil, err
	}
	if _, _, err := c.mayRead(ctx, user, conversationID, p); err != nil {
		return nil, err
	}
	pos, err := c.store.MarkRead(ctx, conversationID, user, seq)
	if err != nil {
		return nil, err
	}
	res := &chorusv1.ReadMarkResult{ConversationId: conversationID, ReadSeq: pos.ReadSeq, UnreadCount: pos.Unread()}
	receipt := &chorusv1.Frame{Body: &chorusv1.Frame_Receipt{Receipt: &chorusv1.Receipt{
		ConversationId: conversationID, UserId: user, ReadSeq: pos.ReadSeq, DeliveredSeq: pos.DeliveredSeq,
	}}}
	if peer := p.Peer(user); peer != "" {
		c.push.Push([]string{peer}, receipt, 0)
	}
	self := []string{user}
	c.push.Push(self, receipt, origin)
	// The entry carries what the position alone does not: the mention
	// count. A failure here costs the other devices one update, not the
	// read mark, which is stored.
	entry, err := c.store.GetUserConversation(ctx, user, conversationID)
	if err != nil {
		c.log.WarnContext(ctx, "reading the conversation entry after a read mark failed", "err", err)
		return res, nil
	}
	res.MentionCount = entry.GetMentionCount()
	c.push.Push(self, &chorusv1.Frame{Body: &chorusv1.Frame_ConversationUpdate{ConversationUpdate: &chorusv1.ConversationUpdate{Conversation: entry}}}, origin)
	return res, nil
}

// MarkDelivered records that messages up to seq reached one of user's
// devices. Delivery acks are frequent and advisory, so they are coalesced
// in memory and written in batches; a crash loses at most the last flush
// interval of them, which only makes delivered receipts lag.
func (c *Core) MarkDelivered(user, conversationID string, seq uint64) error {
	if _, err := im.ParseConversationID(conversationID); err != nil {
		return err
	}
	if c.deliv.add(im.DeliveryMark{ConversationID: conversationID, UserID: user, Seq: seq}) {
		c.deliv.kick()
	}
	return nil
}
