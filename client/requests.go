package client

import (
	"context"
	"errors"
	"fmt"
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
	// MentionUserIDs are users the message mentions (at most 50); they
	// count it in their conversation entry's mention_count until they
	// read past it. MentionAll mentions every member (group admins and
	// the owner only). Send keeps a reference to the slice, like Content.
	MentionUserIDs []string
	MentionAll     bool
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
		MentionUserIds: m.MentionUserIDs,
		MentionAll:     m.MentionAll,
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
				MentionUserIds: m.MentionUserIDs,
				MentionAll:     m.MentionAll,
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
	return request(ctx, c.call, pullFrame(req), "pull_messages", (*chorusv1.Frame).GetPullMessagesResult)
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
// including seq (on every device), and returns the resulting read
// position, unread and mention counts. A read position never moves back.
// The user's other devices get the new position through OnReceipt and
// OnConversationUpdate.
func (c *Client) MarkRead(ctx context.Context, conversationID string, seq uint64) (*chorusv1.ReadMarkResult, error) {
	return request(ctx, c.call, &chorusv1.Frame{Body: &chorusv1.Frame_ReadMark{ReadMark: &chorusv1.ReadMark{
		ConversationId: conversationID,
		Seq:            seq,
	}}}, "read_mark", (*chorusv1.Frame).GetReadMarkResult)
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

// request sends f with call and returns the part of the reply that get
// picks, failing when the reply is of another kind: a malformed reply is
// never taken for success. name is the request's frame name, for errors.
func request[T any](ctx context.Context, call caller, f *chorusv1.Frame, name string, get func(*chorusv1.Frame) *T) (*T, error) {
	r, err := call(ctx, f)
	if err != nil {
		return nil, err
	}
	res := get(r)
	if res == nil {
		return nil, fmt.Errorf("chorus: %s got a reply of the wrong kind (%T)", name, r.GetBody())
	}
	return res, nil
}
