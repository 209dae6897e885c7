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
	if err := c.mayRead(ctx, user, id, p); err != nil {
		return nil, err
	}
	if req.GetToSeq() != 0 && req.GetToSeq() < req.GetFromSeq() {
		return nil, errInvalid("to_seq %d is below from_seq %d", req.GetToSeq(), req.GetFromSeq())
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
		FromSeq:        req.GetFromSeq(),
		ToSeq:          req.GetToSeq(),
		Limit:          limit + 1,
		Reverse:        req.GetReverse(),
	})
	if err != nil {
		return nil, err
	}
	res := &chorusv1.PullMessagesResult{ConversationId: id}
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

// Conversations lists user's conversations with their positions, newest
// activity first.
func (c *Core) Conversations(ctx context.Context, user string) ([]*chorusv1.Conversation, error) {
	return c.store.ListConversations(ctx, user)
}

// MarkRead moves user's read position in a conversation up to seq.
func (c *Core) MarkRead(ctx context.Context, user, conversationID string, seq uint64) (*chorusv1.ReadMarkResult, error) {
	p, err := im.ParseConversationID(conversationID)
	if err != nil {
		return nil, err
	}
	if err := c.mayRead(ctx, user, conversationID, p); err != nil {
		return nil, err
	}
	pos, err := c.store.MarkRead(ctx, conversationID, user, seq)
	if err != nil {
		return nil, err
	}
	return &chorusv1.ReadMarkResult{ConversationId: conversationID, ReadSeq: pos.ReadSeq, UnreadCount: pos.Unread()}, nil
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
