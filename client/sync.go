package client

import (
	"context"
	"errors"
	"fmt"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
)

// Ordering. Messages reach the client by four roads: pushes, gap fills,
// Sync, and acks of its own sends. Each conversation has one convState,
// and a message is "accepted" only when its seq is exactly next: accepting
// appends it to the callback queue and moves next on, both under convMu.
// So whichever road a message took and however the roads race, each seq
// is queued once and in order. A push beyond next is buffered and a gap
// fill pulls what lies between.
//
// Seqs with no message the user may see (before they joined a group) are
// skipped by "jumping": a pull that covers a range completely proves that
// whatever it did not return is not there for this user.

// maxBuffered caps the out-of-order pushes kept per conversation. Pushes
// past it are dropped; the gap fill pulls them (it fills up to the highest
// seq seen, not just to the buffer).
const maxBuffered = 4096

// pullPage is the page size of gap fills and Sync: the server's maximum.
const pullPage = 200

type convState struct {
	next    uint64 // lowest seq not yet accepted
	handed  uint64 // newest seq the callback goroutine is done with (Positions)
	high    uint64 // highest seq known to exist (from pushes)
	buf     map[uint64]*chorusv1.Message
	filling bool // a fillGap goroutine owns this conversation's gap
}

// stateLocked returns the state of conversation id, creating it. A new
// conversation starts at seq 1, or with SkipHistory at start (when > 1),
// the seq the caller is about to offer.
func (c *Client) stateLocked(id string, start uint64) *convState {
	st := c.convs[id]
	if st == nil {
		st = &convState{next: 1}
		if c.opts.SkipHistory && start > 1 {
			st.next, st.handed = start, start-1
		}
		c.convs[id] = st
	}
	return st
}

// acceptLocked queues m, whose seq is st.next, for the callbacks and adds
// it to *out when out is not nil.
func (c *Client) acceptLocked(st *convState, m *chorusv1.Message, out *[]*chorusv1.Message) {
	st.next = m.Seq + 1
	st.high = max(st.high, m.Seq)
	if st.buf != nil {
		delete(st.buf, m.Seq)
	}
	c.emit(event{kind: evMessage, msg: m})
	if out != nil {
		*out = append(*out, m)
	}
}

// drainLocked accepts buffered messages that have become contiguous.
func (c *Client) drainLocked(st *convState, out *[]*chorusv1.Message) {
	for len(st.buf) > 0 {
		m, ok := st.buf[st.next]
		if !ok {
			return
		}
		c.acceptLocked(st, m, out)
	}
}

// jumpLocked moves next forward to seq over messages that do not exist
// for this user, and tells the callback goroutine so Positions follows.
func (c *Client) jumpLocked(id string, st *convState, seq uint64) {
	st.next = seq
	for s := range st.buf {
		if s < seq {
			delete(st.buf, s)
		}
	}
	c.emit(event{kind: evPosition, conv: id, seq: seq - 1})
}

// gapEndLocked is the last seq of the gap after next, or 0 when there is
// none: up to the first buffered message, or up to the highest seq seen
// when the buffer is empty (pushes dropped at the cap).
func (st *convState) gapEndLocked() uint64 {
	if len(st.buf) > 0 {
		first := uint64(0)
		for s := range st.buf {
			if first == 0 || s < first {
				first = s
			}
		}
		if first > st.next {
			return first - 1
		}
		return 0
	}
	if st.high >= st.next {
		return st.high
	}
	return 0
}

// heldMessage is a push that came while the first sync of a SkipHistory
// client was running.
type heldMessage struct {
	m    *chorusv1.Message
	from string
}

// releaseHeld takes in the pushes held during the first sync, in the
// order they came, and stops holding. Pushes that arrive meanwhile are
// held too, so none overtakes an earlier one.
func (c *Client) releaseHeld() {
	for {
		c.convMu.Lock()
		batch := c.held
		c.held = nil
		if len(batch) == 0 {
			c.holding = false
			c.convMu.Unlock()
			return
		}
		c.convMu.Unlock()
		for _, h := range batch {
			c.takeMessage(h.m, h.from)
		}
	}
}

// onMessage takes a message from a push or a send_ack. It never blocks on
// the network: the reader goroutine calls it.
func (c *Client) onMessage(m *chorusv1.Message, from string) {
	c.convMu.Lock()
	if c.holding {
		c.held = append(c.held, heldMessage{m, from})
		c.convMu.Unlock()
		return
	}
	c.convMu.Unlock()
	c.takeMessage(m, from)
}

// takeMessage is onMessage past the first sync.
func (c *Client) takeMessage(m *chorusv1.Message, from string) {
	if m.GetConversationId() == "" || m.GetSeq() == 0 {
		c.log.Warn("chorus: dropping message without conversation or seq", "from", from)
		return
	}
	id := m.ConversationId
	fill := false
	c.convMu.Lock()
	st := c.stateLocked(id, m.Seq)
	switch {
	case m.Seq < st.next:
		// Already accepted: at-least-once delivery, or our own send echoed.
	case m.Seq == st.next:
		c.acceptLocked(st, m, nil)
		c.drainLocked(st, nil)
	default:
		st.high = max(st.high, m.Seq)
		if st.buf == nil {
			st.buf = make(map[uint64]*chorusv1.Message)
		}
		if len(st.buf) < maxBuffered {
			st.buf[m.Seq] = m
		}
		if !st.filling {
			st.filling, fill = true, true
		}
	}
	c.convMu.Unlock()
	if fill && !c.spawn(func() { c.fillGap(id) }) {
		c.convMu.Lock()
		st.filling = false
		c.convMu.Unlock()
	}
}

// fillGap pulls the gaps of one conversation until none is left. Only one
// runs per conversation (convState.filling).
func (c *Client) fillGap(id string) {
	b := backoff{min: sendRetryMin, max: sendRetryMax}
	for {
		c.convMu.Lock()
		st := c.convs[id]
		from, to := st.next, st.gapEndLocked()
		if to == 0 {
			st.filling = false
			c.convMu.Unlock()
			return
		}
		c.convMu.Unlock()

		err := c.pullRange(c.ctx, c.call, id, from, to, nil)
		var e *Error
		switch {
		case err == nil:
			b.reset()
			continue
		case c.ctx.Err() != nil || errors.Is(err, ErrDisconnected):
			c.convMu.Lock()
			st.filling = false
			c.convMu.Unlock()
			return
		case errors.As(err, &e) && !e.Temporary:
			// The server will not hand out the gap (the user left the
			// group, say). Waiting would hold back the conversation
			// forever, so skip it, loudly.
			c.log.Error("chorus: cannot fill gap, skipping it", "conversation", id, "from", from, "to", to, "err", err)
			c.convMu.Lock()
			if st.next <= to {
				c.jumpLocked(id, st, to+1)
				c.drainLocked(st, nil)
			}
			c.convMu.Unlock()
			continue
		}
		c.log.Warn("chorus: gap fill failed, retrying", "conversation", id, "err", err)
		if !c.sleep(context.Background(), b.next()) {
			c.convMu.Lock()
			st.filling = false
			c.convMu.Unlock()
			return
		}
	}
}

// pullRange pulls seqs from..to of conversation id page by page and
// accepts them, adding the accepted ones to *out if out is not nil.
func (c *Client) pullRange(ctx context.Context, call caller, id string, from, to uint64, out *[]*chorusv1.Message) error {
	for from <= to {
		r, err := call(ctx, pullFrame(PullRequest{ConversationID: id, FromSeq: from, ToSeq: to, Limit: pullPage}))
		if err != nil {
			return err
		}
		res := r.GetPullMessagesResult()
		if res == nil {
			return errors.New("chorus: pull_messages got a reply that is not pull_messages_result")
		}
		msgs := res.GetMessages()
		// The page covers from..end completely: everything in it that the
		// user may see is in msgs.
		end := to
		if res.GetHasMore() {
			if len(msgs) == 0 {
				return fmt.Errorf("chorus: pull of %s %d-%d: has_more without messages", id, from, to)
			}
			end = msgs[len(msgs)-1].GetSeq()
		}
		prev := from - 1
		for _, m := range msgs {
			if m.GetConversationId() != id || m.GetSeq() <= prev || m.GetSeq() > end {
				return fmt.Errorf("chorus: pull of %s %d-%d: message %s/%d out of range or order", id, from, to, m.GetConversationId(), m.GetSeq())
			}
			prev = m.Seq
		}

		c.convMu.Lock()
		st := c.stateLocked(id, 0)
		for _, m := range msgs {
			if m.Seq < st.next {
				continue // accepted meanwhile (a push, another pull)
			}
			if m.Seq > st.next {
				c.jumpLocked(id, st, m.Seq)
			}
			c.acceptLocked(st, m, out)
		}
		if st.next <= end {
			c.jumpLocked(id, st, end+1)
		}
		c.drainLocked(st, out)
		c.convMu.Unlock()
		from = end + 1
	}
	return nil
}

// Sync catches up: it reads the user's conversation entries that changed
// since the last complete Sync on this connection (every entry on a new
// connection), and pulls, page by page, every message of each after the
// newest one this client holds (from Options.KnownSeqs and from what it
// has received since), up to the entry's last_seq: for a group the user
// left, that is their last readable message. It returns the messages it
// fetched, in seq order within each conversation and the conversations in
// the order their changes happened, and also passes them to OnMessage:
// use one or the other. A message is returned at most once per Client,
// and not at all if it already arrived another way. On error Sync returns
// what it accepted before the error, with the error; call it again to
// continue.
//
// A conversation whose messages the server refuses for good (an error
// that is not temporary) is logged and skipped, so one conversation
// cannot hold back the others; a later push or the next connection's Sync
// tries it again.
func (c *Client) Sync(ctx context.Context) ([]*chorusv1.Message, error) {
	cn, err := c.conn(ctx)
	if err != nil {
		return nil, err
	}
	var out []*chorusv1.Message
	v, err := c.sync(ctx, c.call, cn.syncVersion.Load(), &out)
	if err == nil {
		// Even if the requests went out on a newer connection (this one
		// dropped), v is right for cn: versions are the store's, and the
		// newer connection keeps its own.
		cn.syncVersion.Store(v)
	}
	return out, err
}

// sync pulls the gaps of every conversation entry that changed after
// since, and returns the version to pass next time. Only a complete run
// returns a version: after an error the caller keeps its old one, so
// nothing the failed run missed is skipped next time.
//
// Why since is enough: versions are allocated in commit order inside the
// store's write transactions, and an entry's version moves with every
// message appended to its conversation and every change of the user's
// membership (added to a group, removed from it). So every entry whose
// last_seq grew after the run that returned since, and every group the
// user joined since, has a version above it.
func (c *Client) sync(ctx context.Context, call caller, since uint64, out *[]*chorusv1.Message) (uint64, error) {
	v, restarted := since, false
	for {
		res, err := syncConversations(ctx, call, v)
		if err != nil {
			return 0, err
		}
		if res.GetVersion() < v && !restarted {
			// The server's newest version is older than ours: it is not
			// the store we synced with (restored from a backup, say).
			// Start over from nothing rather than miss its changes.
			c.log.Warn("chorus: server's conversation version went back, syncing everything", "ours", v, "server", res.GetVersion())
			v, restarted = 0, true
			continue
		}
		for _, cv := range res.GetConversations() {
			if err := c.syncEntry(ctx, call, cv, out); err != nil {
				return 0, err
			}
		}
		if !res.GetHasMore() {
			return res.GetVersion(), nil
		}
		if res.GetVersion() <= v {
			return 0, errNoProgress(v, res.GetVersion())
		}
		v = res.GetVersion()
	}
}

// syncEntry pulls what this client misses of one conversation: the seqs
// after the newest one it holds, up to the entry's last_seq.
func (c *Client) syncEntry(ctx context.Context, call caller, cv *chorusv1.Conversation, out *[]*chorusv1.Message) error {
	id, last := cv.GetId(), cv.GetLastSeq()
	if id == "" || last == 0 {
		return nil
	}
	c.convMu.Lock()
	from := c.stateLocked(id, last+1).next
	c.convMu.Unlock()
	if from > last {
		return nil
	}
	err := c.pullRange(ctx, call, id, from, last, out)
	var e *Error
	if errors.As(err, &e) && !e.Temporary {
		c.log.Error("chorus: cannot sync conversation, skipping it", "conversation", id, "from", from, "to", last, "err", err)
		return nil
	}
	return err
}

// Positions returns, per conversation, the newest seq up to which this
// client holds every message: the callback goroutine is done with each of
// them (OnMessage, if set, has returned). Save it when the app stops and pass it as
// Options.KnownSeqs next time, so Sync fetches only what is new.
func (c *Client) Positions() map[string]uint64 {
	c.convMu.Lock()
	defer c.convMu.Unlock()
	pos := make(map[string]uint64, len(c.convs))
	for id, st := range c.convs {
		if st.handed > 0 {
			pos[id] = st.handed
		}
	}
	return pos
}
