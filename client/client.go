package client

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	mrand "math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
)

// Client is a connection to a Chorus server on behalf of one user and
// device, kept alive (and, with Options.Reconnect, re-established) until
// Close. All methods are safe for concurrent use.
//
// Goroutines: one reader per connection, one supervisor (keep-alive timer
// and reconnects), one that runs the callbacks, short-lived ones for pings
// and gap fills. Close waits for all of them, except that a callback
// running at that moment finishes on its own.
//
// Lock order: convMu before evMu; c.mu, cn.mu and cbMu are taken alone.
type Client struct {
	opts Options
	kind transportKind
	addr string
	log  *slog.Logger

	ctx    context.Context // ends at Close
	cancel context.CancelFunc
	nextID atomic.Uint64  // frame ids; unique per connection because unique per client
	wg     sync.WaitGroup // every goroutine but the callback one; Add only via spawn

	mu        sync.Mutex
	closed    bool
	cur       *conn         // the published connection; nil between connections
	ready     chan struct{} // closed iff cur != nil, down != nil or closed
	down      error         // why the client stopped for good; wraps ErrDisconnected
	userID    string
	sessionID string
	token     string // the token connections authenticate with (Options.Token, then TokenSource's)

	convMu sync.Mutex
	convs  map[string]*convState // ordering state per conversation id (sync.go)
	// With SkipHistory, pushes wait in held until the first sync has
	// told where each conversation stood at connect (see Dial).
	holding bool
	held    []heldMessage

	evMu    sync.Mutex
	evQ     []event // waiting for the callback goroutine (events.go)
	evSpare []event
	evSig   chan struct{} // capacity 1: "evQ is not empty"
	evDone  chan struct{} // closed when the callback goroutine exits

	cbMu       sync.Mutex
	closing    bool // no callback may start
	inCallback bool
}

// Dial connects to opts.Addr and authenticates. It fails with an *Error
// when the server rejects the token (TOKEN_INVALID, TOKEN_EXPIRED) and
// does not retry, even with Options.Reconnect: that only applies once
// connected. Dial does not sync; call Sync to fetch what was missed.
func Dial(ctx context.Context, opts Options) (*Client, error) {
	o, kind, addr, err := opts.normalized()
	if err != nil {
		return nil, err
	}
	c := newClient(o, kind, addr)
	cn, ar, err := c.connect(ctx)
	if err != nil {
		c.cancel()
		c.wg.Wait() // the failed connection's reader
		return nil, err
	}
	go c.deliverLoop()
	if o.SkipHistory {
		// Where each conversation stands now, so that a push of an older
		// message (committed before this connection, its fan-out still on
		// its way) is not taken for live traffic. Nothing is pulled.
		if v, err := c.sync(ctx, cn.call, 0, nil); err != nil {
			c.log.Warn("chorus: first sync failed; pushes of older messages may come through", "err", err)
		} else {
			cn.syncVersion.Store(v)
		}
		c.releaseHeld()
	}
	if !c.publish(cn, ar) {
		_ = c.Close()
		return nil, downError(cn.err)
	}
	c.spawn(func() { c.supervise(cn) })
	return c, nil
}

// newClient makes a client with no connection and no goroutines.
func newClient(o Options, kind transportKind, addr string) *Client {
	c := &Client{
		opts:    o,
		kind:    kind,
		addr:    addr,
		log:     o.Logger,
		ready:   make(chan struct{}),
		token:   o.Token,
		convs:   make(map[string]*convState, len(o.KnownSeqs)),
		holding: o.SkipHistory,
		evSig:   make(chan struct{}, 1),
		evDone:  make(chan struct{}),
	}
	c.ctx, c.cancel = context.WithCancel(context.Background())
	for id, seq := range o.KnownSeqs {
		if seq > 0 {
			c.convs[id] = &convState{next: seq + 1, handed: seq}
		}
	}
	c.opts.KnownSeqs = nil // copied into convs; do not keep the caller's map
	return c
}

// UserID is the authenticated user's id.
func (c *Client) UserID() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.userID
}

// SessionID is the server's id for the current connection; it changes on
// every reconnect.
func (c *Client) SessionID() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sessionID
}

// Close disconnects and stops the client. Calls in flight fail with
// ErrClosed, later calls too. Queued callbacks are dropped. It waits for
// the client's goroutines to exit, except a callback that is running (so
// that a callback may call Close); it never waits on the network. Close is
// idempotent and always returns nil.
func (c *Client) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	cn := c.cur
	if cn == nil && c.down == nil {
		close(c.ready)
	}
	c.cur = nil
	c.mu.Unlock()

	// Cancel before failing the conn, so requests woken by it see ErrClosed.
	c.cancel()
	if cn != nil {
		cn.fail(ErrClosed)
	}
	c.cbMu.Lock()
	c.closing = true
	inCallback := c.inCallback
	c.cbMu.Unlock()
	c.wg.Wait()
	if !inCallback {
		<-c.evDone
	}
	return nil
}

// spawn runs f on a goroutine Close waits for, unless the client is
// closed. Checking closed under c.mu keeps every wg.Add before Close's
// wg.Wait.
func (c *Client) spawn(f func()) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return false
	}
	c.wg.Go(f)
	return true
}

// connect dials, starts the reader and authenticates.
func (c *Client) connect(ctx context.Context) (*conn, *chorusv1.AuthResult, error) {
	ctx, cancel := context.WithTimeout(ctx, c.opts.DialTimeout)
	defer cancel()
	tr, err := dialTransport(ctx, c.kind, c.addr, c.opts.JSON)
	if err != nil {
		return nil, nil, err
	}
	cn := newConn(c, tr)
	if !c.spawn(cn.readLoop) {
		tr.close()
		return nil, nil, ErrClosed
	}
	c.mu.Lock()
	token := c.token
	c.mu.Unlock()
	r, err := cn.call(ctx, &chorusv1.Frame{Body: &chorusv1.Frame_Auth{Auth: &chorusv1.AuthRequest{
		Token:         token,
		DeviceId:      c.opts.DeviceID,
		Platform:      c.opts.Platform,
		ClientVersion: "chorus-go/" + Version,
	}}})
	ar := r.GetAuthResult()
	if err == nil && ar == nil {
		err = errors.New("chorus: auth got a reply that is not auth_result")
	}
	if err != nil {
		var cl *connLostError
		if errors.As(err, &cl) {
			err = cl.cause // the caller decides whether this is final
		}
		cn.fail(err)
		return nil, nil, err
	}
	cn.setTimes(ar)
	return cn, ar, nil
}

// publish makes cn the connection requests use, and wakes requests waiting
// for one. It reports false when the client is closed or cn already died.
func (c *Client) publish(cn *conn, ar *chorusv1.AuthResult) bool {
	c.mu.Lock()
	if c.closed || cn.dead() {
		c.mu.Unlock()
		cn.fail(ErrClosed)
		return false
	}
	c.cur = cn
	c.userID = ar.GetUserId()
	c.sessionID = ar.GetSessionId()
	close(c.ready)
	c.mu.Unlock()
	c.log.Debug("chorus: connected", "user", ar.GetUserId(), "session", ar.GetSessionId(), "node", ar.GetNodeId())
	return true
}

// connLost unpublishes cn (if it was published): from now on requests wait
// for the next connection.
func (c *Client) connLost(cn *conn) {
	c.mu.Lock()
	if c.cur == cn {
		c.cur = nil
		c.ready = make(chan struct{})
	}
	c.mu.Unlock()
}

// setDown records that the client stopped for good, and wakes requests
// waiting for a connection so they fail with err.
func (c *Client) setDown(err error) {
	c.mu.Lock()
	if c.down == nil && !c.closed {
		c.down = err
		if c.cur == nil {
			close(c.ready)
		}
	}
	c.mu.Unlock()
}

// conn returns the published connection, waiting for one while the client
// reconnects.
func (c *Client) conn(ctx context.Context) (*conn, error) {
	for {
		c.mu.Lock()
		closed, down, cn, ready := c.closed, c.down, c.cur, c.ready
		c.mu.Unlock()
		switch {
		case closed:
			return nil, ErrClosed
		case down != nil:
			return nil, down
		case cn != nil:
			return cn, nil
		}
		select {
		case <-ready:
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-c.ctx.Done():
			return nil, ErrClosed
		}
	}
}

// caller sends a request and returns its reply, or the reply's error as
// an *Error.
type caller func(ctx context.Context, f *chorusv1.Frame) (*chorusv1.Frame, error)

// call is the caller for requests from the app: it uses the published
// connection and, when that drops and the client reconnects, sends the
// request again on the next one. That is safe because every request it is
// used for is idempotent (send through its client_msg_id); the others use
// callOnce.
func (c *Client) call(ctx context.Context, f *chorusv1.Frame) (*chorusv1.Frame, error) {
	for {
		cn, err := c.conn(ctx)
		if err != nil {
			return nil, err
		}
		r, err := cn.call(ctx, f)
		var cl *connLostError
		if errors.As(err, &cl) {
			continue
		}
		return r, err
	}
}

// callOnce is the caller for requests that change state and are not
// idempotent (group changes): it waits for a connection like call, but
// sends the request at most once. When the connection drops after the
// request went out and before its reply, the outcome is unknown, and it
// fails with an error wrapping ErrConnectionLost instead of repeating
// the change on the next connection. A request that never went out
// (the connection it was given was already dead) is not a change that
// may have happened: it waits for the next connection and tries there.
func (c *Client) callOnce(ctx context.Context, f *chorusv1.Frame) (*chorusv1.Frame, error) {
	for {
		cn, err := c.conn(ctx)
		if err != nil {
			return nil, err
		}
		r, err := cn.call(ctx, f)
		var cl *connLostError
		if !errors.As(err, &cl) {
			return r, err
		}
		if !cl.unsent {
			return nil, fmt.Errorf("%w: %w", ErrConnectionLost, cl.cause)
		}
		// cn is unpublished before done closes: wait for that, so that
		// c.conn does not hand the same dead conn back.
		select {
		case <-cn.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// supervise watches the live connection and replaces it when it drops,
// until Close or until reconnecting is not allowed.
func (c *Client) supervise(cn *conn) {
	// The backoff carries over from one drop to the next unless the
	// connection stayed up for a while: a server that accepts and then
	// drops at once must not be hammered at the minimum delay.
	b := backoff{min: reconnectMin, max: reconnectMax}
	for {
		up := time.Now()
		cn.watch()
		if c.ctx.Err() != nil {
			return
		}
		if time.Since(up) >= reconnectMax {
			b.reset()
		}
		cause := cn.err // watch returned because cn died
		var d *DisconnectError
		errors.As(cause, &d)
		var dp *chorusv1.Disconnect
		if d != nil {
			dp = d.proto()
		}
		if c.opts.Reconnect && c.opts.TokenSource != nil && d != nil && d.Code == chorusv1.DisconnectCode_DISCONNECT_CODE_TOKEN_EXPIRED {
			if err := c.renewToken(); err != nil {
				cause = err
			} else {
				d = nil // reconnect with the new token
			}
		}
		if !c.opts.Reconnect || (d != nil && !d.Reconnect) || errors.Is(cause, errNoToken) {
			err := downError(cause)
			c.setDown(err)
			c.log.Info("chorus: disconnected", "err", cause)
			c.emit(event{kind: evDisconnect, disc: dp, err: err})
			return
		}
		c.log.Info("chorus: connection lost, reconnecting", "err", cause)
		c.emit(event{kind: evDisconnect, disc: dp, err: cause})
		if cn = c.reconnect(&b); cn == nil {
			return
		}
	}
}

// errNoToken wraps why Options.TokenSource gave no new token: the client
// stops, as it would with no TokenSource.
var errNoToken = errors.New("chorus: no new token")

// tokenTimeout bounds one call of Options.TokenSource.
const tokenTimeout = 30 * time.Second

// renewToken asks Options.TokenSource for a token for the next connection
// after the server said the last one expired.
func (c *Client) renewToken() error {
	if c.opts.TokenSource == nil {
		return fmt.Errorf("%w: the token expired and Options.TokenSource is not set", errNoToken)
	}
	ctx, cancel := context.WithTimeout(c.ctx, tokenTimeout)
	defer cancel()
	tok, err := c.opts.TokenSource(ctx)
	if err == nil && tok == "" {
		err = errors.New("it returned an empty token")
	}
	if err != nil {
		return fmt.Errorf("%w: Options.TokenSource: %v", errNoToken, err)
	}
	c.mu.Lock()
	c.token = tok
	c.mu.Unlock()
	c.log.Info("chorus: token renewed")
	return nil
}

// Reconnect backoff: the first attempt waits 125-250ms, so that a fleet of
// clients dropped by one node's shutdown does not arrive at once.
const (
	reconnectMin = 250 * time.Millisecond
	reconnectMax = 30 * time.Second
)

// reconnect dials until it has an authenticated, synced connection, and
// publishes it. It returns nil when the client closed or must stop.
func (c *Client) reconnect(b *backoff) *conn {
	for {
		if !c.sleep(context.Background(), b.next()) {
			return nil
		}
		cn, ar, err := c.connect(c.ctx)
		if err != nil {
			if c.ctx.Err() != nil {
				return nil
			}
			var e *Error
			var d *DisconnectError
			if errors.As(err, &e) && e.Code == chorusv1.ErrorCode_ERROR_CODE_TOKEN_EXPIRED && c.opts.TokenSource != nil {
				rerr := c.renewToken()
				if rerr == nil {
					continue // with the new token, after the backoff
				}
				err = rerr
			}
			if (errors.As(err, &e) && !e.Temporary) || (errors.As(err, &d) && !d.Reconnect) || errors.Is(err, errNoToken) {
				down := downError(err)
				c.setDown(down)
				c.log.Warn("chorus: reconnect refused, giving up", "err", err)
				var dp *chorusv1.Disconnect
				if d != nil {
					dp = d.proto()
				}
				c.emit(event{kind: evDisconnect, disc: dp, err: down})
				return nil
			}
			c.log.Info("chorus: reconnect failed", "err", err)
			continue
		}
		// Catch up before releasing waiting requests, so the app sees
		// missed messages before its retried sends land after them.
		// A full sync (since version 0): a new connection trusts nothing
		// an earlier one learned about the conversation list.
		v, err := c.sync(c.ctx, cn.call, 0, nil)
		if err != nil {
			if c.ctx.Err() != nil {
				cn.fail(ErrClosed)
				return nil
			}
			if cn.dead() {
				continue
			}
			// Gaps left now are filled by the next push or Sync.
			c.log.Warn("chorus: sync after reconnect failed", "err", err)
		} else {
			cn.syncVersion.Store(v)
		}
		if c.publish(cn, ar) {
			return cn
		}
		if c.ctx.Err() != nil {
			return nil
		}
	}
}

// sleep waits d, or until ctx ends or the client closes; it reports
// whether the whole wait passed.
func (c *Client) sleep(ctx context.Context, d time.Duration) bool {
	t := getTimer(d)
	defer putTimer(t)
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-c.ctx.Done():
		return false
	}
}

// backoff is exponential with "equal jitter": each delay is uniform in
// [d/2, d] as d doubles from min to max.
type backoff struct {
	min, max, cur time.Duration
}

func (b *backoff) next() time.Duration {
	if b.cur == 0 {
		b.cur = b.min
	} else {
		b.cur = min(2*b.cur, b.max)
	}
	half := b.cur / 2
	return half + mrand.N(half+1)
}

func (b *backoff) reset() { b.cur = 0 }

// NewClientMsgID returns a random 128-bit id in hex, the form Send uses
// when Outgoing.ClientMsgID is empty. Choose the id yourself (and store it
// with the outgoing message) when a send must survive a restart of the app:
// resending with the same id cannot create a duplicate.
func NewClientMsgID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails since Go 1.24
	return hex.EncodeToString(b[:])
}
