package client

import (
	"context"
	"errors"
	"strings"
	"time"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
)

// Outgoing is a message to send. Set exactly one of ConversationID and
// ToUserID.
type Outgoing struct {
	// ConversationID is an existing conversation: "p:<a>:<b>", "g:<group>"
	// or "s:<user>".
	ConversationID string
	// ToUserID sends to the direct conversation with this user, creating it
	// if needed.
	ToUserID string
	// ClientMsgID is the idempotency key: the server stores a message once
	// per sender and key, and answers a resend with the original's
	// position. Empty: Send generates one (see NewClientMsgID).
	ClientMsgID string
	// Content is the message body. Send keeps a reference to it (it is
	// the content of the Message handed to OnMessage), so do not modify
	// it afterwards.
	Content *chorusv1.Content
}

// Send retry backoff for temporary errors: short, since the server said
// retrying can help, but growing so an overloaded server gets air.
const (
	sendRetryMin = 100 * time.Millisecond
	sendRetryMax = 5 * time.Second
)

// Send sends a message and returns the server's acknowledgement, which
// comes once the message is durable. It retries with the same
// ClientMsgID, and so without risk of a duplicate, on temporary server
// errors, on ErrTimeout and, with Options.Reconnect, across reconnects,
// until ctx ends; then it returns ctx's error, and the outcome is unknown
// (send again with the same ClientMsgID to find out). Other errors are
// returned at once.
//
// The sent message also goes through the ordering state like a pushed one:
// OnMessage sees it in its place in the conversation, and an echo of it
// from the server is dropped as a duplicate.
func (c *Client) Send(ctx context.Context, m Outgoing) (*chorusv1.SendAck, error) {
	if (m.ConversationID == "") == (m.ToUserID == "") {
		return nil, errors.New("chorus: Send needs exactly one of ConversationID and ToUserID")
	}
	if m.Content == nil || m.Content.GetBody() == nil {
		return nil, errors.New("chorus: Send needs Content")
	}
	if m.ClientMsgID == "" {
		m.ClientMsgID = NewClientMsgID()
	}
	f := &chorusv1.Frame{Body: &chorusv1.Frame_Send{Send: &chorusv1.SendRequest{
		ConversationId: m.ConversationID,
		ToUserId:       m.ToUserID,
		ClientMsgId:    m.ClientMsgID,
		Content:        m.Content,
	}}}
	b := backoff{min: sendRetryMin, max: sendRetryMax}
	for {
		r, err := c.call(ctx, f)
		if err == nil {
			ack := r.GetSendAck()
			if ack == nil {
				return nil, errors.New("chorus: send got a reply that is not send_ack")
			}
			c.onMessage(&chorusv1.Message{
				Id:             ack.GetMessageId(),
				ConversationId: ack.GetConversationId(),
				Seq:            ack.GetSeq(),
				SenderId:       c.UserID(),
				ClientMsgId:    m.ClientMsgID,
				ServerTimeMs:   ack.GetServerTimeMs(),
				Content:        m.Content,
			}, "send_ack")
			return ack, nil
		}
		if !IsTemporary(err) && !errors.Is(err, ErrTimeout) {
			return nil, err
		}
		c.log.Debug("chorus: retrying send", "client_msg_id", m.ClientMsgID, "err", err)
		if !c.sleep(ctx, b.next()) {
			if c.ctx.Err() != nil {
				return nil, ErrClosed
			}
			return nil, ctx.Err()
		}
	}
}

// SendText sends a text message. to is a conversation id when it starts
// with "p:", "g:" or "s:" (user ids cannot contain ':'), and a user id
// otherwise.
func (c *Client) SendText(ctx context.Context, to, text string) (*chorusv1.SendAck, error) {
	m := Outgoing{Content: &chorusv1.Content{Body: &chorusv1.Content_Text{Text: &chorusv1.Text{Text: text}}}}
	if IsConversationID(to) {
		m.ConversationID = to
	} else {
		m.ToUserID = to
	}
	return c.Send(ctx, m)
}

// IsConversationID reports whether s has the form of a conversation id
// (prefix "p:", "g:" or "s:") rather than a user id.
func IsConversationID(s string) bool {
	return strings.HasPrefix(s, "p:") || strings.HasPrefix(s, "g:") || strings.HasPrefix(s, "s:")
}

// Conversations lists the user's conversations, newest activity first,
// with their positions and last messages. It does not change what Sync
// or OnMessage will deliver.
func (c *Client) Conversations(ctx context.Context) ([]*chorusv1.Conversation, error) {
	r, err := c.call(ctx, syncConversationsFrame())
	if err != nil {
		return nil, err
	}
	res := r.GetSyncConversationsResult()
	if res == nil {
		return nil, errors.New("chorus: sync_conversations got a reply that is not sync_conversations_result")
	}
	return res.GetConversations(), nil
}

func syncConversationsFrame() *chorusv1.Frame {
	return &chorusv1.Frame{Body: &chorusv1.Frame_SyncConversations{SyncConversations: &chorusv1.SyncConversationsRequest{}}}
}

// PullRequest selects messages of one conversation.
type PullRequest struct {
	ConversationID string
	// FromSeq and ToSeq bound the range, inclusive; ToSeq 0 means up to the
	// newest.
	FromSeq, ToSeq uint64
	// Limit caps the page: 0 means the server's default (50), and the
	// server allows at most 200.
	Limit uint32
	// Reverse returns the newest of the range first, for scrolling back
	// through history; otherwise the oldest come first.
	Reverse bool
}

// Pull reads one page of a conversation's history. It is a plain read:
// the messages are not passed to OnMessage and do not move Positions (Sync
// and gap filling do that). Page on with FromSeq (or, with Reverse, ToSeq)
// past the last message while HasMore is set.
func (c *Client) Pull(ctx context.Context, req PullRequest) (*chorusv1.PullMessagesResult, error) {
	r, err := c.call(ctx, pullFrame(req))
	if err != nil {
		return nil, err
	}
	res := r.GetPullMessagesResult()
	if res == nil {
		return nil, errors.New("chorus: pull_messages got a reply that is not pull_messages_result")
	}
	return res, nil
}

func pullFrame(req PullRequest) *chorusv1.Frame {
	return &chorusv1.Frame{Body: &chorusv1.Frame_PullMessages{PullMessages: &chorusv1.PullMessagesRequest{
		ConversationId: req.ConversationID,
		FromSeq:        req.FromSeq,
		ToSeq:          req.ToSeq,
		Limit:          req.Limit,
		Reverse:        req.Reverse,
	}}}
}

// MarkRead tells the server the user has read conversationID up to and
// including seq (on every device), and returns the resulting read position
// and unread count. A read position never moves back.
func (c *Client) MarkRead(ctx context.Context, conversationID string, seq uint64) (*chorusv1.ReadMarkResult, error) {
	r, err := c.call(ctx, &chorusv1.Frame{Body: &chorusv1.Frame_ReadMark{ReadMark: &chorusv1.ReadMark{
		ConversationId: conversationID,
		Seq:            seq,
	}}})
	if err != nil {
		return nil, err
	}
	res := r.GetReadMarkResult()
	if res == nil {
		return nil, errors.New("chorus: read_mark got a reply that is not read_mark_result")
	}
	return res, nil
}

// AckDelivered tells the server that every message of conversationID up
// to and including seq reached this device. It does not wait for a reply
// (the server sends one only on failure, and logs it) and fails with
// ErrNotConnected between connections; acks are cumulative, so the next
// one makes up for a lost one. Options.AutoDeliveryAck does this for you.
func (c *Client) AckDelivered(conversationID string, seq uint64) error {
	c.mu.Lock()
	closed, down, cn := c.closed, c.down, c.cur
	c.mu.Unlock()
	switch {
	case closed:
		return ErrClosed
	case down != nil:
		return down
	case cn == nil:
		return ErrNotConnected
	}
	// A request id, though no reply comes on success, so that an error
	// reply can be told apart from a push.
	err := cn.write(&chorusv1.Frame{Id: c.nextID.Add(1), Body: &chorusv1.Frame_DeliveryAck{DeliveryAck: &chorusv1.DeliveryAck{
		ConversationId: conversationID,
		Seq:            seq,
	}}})
	var cl *connLostError
	if errors.As(err, &cl) {
		return ErrNotConnected
	}
	return err
}
