package gateway

import (
	"context"
	"encoding/binary"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"

	"github.com/lesismal/nbio/logging"
	"github.com/lesismal/nbio/nbhttp/websocket"
)

// WebSocket subprotocols.
const (
	// SubprotocolProto is protobuf frames in binary messages (the default).
	SubprotocolProto = "chorus.v1.proto"
	// SubprotocolJSON is protojson frames in text messages, for debugging
	// and simple clients.
	SubprotocolJSON = "chorus.v1.json"
)

// pickSubprotocol returns the first subprotocol in the client's list that
// the gateway speaks, or "" (protobuf, with no header in the response).
func pickSubprotocol(r *http.Request) string {
	for _, h := range r.Header.Values("Sec-Websocket-Protocol") {
		for p := range strings.SplitSeq(h, ",") {
			if p = strings.TrimSpace(p); p == SubprotocolProto || p == SubprotocolJSON {
				return p
			}
		}
	}
	return ""
}

func wireFor(subprotocol string) wire {
	if subprotocol == SubprotocolJSON {
		return wireWSText
	}
	return wireWSBinary
}

// WebSocketHandler returns the handler to mount at /ws on the node's
// HTTP/1.1 server. It upgrades the request and moves the connection from
// net/http to the gateway's event loops, so no goroutine stays behind for
// it. After Shutdown it answers 503.
func (g *Gateway) WebSocketHandler() http.Handler {
	return http.HandlerFunc(g.serveWS)
}

func (g *Gateway) serveWS(w http.ResponseWriter, r *http.Request) {
	g.handshakes.RLock()
	defer g.handshakes.RUnlock()
	if g.shutting.Load() {
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	wsc, err := g.upgrader.Upgrade(w, r, http.Header{"Sec-Websocket-Protocol": {pickSubprotocol(r)}})
	if err != nil {
		g.log.Debug("gateway: websocket upgrade failed", "remote", r.RemoteAddr, "err", err)
		return
	}
	c, ok := wsc.Session().(*conn)
	if !ok {
		// The hijacked conn was not a plain *net.TCPConn (TLS from
		// net/http, for instance), so nbio could not move it to the event
		// loop and would need a goroutine per connection. Refuse.
		g.log.Error("gateway: websocket connection cannot move to the event loop; terminate TLS in front of the node",
			"conn_type", fmt.Sprintf("%T", wsc.UnderlayerConn()))
		wsc.Close()
		return
	}
	// nbio wrote the 101 response into the fresh socket's empty send
	// buffer, which takes it whole, so nothing of it waits in nbio's cache
	// and our writes may start.
	c.start()
}

func (g *Gateway) newUpgrader() *websocket.Upgrader {
	u := websocket.NewUpgrader()
	u.Engine = g.engine
	// nbio would pick by the server's order; serveWS honours the client's
	// order instead, passing its choice in the response header.
	u.Subprotocols = nil
	u.CheckOrigin = g.cfg.CheckOrigin
	// Scenario 3.1 in nbio's Upgrade: dup the *net.TCPConn's fd onto our
	// event loop and let net/http's goroutine end.
	u.BlockingModTrasferConnToPoller = true
	u.BlockingModHandleRead = false // never start a read goroutine
	u.BlockingModAsyncWrite = false
	u.MessageLengthLimit = g.cfg.MaxFrameSize // wsScanner refuses first
	u.KeepaliveTime = 0                       // no read deadline timer per connection: the sweeper does it
	u.ReleasePayload = true
	u.EnableCompression(false)
	u.OnMessage(func(wsc *websocket.Conn, mt websocket.MessageType, data []byte) {
		if c, ok := wsc.Session().(*conn); ok && c.loadState() == stateOpen {
			c.handlePayload(data, mt == websocket.TextMessage)
		}
	})
	// Pongs and close echoes go through our queue or straight to the
	// socket, never through nbio's websocket writer, so they cannot cut
	// into a batch the flusher is writing.
	u.SetPingHandler(func(wsc *websocket.Conn, appData string) {
		if c, ok := wsc.Session().(*conn); ok {
			c.enqueue(wsControl(opPong, []byte(appData)))
		}
	})
	u.SetCloseHandler(func(wsc *websocket.Conn, code int, text string) {
		c, ok := wsc.Session().(*conn)
		if !ok {
			return
		}
		c.mu.Lock()
		initiated := c.loadState() != stateOpen
		c.state.Store(uint32(stateClosed)) // nbio closes the socket right after this handler
		c.mu.Unlock()
		if initiated {
			return // our close frame went out first; no echo
		}
		// Echo the client's close code, as RFC 6455 asks; best effort, the
		// socket closes next.
		var p []byte
		if code != 1005 { // 1005: the client sent no code
			p = make([]byte, 2, 2+len(text))
			binary.BigEndian.PutUint16(p, uint16(code))
			p = append(p, text...)
		}
		_, _ = c.nc.Write(wsControl(opClose, p))
	})
	u.OnClose(func(wsc *websocket.Conn, err error) {
		if c, ok := wsc.Session().(*conn); ok {
			c.finish(err)
		}
	})
	return u
}

// routeNBIOLogs sends nbio's logs, which go to stdout by default, to
// slog.Default(). nbio has one global logger, hence once per process.
var routeNBIOLogs = sync.OnceFunc(func() { logging.SetLogger(nbioLogger{}) })

type nbioLogger struct{}

func (nbioLogger) log(level slog.Level, format string, v []any) {
	l, ctx := slog.Default(), context.Background()
	if l.Enabled(ctx, level) {
		l.Log(ctx, level, "nbio: "+fmt.Sprintf(format, v...))
	}
}

// nbio logs engine starts and stops at Info; that is Debug for us.
func (l nbioLogger) Debug(format string, v ...any) { l.log(slog.LevelDebug, format, v) }
func (l nbioLogger) Info(format string, v ...any)  { l.log(slog.LevelDebug, format, v) }
func (l nbioLogger) Warn(format string, v ...any)  { l.log(slog.LevelWarn, format, v) }
func (l nbioLogger) Error(format string, v ...any) { l.log(slog.LevelError, format, v) }
