package client

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
)

// conn is one network connection of a Client. A Client has at most one
// published conn at a time; every reconnect makes a new one, so per-
// connection state (pending requests, timers) never leaks from one
// connection into the next.
//
// Goroutines: readLoop (one per conn) owns reads; writes run on the
// caller's goroutine under wmu; watch (run by the supervisor) owns the
// one timer that pings and detects a dead peer.
//
// Lock order: cn.mu and c.mu are never held together (fail releases cn.mu
// before it takes c.mu).
type conn struct {
	c     *Client
	tr    transport
	epoch time.Time // base of the monotonic nanosecond stamps below

	// wmu serialises writes: encoding reuses the transport's buffer, and a
	// frame must go out in one piece.
	wmu       sync.Mutex
	lastWrite atomic.Int64 // start of the latest write
	writing   atomic.Int64 // start of the write in progress; 0 when none
	lastRead  atomic.Int64 // arrival of the latest frame
	pinging   atomic.Bool  // a ping write is in flight

	mu      sync.Mutex
	pending map[uint64]chan *chorusv1.Frame // requests awaiting a reply, by frame id
	err     error                           // why the conn died; set once, before done closes
	done    chan struct{}

	// Set from auth_result before the conn is watched.
	pingInterval time.Duration
	readTimeout  time.Duration

	// syncVersion is the conversation-list version of the newest complete
	// sync on this connection (0: none yet): Sync asks only for changes
	// after it. It is kept per connection, so every new connection starts
	// with a full sync and no state of an earlier one can hide a gap.
	syncVersion atomic.Uint64
}

func newConn(c *Client, tr transport) *conn {
	cn := &conn{
		c:       c,
		tr:      tr,
		epoch:   time.Now(),
		pending: make(map[uint64]chan *chorusv1.Frame),
		done:    make(chan struct{}),
	}
	now := cn.now()
	cn.lastRead.Store(now)
	cn.lastWrite.Store(now)
	return cn
}

// now is nanoseconds since the conn was made, on the monotonic clock, and
// never 0 (0 means "not writing").
func (cn *conn) now() int64 { return int64(time.Since(cn.epoch)) + 1 }

// fail kills the connection with err as its cause. The first cause wins;
// later calls do nothing. The client forgets the conn before requests
// waiting on it wake, so that they find no dead conn when they look for
// the next one.
func (cn *conn) fail(err error) {
	cn.mu.Lock()
	if cn.err != nil {
		cn.mu.Unlock()
		return
	}
	cn.err = err
	cn.pending = nil
	cn.mu.Unlock()
	cn.c.connLost(cn)
	close(cn.done)
	cn.tr.close()
}

func (cn *conn) dead() bool {
	select {
	case <-cn.done:
		return true
	default:
		return false
	}
}

// connLostError reports a request that failed because its connection
// died. It stays inside the package: Client.call retries such requests on
// the next connection, and with Reconnect off the caller gets an error
// wrapping ErrDisconnected instead.
//
// unsent marks a request that never went out: its connection was dead
// before the write began, so the server cannot have seen it and even a
// request that is not idempotent may be sent on the next connection.
type connLostError struct {
	cause  error
	unsent bool
}

func (e *connLostError) Error() string { return "chorus: connection lost: " + e.cause.Error() }
func (e *connLostError) Unwrap() error { return e.cause }

// lostErr is the error for a request on this dead conn that may have gone
// out (in part or whole). Only call it once cn.err is set.
func (cn *conn) lostErr() error {
	switch {
	case cn.c.ctx.Err() != nil:
		return ErrClosed
	case !cn.c.opts.Reconnect:
		return downError(cn.err)
	default:
		return &connLostError{cause: cn.err}
	}
}

// unsentErr is lostErr for a request that was never written because the
// conn was already dead.
func (cn *conn) unsentErr() error {
	err := cn.lostErr()
	if cl, ok := err.(*connLostError); ok {
		cl.unsent = true
	}
	return err
}

// downError is the error of a client that stopped for good because of
// cause.
func downError(cause error) error {
	if errors.Is(cause, ErrDisconnected) {
		return cause
	}
	return fmt.Errorf("%w: %w", ErrDisconnected, cause)
}

// encodeError is a frame that could not be encoded (invalid UTF-8 in a
// string, too large): the request is bad, the connection is fine.
type encodeError struct{ err error }

func (e *encodeError) Error() string { return "chorus: cannot encode frame: " + e.err.Error() }
func (e *encodeError) Unwrap() error { return e.err }

// write sends one frame. An I/O error kills the connection, since a frame
// may have gone out in part.
func (cn *conn) write(f *chorusv1.Frame) error {
	cn.wmu.Lock()
	if cn.dead() {
		cn.wmu.Unlock()
		return cn.unsentErr() // nothing went out
	}
	now := cn.now()
	cn.lastWrite.Store(now)
	cn.writing.Store(now)
	err := cn.tr.writeFrame(f)
	cn.writing.Store(0)
	cn.wmu.Unlock()
	if err == nil {
		return nil
	}
	var ee *encodeError
	if errors.As(err, &ee) {
		return err
	}
	cn.fail(err)
	return cn.lostErr()
}

// roundTrip sends request f with a fresh id and waits for the frame that
// echoes it, for at most RequestTimeout. It sets f.Id, so f must not be in
// use elsewhere. Error replies are returned as frames; see Client.call.
func (cn *conn) roundTrip(ctx context.Context, f *chorusv1.Frame) (*chorusv1.Frame, error) {
	id := cn.c.nextID.Add(1)
	f.Id = id
	ch := make(chan *chorusv1.Frame, 1)
	cn.mu.Lock()
	if cn.err != nil {
		cn.mu.Unlock()
		return nil, cn.unsentErr() // nothing went out
	}
	cn.pending[id] = ch
	cn.mu.Unlock()

	if err := cn.write(f); err != nil {
		cn.forget(id)
		return nil, err
	}
	t := getTimer(cn.c.opts.RequestTimeout)
	defer putTimer(t)
	select {
	case r := <-ch:
		return r, nil
	case <-cn.done:
		// The reply may have arrived just before the connection died.
		select {
		case r := <-ch:
			return r, nil
		default:
			return nil, cn.lostErr()
		}
	case <-ctx.Done():
		cn.forget(id)
		return nil, ctx.Err()
	case <-t.C:
		cn.forget(id)
		return nil, ErrTimeout
	}
}

// call is roundTrip plus turning an error reply into an *Error: the form
// every request helper wants.
func (cn *conn) call(ctx context.Context, f *chorusv1.Frame) (*chorusv1.Frame, error) {
	r, err := cn.roundTrip(ctx, f)
	if err != nil {
		return nil, err
	}
	if e := r.GetError(); e != nil {
		return nil, errorFromProto(e)
	}
	return r, nil
}

func (cn *conn) forget(id uint64) {
	cn.mu.Lock()
	delete(cn.pending, id)
	cn.mu.Unlock()
}

// readLoop owns the connection's reads until it dies. It never blocks on
// anything but the network: replies go to buffered channels, pushes to the
// client's ordering state and event queue.
func (cn *conn) readLoop() {
	c := cn.c
	for {
		f, err := cn.tr.readFrame()
		if err != nil {
			if d := cn.tr.disconnectFromReadErr(err); d != nil {
				err = d
			}
			cn.fail(err)
			return
		}
		cn.lastRead.Store(cn.now())
		if d := f.GetDisconnect(); d != nil {
			// Whatever its id (a server may answer auth with one), a
			// disconnect ends the connection, and waiting requests learn
			// why from it.
			cn.fail(disconnectFromProto(d))
			return
		}
		if id := f.GetId(); id != 0 {
			cn.resolve(id, f)
			continue
		}
		switch b := f.GetBody().(type) {
		case *chorusv1.Frame_Deliver:
			c.onMessage(b.Deliver.GetMessage(), "push")
		case *chorusv1.Frame_Notification:
			if b.Notification != nil {
				c.emit(event{kind: evNotification, note: b.Notification})
			}
		case *chorusv1.Frame_Receipt:
			if b.Receipt != nil {
				c.emit(event{kind: evReceipt, receipt: b.Receipt})
			}
		case *chorusv1.Frame_ConversationUpdate:
			if cv := b.ConversationUpdate.GetConversation(); cv != nil {
				c.emit(event{kind: evConversationUpdate, entry: cv})
			}
		case *chorusv1.Frame_Pong:
			// A pong is traffic; lastRead already counts it.
		case *chorusv1.Frame_Error:
			c.log.Warn("chorus: error frame without request id", "err", errorFromProto(b.Error))
		default:
			c.log.Debug("chorus: ignoring unexpected frame", "body", fmt.Sprintf("%T", b))
		}
	}
}

// resolve hands a reply to the request waiting for it. Replies nobody
// waits for are pongs, replies to requests that timed out, and errors
// about delivery acks (which have no reply on success).
func (cn *conn) resolve(id uint64, f *chorusv1.Frame) {
	cn.mu.Lock()
	ch, ok := cn.pending[id]
	if ok {
		delete(cn.pending, id)
	}
	cn.mu.Unlock()
	if ok {
		ch <- f // buffered, and each id is resolved once
		return
	}
	if e := f.GetError(); e != nil {
		cn.c.log.Warn("chorus: error reply to an abandoned request", "id", id, "err", errorFromProto(e))
	}
}

// setTimes takes the keep-alive settings from auth_result. The client
// treats the server as gone after readTimeout without a frame: the
// server's idle timeout when it names one, never less than two ping
// intervals, since pings draw pongs.
func (cn *conn) setTimes(ar *chorusv1.AuthResult) {
	cn.pingInterval = time.Duration(ar.GetPingIntervalMs()) * time.Millisecond
	if cn.pingInterval <= 0 {
		cn.pingInterval = DefaultPingInterval
	}
	cn.readTimeout = time.Duration(ar.GetIdleTimeoutMs()) * time.Millisecond
	if cn.readTimeout <= 0 {
		cn.readTimeout = 3 * cn.pingInterval
	}
	cn.readTimeout = max(cn.readTimeout, 2*cn.pingInterval)
}

// watch runs the connection's one timer until the connection dies. It
// pings when nothing was written for a ping interval, as the protocol
// asks, and also when nothing was read for one: the pong proves the
// server alive. It kills the connection when the server has been silent
// for readTimeout, or a write has been stuck for RequestTimeout (which
// would otherwise hold wmu forever on a half-open connection).
func (cn *conn) watch() {
	c := cn.c
	ping, readTimeout := int64(cn.pingInterval), int64(cn.readTimeout)
	writeTimeout := int64(c.opts.RequestTimeout)
	t := time.NewTimer(cn.pingInterval)
	defer t.Stop()
	for {
		select {
		case <-cn.done:
			return
		case <-c.ctx.Done():
			return
		case <-t.C:
		}
		now := cn.now()
		if w := cn.writing.Load(); w != 0 && now-w >= writeTimeout {
			cn.fail(fmt.Errorf("chorus: a write was stuck for %v", c.opts.RequestTimeout))
			return
		}
		lastRead := cn.lastRead.Load()
		if now-lastRead >= readTimeout {
			cn.fail(fmt.Errorf("chorus: nothing received from the server for %v", cn.readTimeout))
			return
		}
		next := min(cn.lastWrite.Load(), lastRead) + ping - now
		if next <= 0 {
			// Never ping on this goroutine: a write can block, and this
			// goroutine is what notices a blocked write.
			if cn.pinging.CompareAndSwap(false, true) && !c.spawn(cn.ping) {
				cn.pinging.Store(false)
			}
			next = ping
		}
		next = min(next, lastRead+readTimeout-now)
		if w := cn.writing.Load(); w != 0 {
			next = min(next, w+writeTimeout-now)
		}
		t.Reset(time.Duration(max(next, int64(time.Millisecond))))
	}
}

func (cn *conn) ping() {
	defer cn.pinging.Store(false)
	f := &chorusv1.Frame{Id: cn.c.nextID.Add(1), Body: &chorusv1.Frame_Ping{Ping: &chorusv1.Ping{}}}
	if err := cn.write(f); err != nil {
		cn.c.log.Debug("chorus: ping failed", "err", err)
	}
}

// timerPool saves a timer allocation per request. Since Go 1.23 a stopped
// timer's channel holds no stale value, so a reused timer is clean.
var timerPool sync.Pool

func getTimer(d time.Duration) *time.Timer {
	if t, ok := timerPool.Get().(*time.Timer); ok {
		t.Reset(d)
		return t
	}
	return time.NewTimer(d)
}

func putTimer(t *time.Timer) {
	t.Stop()
	timerPool.Put(t)
}
