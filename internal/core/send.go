package core

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"

	"google.golang.org/protobuf/proto"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
)

// maxClientMsgIDLen bounds the idempotency key a client may choose.
const maxClientMsgIDLen = 64

// SendRequest is one message to send.
type SendRequest struct {
	// SenderID is the sending user; empty sends as the system.
	SenderID string
	// ConversationID or ToUserID (exactly one) says where; see
	// SendMessageRequest in service.proto for ToUserID without a sender.
	ConversationID string
	ToUserID       string
	// ClientMsgID is the sender's idempotency key; empty picks a random one.
	ClientMsgID string
	Content     *chorusv1.Content
	// Origin is the id of the session that sent it: it gets the ack, so it
	// is left out of the push.
	Origin uint64
}

// pendingSend is a send between validation and its ack.
type pendingSend struct {
	msg     *chorusv1.Message
	members []string
	origin  uint64
	done    func(*chorusv1.SendAck, error)
	result  im.AppendResult
}

// Send validates req and queues it for the committer. done is called once,
// with the ack after the message is durable or with an error; it may be
// called on the committer goroutine, so it must not block. Send itself
// may read the store (the first send to a conversation checks it exists),
// so callers on latency-critical goroutines run it elsewhere.
func (c *Core) Send(ctx context.Context, req SendRequest, done func(*chorusv1.SendAck, error)) {
	p, err := c.prepare(ctx, req)
	if err != nil {
		done(nil, err)
		return
	}
	p.done = done
	c.closeMu.RLock()
	defer c.closeMu.RUnlock()
	if c.closed {
		done(nil, errUnavailable("the node is shutting down"))
		return
	}
	select {
	case c.sendq <- p:
	default:
		done(nil, im.Errorf(chorusv1.ErrorCode_ERROR_CODE_OVERLOADED, "too many sends in flight"))
	}
}

// SendWait sends and waits for the outcome. When ctx ends first it returns
// TIMEOUT: the message may still be stored, and a retry with the same
// client_msg_id tells.
func (c *Core) SendWait(ctx context.Context, req SendRequest) (*chorusv1.SendAck, error) {
	type outcome struct {
		ack *chorusv1.SendAck
		err error
	}
	ch := make(chan outcome, 1)
	c.Send(ctx, req, func(a *chorusv1.SendAck, err error) { ch <- outcome{a, err} })
	select {
	case o := <-ch:
		return o.ack, o.err
	case <-ctx.Done():
		return nil, im.Errorf(chorusv1.ErrorCode_ERROR_CODE_TIMEOUT, "send not confirmed in time; retry with the same client_msg_id")
	}
}

func (c *Core) prepare(ctx context.Context, req SendRequest) (*pendingSend, error) {
	if req.SenderID != "" && !im.ValidID(req.SenderID) {
		return nil, errInvalid("sender is not a valid user id")
	}
	if len(req.ClientMsgID) > maxClientMsgIDLen {
		return nil, errInvalid("client_msg_id longer than %d bytes", maxClientMsgIDLen)
	}
	if err := c.checkContent(req.Content); err != nil {
		return nil, err
	}
	id, p, err := sendTarget(req.SenderID, req.ConversationID, req.ToUserID)
	if err != nil {
		return nil, err
	}
	if err := c.mayWrite(ctx, req.SenderID, id, p); err != nil {
		return nil, err
	}
	ci, err := c.conversation(ctx, id, p)
	if err != nil {
		return nil, err
	}
	cmid := req.ClientMsgID
	if cmid == "" {
		cmid = randomClientMsgID()
	}
	return &pendingSend{
		msg: &chorusv1.Message{
			Id:             c.ids.NextID(),
			ConversationId: id,
			SenderId:       req.SenderID,
			ClientMsgId:    cmid,
			ServerTimeMs:   c.now(),
			Content:        req.Content,
		},
		members: ci.members,
		origin:  req.Origin,
	}, nil
}

func (c *Core) checkContent(ct *chorusv1.Content) error {
	if ct == nil {
		return errInvalid("content is empty")
	}
	switch b := ct.Body.(type) {
	case *chorusv1.Content_Text:
		if b.Text.GetText() == "" {
			return errInvalid("text is empty")
		}
	case *chorusv1.Content_Media:
		m := b.Media
		if m.GetKind() == chorusv1.MediaKind_MEDIA_KIND_UNSPECIFIED {
			return errInvalid("media kind is not set")
		}
		if m.GetUrl() == "" {
			return errInvalid("media url is empty")
		}
	case *chorusv1.Content_Custom:
		if t := b.Custom.GetType(); t == "" || len(t) > 64 {
			return errInvalid("custom type must be 1 to 64 bytes")
		}
	default:
		return errInvalid("content is empty")
	}
	if n := proto.Size(ct); n > c.cfg.MaxContentSize {
		return im.Errorf(chorusv1.ErrorCode_ERROR_CODE_CONTENT_TOO_LARGE, "content is %d bytes, the limit is %d", n, c.cfg.MaxContentSize)
	}
	return nil
}

func randomClientMsgID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return "auto-" + hex.EncodeToString(b[:])
}

// commitLoop is the group commit: it takes whatever sends are queued (up to
// BatchSize), stores them in one transaction, acks them and hands them to
// fan-out. While one batch commits the next one queues, so batches grow
// with load and the cost per message falls.
func (c *Core) commitLoop() {
	defer c.wg.Done()
	defer close(c.fanq)
	for p := range c.sendq {
		batch := make([]*pendingSend, 1, c.cfg.BatchSize)
		batch[0] = p
	fill:
		for len(batch) < c.cfg.BatchSize {
			select {
			case q, ok := <-c.sendq:
				if !ok {
					break fill
				}
				batch = append(batch, q)
			default:
				break fill
			}
		}
		if stored := c.commit(batch); len(stored) > 0 {
			c.fanq <- stored
		}
	}
}

// commit stores batch, calls every done, and returns the sends that stored
// a new message (duplicates are acked but not pushed again).
func (c *Core) commit(batch []*pendingSend) []*pendingSend {
	msgs := make([]*chorusv1.Message, len(batch))
	for i, p := range batch {
		msgs[i] = p.msg
	}
	ctx, cancel := c.storeCtx()
	res, err := c.store.AppendMessages(ctx, msgs)
	cancel()
	if err != nil {
		var e *im.Error
		if len(batch) > 1 && errors.As(err, &e) && !e.Temporary() {
			// One message made the whole batch fail (e.g. its conversation
			// is gone). Store the rest one by one so only it fails.
			var stored []*pendingSend
			for _, p := range batch {
				stored = append(stored, c.commit([]*pendingSend{p})...)
			}
			return stored
		}
		c.log.Error("storing messages failed", "messages", len(batch), "err", err)
		pub := im.Public(err)
		for _, p := range batch {
			p.done(nil, pub)
		}
		return nil
	}
	stored := batch[:0]
	for i, p := range batch {
		r := res[i]
		p.result = r
		p.done(&chorusv1.SendAck{
			ConversationId: r.Message.GetConversationId(),
			Seq:            r.Message.GetSeq(),
			MessageId:      r.Message.GetId(),
			ServerTimeMs:   r.Message.GetServerTimeMs(),
			Duplicate:      r.Duplicate,
		}, nil)
		if !r.Duplicate {
			stored = append(stored, p)
		}
	}
	return stored
}

// fanoutLoop pushes committed messages in commit order, so every device
// sees one conversation's messages in seq order. Each message is encoded
// once for all its recipients.
func (c *Core) fanoutLoop() {
	defer c.wg.Done()
	for batch := range c.fanq {
		for _, p := range batch {
			f := &chorusv1.Frame{Body: &chorusv1.Frame_Deliver{Deliver: &chorusv1.Deliver{Message: p.result.Message}}}
			c.push.Push(p.members, f, p.origin)
		}
	}
}
