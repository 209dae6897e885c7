package gateway

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lesismal/nbio"
	"github.com/lesismal/nbio/nbhttp"
	"github.com/lesismal/nbio/nbhttp/websocket"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
)

// Config tunes a Gateway. The zero value of each field means its default.
type Config struct {
	// MaxFrameSize is the largest inbound frame in bytes (default 64 KiB).
	// It is checked before anything is allocated for a frame. Outbound
	// frames are not limited by it.
	MaxFrameSize int
	// WriteQueueBytes is each connection's outbound budget in bytes
	// (default 1 MiB): frames queued, being written, or held by the event
	// loop for a full socket. A Send that would exceed it closes the
	// connection as a slow consumer, except that a frame larger than the
	// whole budget is let through when nothing else is pending.
	WriteQueueBytes int
	// IdleTimeout closes a connection that sent nothing for this long
	// (default 90s).
	IdleTimeout time.Duration
	// AuthTimeout closes a connection not marked authenticated this long
	// after it was accepted (default 10s).
	AuthTimeout time.Duration
	// CloseTimeout bounds a close: a connection whose final frames are not
	// written, or whose client does not close its side, this long after
	// the close began is dropped (default 5s). Frames queued before the
	// Disconnect that found no room in the socket within half of it are
	// dropped, so that the Disconnect still goes out.
	CloseTimeout time.Duration
	// CheckOrigin decides whether a WebSocket handshake from a browser
	// with an Origin header is accepted. Nil accepts requests without an
	// Origin header and those whose Origin host equals the request's Host.
	CheckOrigin func(r *http.Request) bool
	// Logger receives the gateway's logs (default slog.Default()).
	Logger *slog.Logger
}

func (c *Config) setDefaults() error {
	if c.MaxFrameSize < 0 || c.WriteQueueBytes < 0 || c.IdleTimeout < 0 || c.AuthTimeout < 0 || c.CloseTimeout < 0 {
		return errors.New("gateway: negative limit in Config")
	}
	if c.MaxFrameSize == 0 {
		c.MaxFrameSize = 64 << 10
	}
	if c.WriteQueueBytes == 0 {
		c.WriteQueueBytes = 1 << 20
	}
	if c.IdleTimeout == 0 {
		c.IdleTimeout = 90 * time.Second
	}
	if c.AuthTimeout == 0 {
		c.AuthTimeout = 10 * time.Second
	}
	if c.CloseTimeout == 0 {
		c.CloseTimeout = 5 * time.Second
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	return nil
}

// Handler is the layer above the gateway.
type Handler interface {
	// HandleFrame gets every decoded frame except ping, serially per
	// connection, on a gateway event-loop goroutine that serves many
	// connections: it must not block for long (offload store work). It is
	// never called after or during HandleClose of the same connection.
	HandleFrame(c Conn, f *chorusv1.Frame)
	// HandleClosing is called when the node begins to close a connection
	// on purpose (Conn.Close or CloseAt, a slow consumer, the idle or auth
	// timeout, an oversized frame, Shutdown), before the connection's last
	// frames are flushed, so that the layer above can stop treating it as
	// online at once instead of when the close completes (up to
	// CloseTimeout later). d is what HandleClose will get. It is called at
	// most once per connection, never after HandleClose, and never while
	// the gateway holds a lock; it runs on the goroutine that began the
	// close, which may be inside the Handler's own Send or Close call, or
	// inside HandleFrame, and it may overlap a HandleFrame of the same
	// connection. Connections that the client or the network ends get
	// HandleClose only.
	HandleClosing(c Conn, d *DisconnectError)
	// HandleClose is called exactly once per connection after it closed.
	// err is a *DisconnectError when the server side closed it, otherwise
	// what ended it: io.EOF when the client closed cleanly, a
	// *websocket.CloseError from nbio for a WebSocket close code other
	// than 1000, a network error. Never nil.
	HandleClose(c Conn, err error)
}

// Gateway serves client connections over TCP and WebSocket.
type Gateway struct {
	cfg   Config
	h     Handler
	log   *slog.Logger
	epoch time.Time

	engine   *nbhttp.Engine
	upgrader *websocket.Upgrader
	reg      *registry
	flush    *flusher

	shutting  atomic.Bool
	shutdownD atomic.Pointer[stdDisconnect] // set before shutting
	// handshakes is read-locked by each WebSocket upgrade in progress, so
	// that Shutdown can wait for them before it walks the registry.
	handshakes sync.RWMutex
	done       chan struct{}  // closed when Shutdown stops the goroutines
	wg         sync.WaitGroup // sweeper and flush workers
	acceptWG   sync.WaitGroup // accept loops

	mu        sync.Mutex
	listeners []net.Listener // guarded by mu
}

// New starts a Gateway's event loops, flush workers and sweeper; it
// listens nowhere yet (see ListenTCP and WebSocketHandler). Stop it with
// Shutdown.
func New(cfg Config, h Handler) (*Gateway, error) {
	if h == nil {
		return nil, errors.New("gateway: nil Handler")
	}
	if err := cfg.setDefaults(); err != nil {
		return nil, err
	}
	routeNBIOLogs()
	g := &Gateway{
		cfg:   cfg,
		h:     h,
		log:   cfg.Logger,
		epoch: time.Now(),
		reg:   newRegistry(),
		flush: newFlusher(max(2, runtime.GOMAXPROCS(0))),
		done:  make(chan struct{}),
	}
	const readBuffer = 64 << 10 // one per event loop, not per connection
	npoller := max(1, runtime.GOMAXPROCS(0)/2)
	g.engine = nbhttp.NewEngine(nbhttp.Config{
		Name:           "chorus-gateway",
		NPoller:        npoller,
		ReadBufferSize: readBuffer,
		// nbio's parser holds at most one incomplete frame plus one read;
		// wsScanner keeps frames within MaxFrameSize.
		ReadLimit:               cfg.MaxFrameSize + 14 + readBuffer,
		ReleaseWebsocketPayload: true,
		// Run frame handling on the event loop itself, as for TCP: the
		// Handler is asked not to block, and a goroutine pool would cost a
		// hop per frame.
		ServerExecutor:    func(f func()) { f() },
		SupportServerOnly: true, // no client-side goroutine pool
	})
	g.engine.Engine.OnOpen(g.onOpen)
	g.engine.Engine.OnData(g.onData)
	g.engine.Engine.OnWrittenSize(g.onWritten)
	g.engine.OnClose(g.onTCPClose) // runs serially with the conn's reads
	g.upgrader = g.newUpgrader()
	if err := g.engine.Start(); err != nil {
		return nil, fmt.Errorf("gateway: start event loops: %w", err)
	}
	if err := g.waitPollersRunning(npoller); err != nil {
		return nil, err
	}
	g.flush.run(&g.wg, g.done)
	g.wg.Add(1)
	go g.sweepLoop()
	return g, nil
}

// clock is the gateway's monotonic time in nanoseconds.
func (g *Gateway) clock() int64 { return int64(time.Since(g.epoch)) }

// Conns is the number of connections open or closing (not yet through
// HandleClose).
func (g *Gateway) Conns() int { return g.reg.len() }

// ListenTCP accepts raw TCP clients on addr ("host:port"; port 0 picks a
// free port) and returns the bound address. It may be called more than
// once. Each listener has one accept goroutine; accepted connections move
// to the event loops.
func (g *Gateway) ListenTCP(addr string) (net.Addr, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	g.mu.Lock()
	if g.shutting.Load() {
		g.mu.Unlock()
		ln.Close()
		return nil, errors.New("gateway: shut down")
	}
	g.listeners = append(g.listeners, ln)
	g.acceptWG.Add(1)
	g.mu.Unlock()
	go g.acceptLoop(ln)
	return ln.Addr(), nil
}

func (g *Gateway) acceptLoop(ln net.Listener) {
	defer g.acceptWG.Done()
	var delay time.Duration
	for {
		raw, err := ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			// Out of files or similar: back off as net/http does instead
			// of spinning.
			delay = min(max(2*delay, 5*time.Millisecond), time.Second)
			g.log.Warn("gateway: accept failed", "addr", ln.Addr(), "err", err, "retry_in", delay)
			select {
			case <-time.After(delay):
			case <-g.done:
				return
			}
			continue
		}
		delay = 0
		g.addTCP(raw)
	}
}

// addTCP moves an accepted connection onto an event loop.
func (g *Gateway) addTCP(raw net.Conn) {
	nc, err := nbio.NBConn(raw) // dups the fd and closes raw
	if err != nil {
		raw.Close()
		g.log.Warn("gateway: cannot take over connection", "remote", raw.RemoteAddr(), "err", err)
		return
	}
	nc.SetSession(g.newConn(nc, nil, wireTCP))
	if _, err := g.engine.AddConn(nc); err != nil {
		// nbio closed it; the Handler never saw it.
		g.log.Warn("gateway: cannot add connection to event loop", "err", err)
	}
}

// onOpen runs when nbio registers a connection, before its first read.
func (g *Gateway) onOpen(nc *nbio.Conn) {
	var c *conn
	switch s := nc.Session().(type) {
	case *conn: // TCP, made by addTCP
		c = s
	case *websocket.Conn: // made by the upgrader, which writes the 101 response after this
		c = g.newConn(nc, s, wireFor(s.Subprotocol()))
		s.SetSession(c)
	default:
		return
	}
	setCloseOnExec(nc)
	// The event loop takes this lock before every read, so taking it here
	// orders our initialisation before the first read callback, for the
	// race detector too.
	nc.Lock()
	//lint:ignore SA2001 the empty critical section is the point
	nc.Unlock()
	g.reg.add(c)
	// A conn registered while Shutdown walks the registry may be missed by
	// it; this check catches those.
	if g.shutting.Load() {
		c.closeStd(g.shutdownD.Load())
	}
}

// connOf finds our conn behind an nbio connection.
func connOf(nc *nbio.Conn) *conn {
	switch s := nc.Session().(type) {
	case *conn:
		return s
	case *websocket.Conn:
		c, _ := s.Session().(*conn)
		return c
	}
	return nil
}

// pollerProbe is the session of a connection that only proves an event
// loop is running (see waitPollersRunning).
type pollerProbe struct {
	once sync.Once
	seen chan struct{}
}

// onData gets the bytes of every read of every connection.
func (g *Gateway) onData(nc *nbio.Conn, data []byte) {
	switch s := nc.Session().(type) {
	case *pollerProbe:
		s.once.Do(func() { close(s.seen) })
	case *conn:
		// Execute serialises frame handling with the close callback (nbio
		// runs that through the same per-conn job list), so HandleFrame
		// never overlaps HandleClose. It runs the job right here: data is
		// the event loop's buffer and is not kept.
		nc.Execute(func() { s.onTCPData(data) })
	case *websocket.Conn:
		if c, ok := s.Session().(*conn); ok {
			c.onWSData(data)
		} else {
			nc.DataHandler()(nc, data)
		}
	}
}

// onWritten gets nbio's reports of bytes written from its write cache.
func (g *Gateway) onWritten(nc *nbio.Conn, _ []byte, n int) {
	if c := connOf(nc); c != nil {
		c.written(n)
	}
}

// onTCPClose is nbhttp's close callback; WebSocket closes arrive through
// the upgrader's OnClose instead, with the WebSocket-level error.
func (g *Gateway) onTCPClose(nc net.Conn, err error) {
	if n, ok := nc.(*nbio.Conn); ok {
		if c, ok := n.Session().(*conn); ok {
			c.finish(err)
		}
	}
}

// Shutdown stops the listeners and the WebSocket handler, closes every
// connection with d (nil: no Disconnect frame), and waits until the
// Handler's HandleClose returned for all of them. When ctx ends first, it
// drops the remaining connections without waiting for their clients,
// still calls HandleClose for each, and returns ctx.Err(). A Gateway
// cannot be restarted.
func (g *Gateway) Shutdown(ctx context.Context, d *chorusv1.Disconnect) error {
	g.mu.Lock()
	if g.shutting.Load() {
		g.mu.Unlock()
		return errors.New("gateway: already shut down")
	}
	sd := disconnectOf(d) // one encoding for everyone
	g.shutdownD.Store(sd)
	g.shutting.Store(true)
	lns := g.listeners
	g.listeners = nil
	g.mu.Unlock()

	for _, ln := range lns {
		ln.Close()
	}
	g.acceptWG.Wait()
	g.handshakes.Lock() // no upgrade in progress, and none will start
	//lint:ignore SA2001 waiting is the point
	g.handshakes.Unlock()
	for _, c := range g.reg.all() {
		if c.loadState() == stateOpen {
			c.closeStd(sd)
		}
	}

	var err error
	t := time.NewTicker(5 * time.Millisecond)
wait:
	for g.reg.len() > 0 {
		select {
		case <-ctx.Done():
			err = ctx.Err()
			for _, c := range g.reg.all() {
				c.hardClose(nil)
			}
			break wait
		case <-t.C:
		}
	}
	t.Stop()
	// Stop closes whatever is left and returns after nbio ran every close
	// callback, so HandleClose has been called for every conn.
	g.engine.Stop()
	// Orphans the sweeper had not finished yet (see sweep).
	for _, c := range g.reg.all() {
		c.finish(net.ErrClosed)
	}
	close(g.done)
	g.wg.Wait()
	return err
}
