package client

import (
	"strings"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
)

// Callbacks run on one goroutine, fed by an unbounded queue. Unbounded so
// that the reader never waits for the app: a reader blocked on a slow
// OnMessage could not deliver the reply to a request that OnMessage itself
// is making. One goroutine so that callbacks never run concurrently and
// messages reach OnMessage in the order they were accepted.

type eventKind uint8

const (
	evMessage eventKind = iota + 1
	evNotification
	evDisconnect
	// evPosition moves Positions over seqs that have no message for this
	// user, in order with the messages around them.
	evPosition
	evReceipt
	evConversationUpdate
)

type event struct {
	kind eventKind
	msg  *chorusv1.Message
	note *chorusv1.Notification
	disc *chorusv1.Disconnect
	err  error
	conv string // evPosition
	seq  uint64 // evPosition

	receipt *chorusv1.Receipt      // evReceipt
	entry   *chorusv1.Conversation // evConversationUpdate
}

// emit queues ev for the callback goroutine. Messages must be emitted
// with convMu held, which is what keeps them in accept order.
func (c *Client) emit(ev event) {
	c.evMu.Lock()
	c.evQ = append(c.evQ, ev)
	c.evMu.Unlock()
	select {
	case c.evSig <- struct{}{}:
	default:
	}
}

// deliverLoop runs the callbacks, a batch at a time: it swaps the queue
// out whole, so one lock round covers the batch, and the positions and
// delivery acks of a batch are coalesced to one per conversation.
func (c *Client) deliverLoop() {
	defer close(c.evDone)
	done := make(map[string]uint64) // conversation -> newest seq handled in this batch
	for {
		select {
		case <-c.evSig:
		case <-c.ctx.Done():
			return
		}
		c.evMu.Lock()
		batch := c.evQ
		c.evQ, c.evSpare = c.evSpare, nil
		c.evMu.Unlock()

		for i := range batch {
			if !c.handle(&batch[i], done) {
				return
			}
			batch[i] = event{} // let the message be collected once handled
		}
		c.handOver(done)
		clear(done)

		c.evMu.Lock()
		c.evSpare = batch[:0]
		c.evMu.Unlock()
	}
}

// handle runs the callback for one event. It reports false when the client
// is closing and the loop must stop.
func (c *Client) handle(ev *event, done map[string]uint64) bool {
	switch ev.kind {
	case evMessage:
		if f := c.opts.OnMessage; f != nil {
			if !c.enterCallback() {
				return false
			}
			f(ev.msg)
			c.leaveCallback()
		}
		done[ev.msg.ConversationId] = max(done[ev.msg.ConversationId], ev.msg.Seq)
		if r := c.impliedReceipt(ev.msg); r != nil && c.opts.OnReceipt != nil {
			if !c.enterCallback() {
				return false
			}
			c.opts.OnReceipt(r)
			c.leaveCallback()
		}
	case evPosition:
		done[ev.conv] = max(done[ev.conv], ev.seq)
	case evNotification:
		if f := c.opts.OnNotification; f != nil {
			if !c.enterCallback() {
				return false
			}
			f(ev.note)
			c.leaveCallback()
		}
	case evReceipt:
		if f := c.opts.OnReceipt; f != nil {
			if !c.enterCallback() {
				return false
			}
			f(ev.receipt)
			c.leaveCallback()
		}
	case evConversationUpdate:
		if f := c.opts.OnConversationUpdate; f != nil {
			if !c.enterCallback() {
				return false
			}
			f(ev.entry)
			c.leaveCallback()
		}
	case evDisconnect:
		if f := c.opts.OnDisconnect; f != nil {
			if !c.enterCallback() {
				return false
			}
			f(ev.disc, ev.err)
			c.leaveCallback()
		}
	}
	return c.ctx.Err() == nil
}

// impliedReceipt is the receipt a message from the peer of a direct
// conversation carries without a push of its own: sending moved the
// peer's read and delivered positions to it. Nil for other messages.
func (c *Client) impliedReceipt(m *chorusv1.Message) *chorusv1.Receipt {
	sender := m.GetSenderId()
	if sender == "" || sender == c.UserID() || !strings.HasPrefix(m.GetConversationId(), "p:") {
		return nil
	}
	return &chorusv1.Receipt{ConversationId: m.GetConversationId(), UserId: sender, ReadSeq: m.GetSeq(), DeliveredSeq: m.GetSeq()}
}

// handOver records what the app now holds (Positions) and, with
// AutoDeliveryAck, tells the server.
func (c *Client) handOver(done map[string]uint64) {
	if len(done) == 0 {
		return
	}
	c.convMu.Lock()
	for id, seq := range done {
		if st := c.convs[id]; st != nil && seq > st.handed {
			st.handed = seq
		}
	}
	c.convMu.Unlock()
	if !c.opts.AutoDeliveryAck {
		return
	}
	for id, seq := range done {
		if err := c.AckDelivered(id, seq); err != nil {
			// Lost acks are made up by the next one (they are cumulative)
			// and by the server's own record after a sync.
			c.log.Debug("chorus: delivery ack not sent", "conversation", id, "seq", seq, "err", err)
		}
	}
}

// enterCallback reports whether a callback may start, and if so marks one
// as running, so that Close (perhaps called from that very callback) knows
// not to wait for this goroutine.
func (c *Client) enterCallback() bool {
	c.cbMu.Lock()
	defer c.cbMu.Unlock()
	if c.closing {
		return false
	}
	c.inCallback = true
	return true
}

func (c *Client) leaveCallback() {
	c.cbMu.Lock()
	c.inCallback = false
	c.cbMu.Unlock()
}
