package gateway

import (
	"fmt"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lesismal/nbio"
	"github.com/lesismal/nbio/nbhttp/websocket"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
)

// Conn is one client connection as the layer above sees it. Every method
// is safe for concurrent use and none blocks on the network.
type Conn interface {
	// ID is unique among the connections of this process.
	ID() uint64
	// Transport is "tcp" or "ws".
	Transport() string
	// RemoteAddr is the peer's address ("ip:port") as the socket sees it;
	// behind a proxy that is the proxy.
	RemoteAddr() string
	// Send queues o without blocking. It returns false when the connection
	// is closed or closing, or when o cannot be encoded (logged). When the
	// queue would exceed Config.WriteQueueBytes the connection is closed
	// with DISCONNECT_CODE_SLOW_CONSUMER and Send returns false.
	Send(o *Outgoing) bool
	// Close queues a Disconnect frame with d (nil: none) and, on WebSocket,
	// a close frame whose code is d.Code; then the connection is flushed,
	// half-closed and closed. Best effort, idempotent, never blocks.
	// Frames arriving after Close are dropped. Frames queued before it go
	// out first, unless the client has not made room for them in half of
	// Config.CloseTimeout: those are dropped then, so that the Disconnect
	// still follows the last whole frame the client gets.
	Close(d *chorusv1.Disconnect)
	// CloseAt arranges for Close(d) once t has passed, for a session whose
	// token expires at t. A later call replaces the earlier one; the zero
	// time cancels. The gateway's sweeper does it, not a timer per
	// connection, so the close comes up to one sweep interval late: a
	// quarter of the shortest of Config's IdleTimeout, AuthTimeout and
	// CloseTimeout, within 5 ms and 1 s (1 s with the defaults). A t
	// already past closes at the next sweep. t is taken as a wall-clock
	// time when CloseAt is called and counted on the monotonic clock from
	// then on, so a later step of the wall clock does not move it.
	CloseAt(t time.Time, d *chorusv1.Disconnect)
	// SetSession attaches the layer above's state to the connection.
	SetSession(v any)
	// Session returns what SetSession attached, or nil.
	Session() any
	// MarkAuthenticated lifts the auth timeout.
	MarkAuthenticated()
}

// DisconnectError is the error HandleClose receives when the server side
// ended a connection: the gateway itself (timeouts, slow consumer, bad
// frames, Shutdown) or a Close call. Any other error means the client or
// the network ended it (io.EOF: the client closed).
type DisconnectError struct {
	Code   chorusv1.DisconnectCode
	Reason string
}

// Error implements error.
func (e *DisconnectError) Error() string {
	return fmt.Sprintf("gateway: disconnected: %s: %s", e.Code, e.Reason)
}

// connState is where a connection is in its life. It only moves forward.
type connState uint32

const (
	stateOpen      connState = iota
	stateClosing             // Close was called: flushing the queue, which ends with the Disconnect
	stateLingering           // all written and the write side shut down: waiting for the peer to close
	stateClosed              // the socket is closed or closing; HandleClose follows
)

// closingState is HandleClosing's progress on a conn. It only moves
// forward, under the conn's mu.
type closingState uint8

const (
	closingNone    closingState = iota // not closing on purpose (yet)
	closingOwed                        // the close began; HandleClosing is owed
	closingRunning                     // HandleClosing is running
	closingDone                        // HandleClosing returned
)

// closeAt is a deadline set by CloseAt.
type closeAt struct {
	at int64 // gateway clock
	d  *stdDisconnect
}

// nextConnID makes Conn ids unique per process.
var nextConnID atomic.Uint64

// conn implements Conn on top of an nbio.Conn.
type conn struct {
	g    *Gateway
	nc   *nbio.Conn
	ws   *websocket.Conn // nil for TCP
	id   uint64
	wire wire

	state       atomic.Uint32 // connState; changed under mu, read anywhere
	authed      atomic.Bool
	started     atomic.Bool             // writing allowed (WebSocket: after the handshake response); set under mu
	finished    atomic.Bool             // HandleClose was called
	orphan      atomic.Bool             // the sweeper saw nbio closed before finish (see sweep)
	openedAt    int64                   // gateway clock; the auth timeout counts from it
	lastActive  atomic.Int64            // gateway clock of the last inbound bytes
	closeBy     atomic.Int64            // gateway clock; a closing conn is dropped after it
	nbioPending atomic.Int64            // bytes handed to nbio's write cache, not yet written
	deadline    atomic.Pointer[closeAt] // set by CloseAt; nil: none

	mu        sync.Mutex
	queue     [][]byte // encoded frames for the flusher; nil when empty
	queued    int      // bytes in queue
	inflight  int      // bytes the flusher took from queue and is writing
	scheduled bool     // on a flusher's ready list, waiting for room, or being flushed
	// nfinal is how many closing frames (Disconnect, WebSocket close) end
	// the queue; they are not counted in queued.
	nfinal  uint8
	closing closingState
	// room estimates the free space in the socket's send buffer, in the
	// kernel's bytes (see writeCost): measured when short, less the cost
	// of each write since. Used only by the flush, which runs on one
	// worker at a time per conn, so mu does not guard it. (The small
	// fields sit together to keep conn within a 256-byte allocation.)
	room     int32
	closeErr error // why the server side closed it, for HandleClose
	session  any

	// Read side, used only by the connection's serial read path.
	dec  frameDecoder // TCP
	scan wsScanner    // WebSocket
}

var _ Conn = (*conn)(nil)

func (g *Gateway) newConn(nc *nbio.Conn, ws *websocket.Conn, w wire) *conn {
	now := g.clock()
	c := &conn{g: g, nc: nc, ws: ws, id: nextConnID.Add(1), wire: w, openedAt: now}
	c.lastActive.Store(now)
	// TCP may write at once; WebSocket waits for the handshake response,
	// which nbio writes after the connection is already registered.
	c.started.Store(ws == nil)
	return c
}

func (c *conn) ID() uint64 { return c.id }

func (c *conn) Transport() string {
	if c.ws != nil {
		return "ws"
	}
	return "tcp"
}

func (c *conn) RemoteAddr() string {
	if a := c.nc.RemoteAddr(); a != nil {
		return a.String()
	}
	return ""
}

func (c *conn) SetSession(v any) {
	c.mu.Lock()
	c.session = v
	c.mu.Unlock()
}

func (c *conn) Session() any {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.session
}

func (c *conn) MarkAuthenticated() { c.authed.Store(true) }

func (c *conn) loadState() connState { return connState(c.state.Load()) }

func (c *conn) Send(o *Outgoing) bool {
	if c.loadState() != stateOpen {
		return false
	}
	b, err := o.bytes(c.wire)
	if err != nil {
		if o.enc[c.wire].reported.CompareAndSwap(false, true) {
			c.g.log.Error("gateway: cannot encode frame", "err", err)
		}
		return false
	}
	return c.enqueue(b)
}

// enqueue queues b within the write budget, or closes the connection as a
// slow consumer when b does not fit.
func (c *conn) enqueue(b []byte) bool {
	c.mu.Lock()
	if c.loadState() != stateOpen {
		c.mu.Unlock()
		return false
	}
	// A frame larger than the whole budget (a big sync result) still goes
	// out when nothing else waits, so one large reply can never lock a
	// client out; behind other frames it counts as falling behind.
	if pending := c.queued + c.inflight + int(c.nbioPending.Load()); pending > 0 && pending+len(b) > c.g.cfg.WriteQueueBytes {
		// What is queued will not reach the client in time anyway: drop it
		// so the Disconnect goes out next and the memory is freed now.
		kick := c.beginCloseLocked(discSlowConsumer, true)
		c.mu.Unlock()
		c.closeBegun(kick)
		c.g.log.Debug("gateway: slow consumer", "conn", c.id, "remote", c.RemoteAddr())
		return false
	}
	if c.queue == nil {
		c.queue = getBatch()
	}
	c.queue = append(c.queue, b)
	c.queued += len(b)
	kick := c.kickLocked()
	c.mu.Unlock()
	if kick {
		c.g.flush.schedule(c)
	}
	return true
}

// kickLocked reports whether the caller must schedule a flush (after
// unlocking mu), and marks the conn scheduled if so.
func (c *conn) kickLocked() bool {
	if c.scheduled || !c.started.Load() {
		return false
	}
	if len(c.queue) == 0 && c.loadState() != stateClosing {
		return false
	}
	c.scheduled = true
	return true
}

// start allows writing (WebSocket: the handshake response is out).
func (c *conn) start() {
	c.mu.Lock()
	c.started.Store(true)
	kick := c.kickLocked()
	c.mu.Unlock()
	if kick {
		c.g.flush.schedule(c)
	}
}

func (c *conn) Close(d *chorusv1.Disconnect) {
	if c.loadState() != stateOpen {
		return
	}
	c.closeStd(disconnectOf(d))
}

// closeStd starts closing c with d.
func (c *conn) closeStd(d *stdDisconnect) {
	c.mu.Lock()
	kick := c.beginCloseLocked(d, false)
	c.mu.Unlock()
	c.closeBegun(kick)
}

// closeBegun runs after a call of closeLocked, outside every gateway lock:
// it tells the Handler of the close if nobody did yet, then schedules the
// flush if kick. The Handler hears first, so that the session has left
// everything that would push to it before its last frames go out.
func (c *conn) closeBegun(kick bool) {
	c.notifyClosing()
	if kick {
		c.g.flush.schedule(c)
	}
}

// notifyClosing calls HandleClosing if it is owed and nobody called it
// yet. Both the goroutine that began the close and finish call it, so
// that HandleClosing comes exactly once and always before HandleClose.
func (c *conn) notifyClosing() {
	c.mu.Lock()
	if c.closing != closingOwed {
		c.mu.Unlock()
		return
	}
	c.closing = closingRunning
	d, _ := c.closeErr.(*DisconnectError)
	c.mu.Unlock()
	c.g.h.HandleClosing(c, d)
	c.mu.Lock()
	c.closing = closingDone
	c.mu.Unlock()
}

// closingNow reports whether HandleClosing is running now.
func (c *conn) closingNow() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closing == closingRunning
}

func (c *conn) CloseAt(t time.Time, d *chorusv1.Disconnect) {
	if t.IsZero() {
		c.deadline.Store(nil)
		return
	}
	c.deadline.Store(&closeAt{at: c.g.clock() + int64(time.Until(t)), d: disconnectOf(d)})
}

// stdDisconnect is a Disconnect ready to be sent to any number of
// connections: encoded once per wire form, as any Outgoing.
type stdDisconnect struct {
	err *DisconnectError
	out *Outgoing // nil: no Disconnect frame
}

func newStdDisconnect(code chorusv1.DisconnectCode, reason string) *stdDisconnect {
	return disconnectOf(im.Disconnect(code, reason))
}

// disconnectOf prepares d (nil: close without a Disconnect frame).
func disconnectOf(d *chorusv1.Disconnect) *stdDisconnect {
	if d == nil {
		return &stdDisconnect{err: &DisconnectError{Reason: "closed by the server"}}
	}
	return &stdDisconnect{
		err: &DisconnectError{Code: d.GetCode(), Reason: d.GetReason()},
		out: NewOutgoing(&chorusv1.Frame{Body: &chorusv1.Frame_Disconnect{Disconnect: d}}),
	}
}

var (
	discSlowConsumer = newStdDisconnect(chorusv1.DisconnectCode_DISCONNECT_CODE_SLOW_CONSUMER, "the client did not read its frames fast enough")
	discIdle         = newStdDisconnect(chorusv1.DisconnectCode_DISCONNECT_CODE_IDLE_TIMEOUT, "nothing received for the idle timeout")
	discAuth         = newStdDisconnect(chorusv1.DisconnectCode_DISCONNECT_CODE_AUTH_TIMEOUT, "not authenticated in time")
	discTooLarge     = newStdDisconnect(chorusv1.DisconnectCode_DISCONNECT_CODE_BAD_FRAME, "frame too large")
)

// beginCloseLocked starts closing with d; see closeLocked.
func (c *conn) beginCloseLocked(d *stdDisconnect, discard bool) bool {
	var b []byte
	if d.out != nil {
		var err error
		if b, err = d.out.bytes(c.wire); err != nil {
			c.g.log.Error("gateway: cannot encode disconnect", "conn", c.id, "err", err)
		}
	}
	return c.closeLocked(d.err, b, discard)
}

// closeLocked moves an open conn to closing: it records why, drops the
// queue if discard, queues frame (may be nil) and the WebSocket close
// frame, and reports whether the caller must schedule a flush.
func (c *conn) closeLocked(derr *DisconnectError, frame []byte, discard bool) bool {
	if c.loadState() != stateOpen {
		return false
	}
	c.state.Store(uint32(stateClosing))
	c.closing = closingOwed
	c.closeErr = derr
	c.closeBy.Store(c.g.clock() + int64(c.g.cfg.CloseTimeout))
	if discard {
		putBatch(c.queue)
		c.queue, c.queued = nil, 0
	}
	if c.queue == nil {
		c.queue = getBatch()
	}
	// The closing frames do not count against the budget: they are small
	// and the queue is not going to grow any more. The flush writes them
	// into the room it kept for them (closeReserve).
	if frame != nil {
		c.queue = append(c.queue, frame)
		c.nfinal++
	}
	if c.ws != nil {
		c.queue = append(c.queue, wsCloseFrame(derr.Code, derr.Reason))
		c.nfinal++
	}
	return c.kickLocked()
}

// hardClose closes the socket now, whatever is still queued.
func (c *conn) hardClose(err error) {
	c.mu.Lock()
	if c.closeErr == nil {
		c.closeErr = err
	}
	c.state.Store(uint32(stateClosed))
	putBatch(c.queue)
	c.queue, c.queued, c.nfinal = nil, 0, 0
	c.mu.Unlock()
	_ = c.nc.CloseWithError(err)
}

// finish runs once nbio reports the socket closed: it frees what the conn
// holds, tells the Handler, and forgets the conn. err is the transport's
// reason, used when the server side gave none.
func (c *conn) finish(err error) {
	if !c.finished.CompareAndSwap(false, true) {
		return
	}
	c.mu.Lock()
	c.state.Store(uint32(stateClosed))
	if c.closeErr != nil {
		err = c.closeErr
	} else if err == nil {
		err = io.EOF // a clean close by the client (WebSocket close 1000)
	}
	putBatch(c.queue)
	c.queue, c.queued, c.nfinal = nil, 0, 0
	c.mu.Unlock()
	c.deadline.Store(nil)
	// nbio runs this after the conn's last read callback and never
	// concurrently with one, so the read side is ours here.
	c.dec.reset()
	defer c.g.reg.remove(c)
	// A close that began on another goroutine may not have told the
	// Handler yet: tell it here, or wait for it to finish telling.
	c.notifyClosing()
	for c.closingNow() {
		runtime.Gosched() // rare and short: the Handler unregisters a session
	}
	c.g.h.HandleClose(c, err)
}

// touch records inbound activity.
func (c *conn) touch() { c.lastActive.Store(c.g.clock()) }

// onTCPData handles the bytes of one read on a TCP connection. It runs
// serially per connection (see Gateway.onData).
func (c *conn) onTCPData(data []byte) {
	c.touch()
	for len(data) > 0 && c.loadState() == stateOpen {
		frame, ok, rest, err := c.dec.next(data, c.g.cfg.MaxFrameSize)
		if err != nil {
			c.dec.reset()
			c.rejectTooLarge(uint64(err.(*frameTooLargeError).size))
			return
		}
		data = rest
		if !ok {
			return
		}
		c.handlePayload(frame, false)
	}
}

// onWSData handles the bytes of one read on a WebSocket connection before
// nbio's parser sees them.
func (c *conn) onWSData(data []byte) {
	c.touch()
	if c.loadState() != stateOpen {
		// Closing: nothing the client says matters any more, and the
		// parser's replies would interleave with our close sequence.
		return
	}
	for {
		r := c.scan.scan(data, c.g.cfg.MaxFrameSize)
		if r.n > 0 {
			// The parser handles the messages in data[:n] before it
			// returns (frame handling runs on the event loop itself).
			c.nc.DataHandler()(c.nc, data[:r.n])
		}
		switch r.ev {
		case scanTooLarge:
			c.rejectTooLarge(r.size)
		case scanEmpty:
			if c.loadState() != stateOpen {
				return
			}
			c.handlePayload(nil, r.text)
			if data = data[r.n:]; len(data) > 0 {
				continue
			}
		}
		return
	}
}

// rejectTooLarge answers a frame over MaxFrameSize and closes: the stream
// cannot be trusted to be framed any more (TCP), or the client ignores the
// limit (WebSocket).
func (c *conn) rejectTooLarge(size uint64) {
	c.sendError(chorusv1.ErrorCode_ERROR_CODE_FRAME_TOO_LARGE,
		fmt.Sprintf("frame of %d bytes is over max_frame_size (%d)", size, c.g.cfg.MaxFrameSize))
	c.closeStd(discTooLarge)
}

// jsonIn ignores unknown fields, as protobuf does, so that older nodes
// accept frames from newer JSON clients.
var jsonIn = protojson.UnmarshalOptions{DiscardUnknown: true}

// handlePayload decodes one inbound frame and answers ping or passes it on.
func (c *conn) handlePayload(b []byte, text bool) {
	if len(b) == 0 {
		// Protobuf would decode it as a Frame without id or body and JSON
		// not at all; one answer on every transport, before and after
		// auth, is simpler for clients. Its id is 0: there is none to copy.
		c.sendError(chorusv1.ErrorCode_ERROR_CODE_UNKNOWN_FRAME, "the frame is empty")
		return
	}
	f := new(chorusv1.Frame)
	var err error
	if text {
		err = jsonIn.Unmarshal(b, f)
	} else {
		err = proto.Unmarshal(b, f)
	}
	if err != nil {
		c.sendError(chorusv1.ErrorCode_ERROR_CODE_BAD_FRAME, "the frame is not a valid chorus.v1.Frame")
		return
	}
	if _, ok := f.Body.(*chorusv1.Frame_Ping); ok {
		if f.Id == 0 {
			// As for every request: a pong with id 0 could not be told
			// from a push.
			c.sendError(chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT, "a request needs a non-zero id (0 is the id of pushes)")
			return
		}
		c.Send(NewOutgoing(&chorusv1.Frame{Id: f.Id, Body: &chorusv1.Frame_Pong{
			Pong: &chorusv1.Pong{ServerTimeMs: time.Now().UnixMilli()},
		}}))
		return
	}
	c.g.h.HandleFrame(c, f)
}

// sendError sends an Error frame with id 0: the gateway's errors are about
// bytes whose request id it could not read.
func (c *conn) sendError(code chorusv1.ErrorCode, msg string) {
	c.Send(NewOutgoing(&chorusv1.Frame{Body: &chorusv1.Frame_Error{Error: im.Errorf(code, "%s", msg).Proto()}}))
}

// batchPool recycles queue slices so that a busy connection does not
// allocate one per flush while an idle one holds none.
var batchPool = sync.Pool{New: func() any { b := make([][]byte, 0, 16); return &b }}

func getBatch() [][]byte { return (*batchPool.Get().(*[][]byte))[:0] }

func putBatch(b [][]byte) {
	if b == nil || cap(b) > 4096 {
		return
	}
	clear(b[:cap(b)])
	b = b[:0]
	batchPool.Put(&b)
}
