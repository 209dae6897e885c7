package core

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"slices"
	"strings"

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
	// MentionUserIDs and MentionAll are the message's mentions.
	MentionUserIDs []string
	MentionAll     bool
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

	// op, when set, makes this a group change instead of a send: the
	// committer runs it in its turn, so the change and its event are
	// ordered with the messages around them, and fans the event out to
	// the recipients op returns. opDone gets op's error.
	op     func(ctx context.Context) (event *chorusv1.Message, recipients []string, err error)
	opDone func(error)
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
	group := p.Kind == chorusv1.ConversationKind_CONVERSATION_KIND_GROUP
	// A direct conversation is created by its first message, so its
	// permission check comes before the lookup; a group's needs its state.
	if !group {
		if err := c.mayWrite(req.SenderID, id, p, nil); err != nil {
			return nil, err
		}
	} else if req.SenderID != "" && c.convs.get(id) == nil {
		// Loading a group reads all its members: only for a member.
		if err := c.isMember(ctx, id, req.SenderID); err != nil {
			return nil, err
		}
	}
	ci, err := c.conversation(ctx, id, p)
	if err != nil {
		return nil, err
	}
	if group {
		if err := c.mayWrite(req.SenderID, id, p, ci); err != nil {
			return nil, err
		}
	}
	mentions, err := checkMentions(req, ci)
	if err != nil {
		return nil, err
	}
	cmid := req.ClientMsgID
	if cmid == "" {
		cmid = randomClientMsgID()
	}
	// The id and the server time are given at commit (see stamp), so that
	// they grow with the seq.
	return &pendingSend{
		msg: &chorusv1.Message{
			ConversationId: id,
			SenderId:       req.SenderID,
			ClientMsgId:    cmid,
			Content:        req.Content,
			MentionUserIds: mentions,
			MentionAll:     req.MentionAll,
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
	case *chorusv1.Content_GroupEvent:
		return errInvalid("group events are written by the server, not sent")
	default:
		return errInvalid("content is empty")
	}
	if n := proto.Size(ct); n > c.cfg.MaxContentSize {
		return im.Errorf(chorusv1.ErrorCode_ERROR_CODE_CONTENT_TOO_LARGE, "content is %d bytes, the limit is %d", n, c.cfg.MaxContentSize)
	}
	return nil
}

// isMember checks in the store that user is a current member of group id;
// NOT_MEMBER otherwise, also when the group does not exist.
func (c *Core) isMember(ctx context.Context, id, user string) error {
	m, err := c.store.GetMember(ctx, id, user)
	if err != nil {
		return err
	}
	if m.LeftSeq > 0 {
		return errNotMember(id)
	}
	if m.MutedUntilMs > c.now() {
		return mutedUntil(m.MutedUntilMs)
	}
	return nil
}

// recheck applies the group state as of now to the group sends of a
// batch. prepare checked each against the state when it was queued, but
// a change committed since (a removal, a mute, a dissolve) may forbid it;
// and its push must reach the members as of its commit. The committer is
// the only writer of group state, so the check is exact. A group missing
// from the cache is checked in the store, for the sender alone.
func (c *Core) recheck(batch []*pendingSend) []*pendingSend {
	kept := batch[:0]
	for _, p := range batch {
		id := p.msg.GetConversationId()
		if !strings.HasPrefix(id, im.GroupConversationID("")) {
			kept = append(kept, p)
			continue
		}
		sender := p.msg.GetSenderId()
		var err error
		if ci := c.convs.get(id); ci != nil && ci.group != nil {
			err = c.mayWrite(sender, id, im.ParsedConversation{Kind: chorusv1.ConversationKind_CONVERSATION_KIND_GROUP}, ci)
			if err == nil && p.msg.GetMentionAll() && sender != "" && ci.group.roles[sender].role < chorusv1.GroupRole_GROUP_ROLE_ADMIN {
				err = im.Errorf(chorusv1.ErrorCode_ERROR_CODE_PERMISSION_DENIED, "only group admins mention everyone")
			}
			p.members = ci.members
		} else if sender != "" {
			ctx, cancel := c.storeCtx()
			err = c.isMember(ctx, id, sender)
			cancel()
		}
		if err != nil {
			p.done(nil, err)
			continue
		}
		kept = append(kept, p)
	}
	clear(batch[len(kept):])
	return kept
}

// maxMentions bounds the users one message mentions by id.
const maxMentions = 50

// checkMentions validates a send's mentions and returns the distinct ids.
// Mentioning everyone is for groups, by their admins (or the system).
func checkMentions(req SendRequest, ci *convInfo) ([]string, error) {
	if req.MentionAll {
		if ci.group == nil {
			return nil, errInvalid("mention_all is for group conversations")
		}
		if req.SenderID != "" && ci.group.roles[req.SenderID].role < chorusv1.GroupRole_GROUP_ROLE_ADMIN {
			return nil, im.Errorf(chorusv1.ErrorCode_ERROR_CODE_PERMISSION_DENIED, "only group admins mention everyone")
		}
	}
	if len(req.MentionUserIDs) == 0 {
		return nil, nil
	}
	seen := make(map[string]bool, len(req.MentionUserIDs))
	ids := make([]string, 0, len(req.MentionUserIDs))
	for _, u := range req.MentionUserIDs {
		if !im.ValidID(u) {
			return nil, errInvalid("mention %q is not a valid user id", u)
		}
		if !seen[u] {
			seen[u] = true
			ids = append(ids, u)
		}
	}
	if len(ids) > maxMentions {
		return nil, errInvalid("at most %d users can be mentioned", maxMentions)
	}
	return ids, nil
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
		if p.op != nil {
			c.runOp(p)
			continue
		}
		batch := make([]*pendingSend, 1, c.cfg.BatchSize)
		batch[0] = p
		var op *pendingSend // a group change that ended the batch
	fill:
		for len(batch) < c.cfg.BatchSize {
			select {
			case q, ok := <-c.sendq:
				if !ok {
					break fill
				}
				if q.op != nil {
					op = q
					break fill
				}
				batch = append(batch, q)
			default:
				break fill
			}
		}
		if batch = c.recheck(batch); len(batch) > 0 {
			if stored := c.commit(batch); len(stored) > 0 {
				c.fanq <- stored
			}
		}
		if op != nil {
			c.runOp(op)
		}
	}
}

// runOp runs a group change on the committer and fans out its event.
func (c *Core) runOp(p *pendingSend) {
	ctx, cancel := c.storeCtx()
	ev, recipients, err := p.op(ctx)
	cancel()
	p.opDone(err)
	if err == nil && ev != nil {
		p.result = im.AppendResult{Message: ev}
		p.members = recipients
		c.fanq <- []*pendingSend{p}
	}
}

// enqueueOp queues a group change for the committer and waits for it.
// When ctx ends first the change may still happen; it returns TIMEOUT.
func (c *Core) enqueueOp(ctx context.Context, op func(ctx context.Context) (*chorusv1.Message, []string, error)) error {
	done := make(chan error, 1)
	p := &pendingSend{op: op, opDone: func(err error) { done <- err }}
	c.closeMu.RLock()
	if c.closed {
		c.closeMu.RUnlock()
		return errUnavailable("the node is shutting down")
	}
	select {
	case c.sendq <- p:
	default:
		c.closeMu.RUnlock()
		return im.Errorf(chorusv1.ErrorCode_ERROR_CODE_OVERLOADED, "too many sends in flight")
	}
	c.closeMu.RUnlock()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return im.Errorf(chorusv1.ErrorCode_ERROR_CODE_TIMEOUT, "the change was not confirmed in time; read the group to see whether it happened")
	}
}

// commit stores batch, calls every done, and returns the sends that stored
// a new message (duplicates are acked but not pushed again).
func (c *Core) commit(batch []*pendingSend) []*pendingSend {
	msgs := make([]*chorusv1.Message, len(batch))
	for i, p := range batch {
		c.stamp(p.msg)
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

// stamp gives m its id and server time. It runs on the committer only,
// in commit order, so within a conversation ids and times grow with the
// seq: the snowflake generator never goes back, and the time is held at
// the last one given when the clock steps back. Clients sort by either.
func (c *Core) stamp(m *chorusv1.Message) {
	m.Id = c.ids.NextID()
	c.lastStamp = max(c.lastStamp, c.now())
	m.ServerTimeMs = c.lastStamp
}

// maxFanoutRun bounds the messages pushed to a conversation's members in
// one write per connection.
const maxFanoutRun = 64

// fanoutLoop pushes committed messages in commit order, so every device
// sees one conversation's messages in seq order. Each message is encoded
// once for all its recipients, and a run of messages to the same
// conversation from the same session (a busy group) is pushed together:
// each member's connection takes the run in one write.
func (c *Core) fanoutLoop() {
	defer c.wg.Done()
	var frames []*chorusv1.Frame
	for batch := range c.fanq {
		// Whatever else is committed already joins this round.
	more:
		for len(batch) < c.cfg.BatchSize {
			select {
			case b, ok := <-c.fanq:
				if !ok {
					break more
				}
				batch = append(batch, b...)
			default:
				break more
			}
		}
		for i := 0; i < len(batch); {
			p := batch[i]
			frames = frames[:0]
			j := i
			for j < len(batch) && j-i < maxFanoutRun && sameAudience(batch[j], p) {
				frames = append(frames, &chorusv1.Frame{Body: &chorusv1.Frame_Deliver{Deliver: &chorusv1.Deliver{Message: batch[j].result.Message}}})
				j++
			}
			if len(frames) == 1 {
				c.push.Push(p.members, frames[0], p.origin)
			} else {
				c.push.PushBatch(p.members, slices.Clone(frames), p.origin)
			}
			i = j
		}
		clear(frames)
	}
}

// sameAudience reports whether q goes to exactly the sessions p goes to.
func sameAudience(q, p *pendingSend) bool {
	return q.origin == p.origin && q.result.Message.GetConversationId() == p.result.Message.GetConversationId() &&
		len(q.members) == len(p.members) && (len(p.members) == 0 || &q.members[0] == &p.members[0])
}
