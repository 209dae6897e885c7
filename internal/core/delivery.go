package core

import (
	"sync"
	"time"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
)

// maxPendingMarks makes a flush start early when this many distinct
// (conversation, user) marks wait, bounding the memory they use.
const maxPendingMarks = 50_000

type markKey struct{ conv, user string }

// deliveryMarks coalesces delivery acks: only the highest seq per
// (conversation, user) since the last flush is written.
type deliveryMarks struct {
	mu    sync.Mutex
	marks map[markKey]uint64 // guarded by mu
	wake  chan struct{}
}

func newDeliveryMarks() *deliveryMarks {
	return &deliveryMarks{marks: make(map[markKey]uint64), wake: make(chan struct{}, 1)}
}

// add records m and reports whether enough marks wait to flush early.
func (d *deliveryMarks) add(m im.DeliveryMark) bool {
	k := markKey{m.ConversationID, m.UserID}
	d.mu.Lock()
	defer d.mu.Unlock()
	if m.Seq > d.marks[k] {
		d.marks[k] = m.Seq
	}
	return len(d.marks) >= maxPendingMarks
}

func (d *deliveryMarks) kick() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

func (d *deliveryMarks) take() []im.DeliveryMark {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.marks) == 0 {
		return nil
	}
	out := make([]im.DeliveryMark, 0, len(d.marks))
	for k, seq := range d.marks {
		out = append(out, im.DeliveryMark{ConversationID: k.conv, UserID: k.user, Seq: seq})
	}
	d.marks = make(map[markKey]uint64)
	return out
}

func (c *Core) deliveryLoop() {
	defer c.wg.Done()
	t := time.NewTicker(c.cfg.DeliveryFlushInterval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
		case <-c.deliv.wake:
		case <-c.stop:
			c.flushDelivered()
			return
		}
		c.flushDelivered()
	}
}

func (c *Core) flushDelivered() {
	marks := c.deliv.take()
	if len(marks) == 0 {
		return
	}
	ctx, cancel := c.storeCtx()
	defer cancel()
	if err := c.store.MarkDelivered(ctx, marks); err != nil {
		c.log.Warn("writing delivery marks failed", "marks", len(marks), "err", err)
		return
	}
	// The sender of a direct message sees it reach the peer. Group
	// receipts are read on request (GetReceipts): pushing every member's
	// delivery to every sender would cost more than the messages. The
	// receipt carries the stored position, which the store capped at the
	// conversation's last seq, not the seq the client claimed.
	for _, m := range marks {
		p, err := im.ParseConversationID(m.ConversationID)
		if err != nil {
			continue
		}
		peer := p.Peer(m.UserID)
		if peer == "" {
			continue
		}
		mb, err := c.store.GetMember(ctx, m.ConversationID, m.UserID)
		if err != nil {
			continue // not a member: the mark was ignored
		}
		c.push.Push([]string{peer}, &chorusv1.Frame{Body: &chorusv1.Frame_Receipt{Receipt: &chorusv1.Receipt{
			ConversationId: m.ConversationID, UserId: m.UserID, DeliveredSeq: mb.DeliveredSeq,
		}}}, 0)
	}
}
