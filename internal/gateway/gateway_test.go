package gateway

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
	"github.com/chorus-im/chorus/internal/testutil"
)

const waitTimeout = testutil.WaitTimeout

var waitFor = testutil.WaitFor

// testHandler records what the gateway hands it and checks the Handler
// contract: frames serially per conn, never after HandleClose,
// HandleClosing at most once and never after HandleClose, and HandleClose
// exactly once.
type testHandler struct {
	tb testing.TB
	// onFrame, when set, runs after a frame is recorded (default: echo).
	onFrame func(c Conn, f *chorusv1.Frame)

	mu       sync.Mutex
	conns    map[uint64]Conn
	frames   map[uint64][]*chorusv1.Frame
	closings map[uint64][]*DisconnectError
	closes   map[uint64][]error
	busy     map[uint64]bool
}

func newTestHandler(tb testing.TB) *testHandler {
	return &testHandler{
		tb:       tb,
		onFrame:  echo,
		conns:    map[uint64]Conn{},
		frames:   map[uint64][]*chorusv1.Frame{},
		closings: map[uint64][]*DisconnectError{},
		closes:   map[uint64][]error{},
		busy:     map[uint64]bool{},
	}
}

func (h *testHandler) HandleFrame(c Conn, f *chorusv1.Frame) {
	h.mu.Lock()
	id := c.ID()
	if h.busy[id] {
		h.tb.Errorf("conn %d: HandleFrame called concurrently", id)
	}
	if len(h.closes[id]) > 0 {
		h.tb.Errorf("conn %d: HandleFrame after HandleClose", id)
	}
	h.busy[id] = true
	h.conns[id] = c
	h.frames[id] = append(h.frames[id], f)
	on := h.onFrame
	h.mu.Unlock()
	if on != nil {
		on(c, f)
	}
	h.mu.Lock()
	h.busy[id] = false
	h.mu.Unlock()
}

func (h *testHandler) HandleClosing(c Conn, d *DisconnectError) {
	h.mu.Lock()
	defer h.mu.Unlock()
	id := c.ID()
	if d == nil {
		h.tb.Errorf("conn %d: HandleClosing without a DisconnectError", id)
	}
	if len(h.closes[id]) > 0 {
		h.tb.Errorf("conn %d: HandleClosing after HandleClose", id)
	}
	h.conns[id] = c
	h.closings[id] = append(h.closings[id], d)
	if n := len(h.closings[id]); n > 1 {
		h.tb.Errorf("conn %d: HandleClosing called %d times", id, n)
	}
}

// closingOf returns what HandleClosing got for conn id, or nil.
func (h *testHandler) closingOf(id uint64) *DisconnectError {
	h.mu.Lock()
	defer h.mu.Unlock()
	if ds := h.closings[id]; len(ds) > 0 {
		return ds[0]
	}
	return nil
}

// closedYet reports whether HandleClose was called for conn id.
func (h *testHandler) closedYet(id uint64) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.closes[id]) > 0
}

func (h *testHandler) HandleClose(c Conn, err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	id := c.ID()
	if h.busy[id] {
		h.tb.Errorf("conn %d: HandleClose during HandleFrame", id)
	}
	h.conns[id] = c
	h.closes[id] = append(h.closes[id], err)
	if n := len(h.closes[id]); n > 1 {
		h.tb.Errorf("conn %d: HandleClose called %d times", id, n)
	}
	var de *DisconnectError
	if errors.As(err, &de) && len(h.closings[id]) != 1 {
		h.tb.Errorf("conn %d: the server closed it (%v) with %d HandleClosing calls, want 1", id, err, len(h.closings[id]))
	}
}

// echo answers auth with auth_result (and marks the conn authenticated)
// and send with send_ack, both carrying the request id.
func echo(c Conn, f *chorusv1.Frame) {
	switch b := f.Body.(type) {
	case *chorusv1.Frame_Auth:
		c.MarkAuthenticated()
		c.Send(NewOutgoing(&chorusv1.Frame{Id: f.Id, Body: &chorusv1.Frame_AuthResult{
			AuthResult: &chorusv1.AuthResult{UserId: b.Auth.GetToken()},
		}}))
	case *chorusv1.Frame_Send:
		c.Send(NewOutgoing(&chorusv1.Frame{Id: f.Id, Body: &chorusv1.Frame_SendAck{
			SendAck: &chorusv1.SendAck{ConversationId: b.Send.GetConversationId()},
		}}))
	}
}

func (h *testHandler) framesOf(id uint64) []*chorusv1.Frame {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]*chorusv1.Frame(nil), h.frames[id]...)
}

// allFrames returns every frame of every conn.
func (h *testHandler) allFrames() []*chorusv1.Frame {
	h.mu.Lock()
	defer h.mu.Unlock()
	var fs []*chorusv1.Frame
	for _, f := range h.frames {
		fs = append(fs, f...)
	}
	return fs
}

// closeErr waits for HandleClose of conn id and returns its error.
func (h *testHandler) closeErr(tb testing.TB, id uint64) error {
	tb.Helper()
	var err error
	waitFor(tb, fmt.Sprintf("HandleClose of conn %d", id), func() bool {
		h.mu.Lock()
		defer h.mu.Unlock()
		if es := h.closes[id]; len(es) > 0 {
			err = es[0]
			return true
		}
		return false
	})
	return err
}

func (h *testHandler) numClosed() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.closes)
}

// connWith waits for the conn whose frames include one with id fid
// (clients tag themselves with an auth or send request of a unique id).
func (h *testHandler) connWith(tb testing.TB, fid uint64) Conn {
	tb.Helper()
	var c Conn
	waitFor(tb, fmt.Sprintf("a conn that sent frame %d", fid), func() bool {
		h.mu.Lock()
		defer h.mu.Unlock()
		for id, fs := range h.frames {
			for _, f := range fs {
				if f.Id == fid {
					c = h.conns[id]
					return true
				}
			}
		}
		return false
	})
	return c
}

type testServer struct {
	g      *Gateway
	h      *testHandler
	tcp    string // host:port
	wsURL  string // ws://host:port/ws
	closed bool
}

// startGateway runs a Gateway with a TCP listener and an HTTP server for
// /ws, both on 127.0.0.1 port 0, and shuts them down with the test.
func startGateway(tb testing.TB, cfg Config) *testServer {
	tb.Helper()
	h := newTestHandler(tb)
	g, err := New(cfg, h)
	if err != nil {
		tb.Fatal(err)
	}
	addr, err := g.ListenTCP("127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /ws", g.WebSocketHandler())
	srv := httptest.NewServer(mux)
	s := &testServer{g: g, h: h, tcp: addr.String(), wsURL: "ws" + strings.TrimPrefix(srv.URL, "http") + "/ws"}
	tb.Cleanup(func() {
		srv.Close()
		if !s.closed {
			ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
			defer cancel()
			if err := g.Shutdown(ctx, im.Disconnect(chorusv1.DisconnectCode_DISCONNECT_CODE_SHUTDOWN, "test over")); err != nil {
				tb.Errorf("Shutdown: %v", err)
			}
		}
	})
	return s
}

func (s *testServer) shutdown(tb testing.TB, d *chorusv1.Disconnect) {
	tb.Helper()
	s.closed = true
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	if err := s.g.Shutdown(ctx, d); err != nil {
		tb.Fatalf("Shutdown: %v", err)
	}
}

// tcpClient speaks the TCP framing.
type tcpClient struct {
	tb testing.TB
	net.Conn
	r *bufio.Reader
}

func dialTCP(tb testing.TB, addr string) *tcpClient {
	tb.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { c.Close() })
	return &tcpClient{tb: tb, Conn: c, r: bufio.NewReader(c)}
}

var encodeTCP = testutil.EncodeTCPFrame

func (c *tcpClient) writeRaw(b []byte) {
	c.tb.Helper()
	if _, err := c.Write(b); err != nil {
		c.tb.Fatalf("write: %v", err)
	}
}

func (c *tcpClient) send(f *chorusv1.Frame) { c.tb.Helper(); c.writeRaw(encodeTCP(c.tb, f)) }

// next reads one frame, or returns the read error (io.EOF at the end).
func (c *tcpClient) next() (*chorusv1.Frame, error) {
	c.SetReadDeadline(time.Now().Add(waitTimeout))
	return testutil.ReadTCPFrame(c.r)
}

func (c *tcpClient) read() *chorusv1.Frame {
	c.tb.Helper()
	f, err := c.next()
	if err != nil {
		c.tb.Fatalf("read frame: %v", err)
	}
	return f
}

// expectEOF reads until the server closes, failing on any frame.
func (c *tcpClient) expectEOF() {
	c.tb.Helper()
	f, err := c.next()
	if f != nil {
		c.tb.Fatalf("got frame %v, want EOF", f)
	}
	if !errors.Is(err, io.EOF) {
		c.tb.Fatalf("got %v, want EOF", err)
	}
}

func authFrame(id uint64, user string) *chorusv1.Frame {
	return &chorusv1.Frame{Id: id, Body: &chorusv1.Frame_Auth{Auth: &chorusv1.AuthRequest{Token: user}}}
}

func sendFrame(id uint64, conv string) *chorusv1.Frame {
	return &chorusv1.Frame{Id: id, Body: &chorusv1.Frame_Send{Send: &chorusv1.SendRequest{ConversationId: conv}}}
}

// frameOfSize returns a send frame with id that encodes to exactly n bytes.
func frameOfSize(tb testing.TB, id uint64, n int) *chorusv1.Frame {
	tb.Helper()
	f := sendFrame(id, "")
	for l := n; l > 0; l-- {
		f.GetSend().ConversationId = strings.Repeat("y", l)
		if proto.Size(f) == n {
			return f
		}
	}
	tb.Fatalf("no send frame of %d bytes", n)
	return nil
}

func pingFrame(id uint64) *chorusv1.Frame {
	return &chorusv1.Frame{Id: id, Body: &chorusv1.Frame_Ping{Ping: &chorusv1.Ping{}}}
}

func wantAck(tb testing.TB, f *chorusv1.Frame, id uint64, conv string) {
	tb.Helper()
	if f.GetId() != id || f.GetSendAck().GetConversationId() != conv {
		tb.Fatalf("got %v, want send_ack %d for %q", f, id, conv)
	}
}

func wantError(tb testing.TB, f *chorusv1.Frame, code chorusv1.ErrorCode) {
	tb.Helper()
	if f.GetId() != 0 || f.GetError().GetCode() != code {
		tb.Fatalf("got %v, want error %v with id 0", f, code)
	}
}

func wantDisconnect(tb testing.TB, f *chorusv1.Frame, code chorusv1.DisconnectCode) {
	tb.Helper()
	d := f.GetDisconnect()
	if d == nil || d.Code != code || d.Reconnect != (code < 3500) {
		tb.Fatalf("got %v, want disconnect %v", f, code)
	}
}

func wantDisconnectError(tb testing.TB, err error, code chorusv1.DisconnectCode) {
	tb.Helper()
	var de *DisconnectError
	if !errors.As(err, &de) || de.Code != code {
		tb.Fatalf("HandleClose got %v, want *DisconnectError %v", err, code)
	}
}

func TestTCPRoundTrip(t *testing.T) {
	s := startGateway(t, Config{})
	c := dialTCP(t, s.tcp)
	c.send(authFrame(1, "alice"))
	if f := c.read(); f.GetId() != 1 || f.GetAuthResult().GetUserId() != "alice" {
		t.Fatalf("got %v", f)
	}
	c.send(sendFrame(2, "g:x"))
	wantAck(t, c.read(), 2, "g:x")

	sc := s.h.connWith(t, 1)
	if sc.Transport() != "tcp" || sc.RemoteAddr() != c.LocalAddr().String() {
		t.Errorf("Transport %q RemoteAddr %q, want tcp %q", sc.Transport(), sc.RemoteAddr(), c.LocalAddr())
	}
	sc.SetSession("state")
	if sc.Session() != "state" {
		t.Errorf("Session() = %v", sc.Session())
	}
	c2 := dialTCP(t, s.tcp)
	c2.send(authFrame(3, "bob"))
	c2.read()
	if id2 := s.h.connWith(t, 3).ID(); id2 == sc.ID() {
		t.Errorf("two conns share id %d", id2)
	}
}

func TestTCPSplitByteByByte(t *testing.T) {
	s := startGateway(t, Config{})
	c := dialTCP(t, s.tcp)
	var stream []byte
	for i := uint64(1); i <= 3; i++ {
		stream = append(stream, encodeTCP(t, sendFrame(i, strings.Repeat("c", int(i)*100)))...)
	}
	for _, b := range stream {
		c.writeRaw([]byte{b})
	}
	for i := uint64(1); i <= 3; i++ {
		wantAck(t, c.read(), i, strings.Repeat("c", int(i)*100))
	}
}

func TestTCPSeveralFramesInOneWrite(t *testing.T) {
	s := startGateway(t, Config{})
	c := dialTCP(t, s.tcp)
	var stream []byte
	for i := uint64(1); i <= 20; i++ {
		stream = append(stream, encodeTCP(t, sendFrame(i, fmt.Sprint("c", i)))...)
	}
	stream = append(stream, encodeTCP(t, &chorusv1.Frame{Id: 21})...) // an empty body is a frame too
	c.writeRaw(stream)
	for i := uint64(1); i <= 20; i++ {
		wantAck(t, c.read(), i, fmt.Sprint("c", i))
	}
	waitFor(t, "21 frames handled", func() bool { return len(s.h.allFrames()) == 21 })
	for i, f := range s.h.allFrames() {
		if f.Id != uint64(i+1) {
			t.Fatalf("frame %d has id %d: out of order", i, f.Id)
		}
	}
}

func TestTCPTruncatedFrameThenClientClose(t *testing.T) {
	s := startGateway(t, Config{})
	c := dialTCP(t, s.tcp)
	c.send(authFrame(1, "alice"))
	c.read()
	full := encodeTCP(t, sendFrame(2, strings.Repeat("x", 1000)))
	c.writeRaw(full[:600])
	c.Close()
	id := s.h.connWith(t, 1).ID()
	if err := s.h.closeErr(t, id); err == nil {
		t.Error("HandleClose got nil error for a client close")
	}
	if n := len(s.h.framesOf(id)); n != 1 {
		t.Errorf("handled %d frames, want 1 (the truncated one is dropped)", n)
	}
	waitFor(t, "conn forgotten", func() bool { return s.g.Conns() == 0 })

	c2 := dialTCP(t, s.tcp)
	c2.send(sendFrame(3, "still serving"))
	wantAck(t, c2.read(), 3, "still serving")
}

func TestTCPMalformedFrameKeepsConn(t *testing.T) {
	s := startGateway(t, Config{})
	c := dialTCP(t, s.tcp)
	// Field 1 (id, a varint) with its value missing.
	c.writeRaw([]byte{0, 0, 0, 1, 0x08})
	wantError(t, c.read(), chorusv1.ErrorCode_ERROR_CODE_BAD_FRAME)
	c.send(sendFrame(7, "after"))
	wantAck(t, c.read(), 7, "after")
}

func TestTCPOversizedFrame(t *testing.T) {
	const limit = 4096
	s := startGateway(t, Config{MaxFrameSize: limit})
	c := dialTCP(t, s.tcp)
	c.send(authFrame(1, "alice"))
	c.read()
	id := s.h.connWith(t, 1).ID()
	// Announce 2 GiB and send some of it: the server must not allocate
	// or wait for it.
	c.writeRaw(append(binary.BigEndian.AppendUint32(nil, 1<<31), make([]byte, 1000)...))
	wantError(t, c.read(), chorusv1.ErrorCode_ERROR_CODE_FRAME_TOO_LARGE)
	wantDisconnect(t, c.read(), chorusv1.DisconnectCode_DISCONNECT_CODE_BAD_FRAME)
	c.expectEOF()
	c.Close()
	wantDisconnectError(t, s.h.closeErr(t, id), chorusv1.DisconnectCode_DISCONNECT_CODE_BAD_FRAME)

	// Exactly the limit is fine.
	c2 := dialTCP(t, s.tcp)
	f := frameOfSize(t, 2, limit)
	c2.send(f)
	wantAck(t, c2.read(), 2, f.GetSend().GetConversationId())
}

func TestPingPong(t *testing.T) {
	s := startGateway(t, Config{})
	c := dialTCP(t, s.tcp)
	before := time.Now().UnixMilli()
	c.send(pingFrame(42))
	f := c.read()
	if f.GetId() != 42 || f.GetPong().GetServerTimeMs() < before {
		t.Fatalf("got %v, want pong 42", f)
	}
	c.send(sendFrame(43, "x"))
	wantAck(t, c.read(), 43, "x")
	for _, f := range s.h.allFrames() {
		if f.GetPing() != nil {
			t.Errorf("the Handler saw a ping: %v", f)
		}
	}
}

func TestSendAndCloseAfterClose(t *testing.T) {
	// The client closes its side below; until then the close waits for it.
	s := startGateway(t, Config{CloseTimeout: time.Hour})
	c := dialTCP(t, s.tcp)
	c.send(authFrame(1, "alice"))
	c.read()
	sc := s.h.connWith(t, 1)
	d := im.Disconnect(chorusv1.DisconnectCode_DISCONNECT_CODE_KICKED, "logged in elsewhere")
	sc.Close(d)
	sc.Close(d) // idempotent
	sc.Close(nil)
	if sc.Send(NewOutgoing(sendFrame(9, "late"))) {
		t.Error("Send after Close returned true")
	}
	wantDisconnect(t, c.read(), chorusv1.DisconnectCode_DISCONNECT_CODE_KICKED)
	// The Handler heard of the close before its Disconnect was written, and
	// long before the close completes.
	if cl := s.h.closingOf(sc.ID()); cl == nil || cl.Code != chorusv1.DisconnectCode_DISCONNECT_CODE_KICKED || s.h.closedYet(sc.ID()) {
		t.Fatalf("when the Disconnect arrived: HandleClosing %v, HandleClose called %v", cl, s.h.closedYet(sc.ID()))
	}
	c.expectEOF()
	c.Close()
	wantDisconnectError(t, s.h.closeErr(t, sc.ID()), chorusv1.DisconnectCode_DISCONNECT_CODE_KICKED)
	if sc.Send(NewOutgoing(sendFrame(10, "later"))) {
		t.Error("Send after HandleClose returned true")
	}
}

func TestIdleTimeout(t *testing.T) {
	s := startGateway(t, Config{IdleTimeout: 300 * time.Millisecond, AuthTimeout: time.Hour})
	c := dialTCP(t, s.tcp)
	c.send(authFrame(1, "alice"))
	c.read()
	wantDisconnect(t, c.read(), chorusv1.DisconnectCode_DISCONNECT_CODE_IDLE_TIMEOUT)
	c.expectEOF()
	c.Close()
	wantDisconnectError(t, s.h.closeErr(t, s.h.connWith(t, 1).ID()), chorusv1.DisconnectCode_DISCONNECT_CODE_IDLE_TIMEOUT)
}

func TestAuthTimeout(t *testing.T) {
	s := startGateway(t, Config{IdleTimeout: time.Hour, AuthTimeout: 300 * time.Millisecond})
	authed := dialTCP(t, s.tcp)
	authed.send(authFrame(1, "alice"))
	authed.read()
	anon := dialTCP(t, s.tcp)
	anon.send(sendFrame(2, "not authenticated"))
	anon.read()
	wantDisconnect(t, anon.read(), chorusv1.DisconnectCode_DISCONNECT_CODE_AUTH_TIMEOUT)
	anon.expectEOF()
	anon.Close()
	wantDisconnectError(t, s.h.closeErr(t, s.h.connWith(t, 2).ID()), chorusv1.DisconnectCode_DISCONNECT_CODE_AUTH_TIMEOUT)
	// The authenticated one, opened before, is still served.
	authed.send(sendFrame(3, "still here"))
	wantAck(t, authed.read(), 3, "still here")
}

func TestSlowConsumer(t *testing.T) {
	// burst: Sends faster than any flush fill the queue itself.
	// paced: the flusher keeps up, so the socket buffers fill first, then
	// the queue, as with a client that stopped reading.
	for _, paced := range []bool{false, true} {
		t.Run(map[bool]string{false: "burst", true: "paced"}[paced], func(t *testing.T) {
			s := startGateway(t, Config{WriteQueueBytes: 64 << 10, CloseTimeout: 300 * time.Millisecond})
			c := dialTCP(t, s.tcp)
			c.Conn.(*net.TCPConn).SetReadBuffer(4 << 10)
			c.send(authFrame(1, "alice"))
			c.read()
			sc := s.h.connWith(t, 1).(*conn)
			o := NewOutgoing(&chorusv1.Frame{Body: &chorusv1.Frame_Notification{
				Notification: &chorusv1.Notification{Type: "bulk", Data: make([]byte, 16<<10)},
			}})
			sent, sawFull := 0, false
			for sc.Send(o) { // the client never reads: Send must refuse, never block
				sent++
				if sent > 100000 { // 1.6 GB
					t.Fatal("Send never refused")
				}
				for paced {
					sc.mu.Lock()
					busy := sc.queued+sc.inflight > 0
					sc.mu.Unlock()
					full := socketFull(sc)
					sawFull = sawFull || full
					if !busy || full || sc.loadState() != stateOpen {
						break
					}
					time.Sleep(time.Millisecond)
				}
			}
			t.Logf("Send refused after %d frames of 16 KiB", sent)
			if paced && !sawFull {
				t.Error("the socket's send buffer never filled")
			}
			wantDisconnectError(t, s.h.closeErr(t, sc.ID()), chorusv1.DisconnectCode_DISCONNECT_CODE_SLOW_CONSUMER)

			c2 := dialTCP(t, s.tcp) // others are unaffected
			c2.send(sendFrame(2, "fine"))
			wantAck(t, c2.read(), 2, "fine")
		})
	}
}

func TestHandleCloseOnceUnderRacingCloses(t *testing.T) {
	s := startGateway(t, Config{})
	const n = 20
	var wg sync.WaitGroup
	for i := range 2 * n {
		id := uint64(100 + i)
		var clientClose func()
		if i%2 == 0 {
			c := dialTCP(t, s.tcp)
			c.send(authFrame(id, "u"))
			c.read()
			clientClose = func() { c.Close() }
		} else {
			c := dialWS(t, s.wsURL)
			c.send(authFrame(id, "u"))
			c.read()
			clientClose = func() { c.CloseNow() }
		}
		sc := s.h.connWith(t, id)
		wg.Add(3)
		go func() { defer wg.Done(); sc.Close(im.Disconnect(chorusv1.DisconnectCode_DISCONNECT_CODE_REMOVED, "")) }()
		go func() { defer wg.Done(); sc.Close(nil) }()
		go func() { defer wg.Done(); clientClose() }()
	}
	wg.Wait()
	waitFor(t, "every conn closed", func() bool { return s.h.numClosed() == 2*n && s.g.Conns() == 0 })
}

func TestShutdownDisconnectsEveryone(t *testing.T) {
	s := startGateway(t, Config{})
	var tcps []*tcpClient
	for i := range 3 {
		c := dialTCP(t, s.tcp)
		c.send(authFrame(uint64(i+1), "u"))
		c.read()
		tcps = append(tcps, c)
	}
	wss := []*wsClient{dialWS(t, s.wsURL), dialWS(t, s.wsURL, SubprotocolJSON)}
	for i, c := range wss {
		c.send(authFrame(uint64(10+i), "w"))
		c.read()
	}
	if n := s.g.Conns(); n != 5 {
		t.Fatalf("Conns() = %d, want 5", n)
	}

	done := make(chan struct{})
	go func() {
		defer close(done)
		s.shutdown(t, im.Disconnect(chorusv1.DisconnectCode_DISCONNECT_CODE_SHUTDOWN, "bye"))
	}()
	for _, c := range tcps {
		wantDisconnect(t, c.read(), chorusv1.DisconnectCode_DISCONNECT_CODE_SHUTDOWN)
		c.expectEOF()
		c.Close()
	}
	for _, c := range wss {
		wantDisconnect(t, c.read(), chorusv1.DisconnectCode_DISCONNECT_CODE_SHUTDOWN)
		c.expectClose(3000)
	}
	<-done
	if s.h.numClosed() != 5 || s.g.Conns() != 0 {
		t.Fatalf("after Shutdown: %d HandleClose calls, Conns() = %d", s.h.numClosed(), s.g.Conns())
	}
	for id := range s.h.closes {
		wantDisconnectError(t, s.h.closes[id][0], chorusv1.DisconnectCode_DISCONNECT_CODE_SHUTDOWN)
	}
	if _, err := net.Dial("tcp", s.tcp); err == nil {
		t.Error("the TCP listener still accepts after Shutdown")
	}
}

func TestShutdownDeadlineDropsStuckClients(t *testing.T) {
	s := startGateway(t, Config{CloseTimeout: time.Hour})
	c := dialTCP(t, s.tcp)
	c.send(authFrame(1, "u"))
	c.read()
	// The client never closes its side, so the close cannot complete
	// before the deadline.
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	s.closed = true
	if err := s.g.Shutdown(ctx, nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Shutdown = %v, want deadline exceeded", err)
	}
	if s.h.numClosed() != 1 || s.g.Conns() != 0 {
		t.Fatalf("after Shutdown: %d HandleClose calls, Conns() = %d", s.h.numClosed(), s.g.Conns())
	}
}

// A single frame larger than the whole write budget (a big sync result)
// still reaches a client that has nothing else queued.
func TestFrameLargerThanBudgetGoesOutAlone(t *testing.T) {
	s := startGateway(t, Config{WriteQueueBytes: 64 << 10})
	c := dialTCP(t, s.tcp)
	c.send(authFrame(1, "alice"))
	c.read()
	sc := s.h.connWith(t, 1).(*conn)
	big := make([]byte, 200<<10)
	if !sc.Send(NewOutgoing(&chorusv1.Frame{Body: &chorusv1.Frame_Notification{Notification: &chorusv1.Notification{Type: "big", Data: big}}})) {
		t.Fatal("a lone large frame was refused")
	}
	if f := c.read(); len(f.GetNotification().GetData()) != len(big) {
		t.Fatalf("got %v", f)
	}
}
