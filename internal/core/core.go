package core

import (
	"context"
	"log/slog"
	"sync"
	"time"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
)

// Pusher reaches the online devices of users. The session hub implements
// it; tests use a recorder.
type Pusher interface {
	// Push queues f to every online session of every user in users except
	// the session with id except (0: none), and returns how many sessions it
	// was queued to. It must not block: a session that cannot keep up is
	// disconnected, not waited for. f is encoded once and shared, so callers
	// must not change it afterwards.
	Push(users []string, f *chorusv1.Frame, except uint64) int
	// PushBatch is Push for several frames (at least one), queued in order
	// and together, so that each session takes them in one write.
	PushBatch(users []string, frames []*chorusv1.Frame, except uint64) int
}

// Config tunes the core. Zero values mean the defaults.
type Config struct {
	// MaxContentSize is the largest encoded content accepted. Default 32 KiB.
	MaxContentSize int
	// BatchSize is the most messages per store transaction. Default 512.
	BatchSize int
	// QueueSize bounds sends waiting for the committer; beyond it sends fail
	// with OVERLOADED instead of queueing without bound. Default 65536.
	QueueSize int
	// StoreTimeout bounds one store transaction of the send path.
	// Default 10s.
	StoreTimeout time.Duration
	// DeliveryFlushInterval is how often coalesced delivery acks are
	// written. Default 500ms.
	DeliveryFlushInterval time.Duration
	// MaxGroupMembers is the most members a group may have; creating or
	// growing a group beyond it fails with GROUP_FULL. Default 100000.
	MaxGroupMembers int
	// MaxReadersGroupSize is the largest group whose receipts list who
	// read each message (MessageReceipt.read_by); larger groups get counts
	// only. Direct conversations always list them. Default 500.
	MaxReadersGroupSize int
	Logger              *slog.Logger
	// Now is the clock; default time.Now.
	Now func() time.Time
}

func (c *Config) fillDefaults() {
	if c.MaxContentSize <= 0 {
		c.MaxContentSize = 32 << 10
	}
	if c.BatchSize <= 0 {
		c.BatchSize = 512
	}
	if c.QueueSize <= 0 {
		c.QueueSize = 1 << 16
	}
	if c.StoreTimeout <= 0 {
		c.StoreTimeout = 10 * time.Second
	}
	if c.DeliveryFlushInterval <= 0 {
		c.DeliveryFlushInterval = 500 * time.Millisecond
	}
	if c.MaxGroupMembers <= 0 {
		c.MaxGroupMembers = 100_000
	}
	if c.MaxReadersGroupSize <= 0 {
		c.MaxReadersGroupSize = 500
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
}

// Core is the messaging core of one node. Create it with New and stop it
// with Close.
type Core struct {
	store im.Store
	ids   im.IDGenerator
	push  Pusher
	cfg   Config
	log   *slog.Logger

	convs *convCache
	deliv *deliveryMarks

	// closeMu orders Send against Close: Send holds it shared while it
	// enqueues, Close exclusively while it closes sendq, so nothing is
	// sent on a closed channel.
	closeMu sync.RWMutex
	closed  bool // guarded by closeMu
	sendq   chan *pendingSend
	fanq    chan []*pendingSend

	// lastStamp is the server time of the last message stamped; committer
	// goroutine only (see stamp).
	lastStamp int64

	stop chan struct{}
	wg   sync.WaitGroup
}

// New starts a core: its committer, fan-out and delivery-flush goroutines.
func New(store im.Store, ids im.IDGenerator, push Pusher, cfg Config) *Core {
	cfg.fillDefaults()
	c := &Core{
		store: store,
		ids:   ids,
		push:  push,
		cfg:   cfg,
		log:   cfg.Logger,
		convs: newConvCache(100_000),
		sendq: make(chan *pendingSend, cfg.QueueSize),
		// Fan-out lags the committer by at most a few batches; beyond that
		// the committer waits, which slows acks rather than growing memory.
		fanq: make(chan []*pendingSend, 64),
		stop: make(chan struct{}),
	}
	c.deliv = newDeliveryMarks()
	c.wg.Add(3)
	go c.commitLoop()
	go c.fanoutLoop()
	go c.deliveryLoop()
	return c
}

// Close stops taking sends, finishes every send already queued (each gets
// its ack or error), delivers their pushes, writes pending delivery marks
// and returns. The store stays open: the caller closes it after.
func (c *Core) Close() {
	c.closeMu.Lock()
	if c.closed {
		c.closeMu.Unlock()
		return
	}
	c.closed = true
	close(c.sendq)
	c.closeMu.Unlock()
	close(c.stop)
	c.wg.Wait()
}

func (c *Core) now() int64 { return c.cfg.Now().UnixMilli() }

func errUnavailable(format string, args ...any) *im.Error {
	return im.Errorf(chorusv1.ErrorCode_ERROR_CODE_UNAVAILABLE, format, args...)
}

func errInvalid(format string, args ...any) *im.Error {
	return im.Errorf(chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT, format, args...)
}

// storeCtx bounds a store call made on behalf of the core itself (not of a
// request with its own deadline).
func (c *Core) storeCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), c.cfg.StoreTimeout)
}
