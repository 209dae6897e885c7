package gateway

import (
	"context"
	"testing"
	"time"

	"github.com/coder/websocket"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
)

// wsClient speaks the WebSocket framing through coder/websocket.
type wsClient struct {
	tb testing.TB
	*websocket.Conn
	json bool // chorus.v1.json was negotiated
}

func dialWS(tb testing.TB, url string, subprotocols ...string) *wsClient {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	c, _, err := websocket.Dial(ctx, url, &websocket.DialOptions{Subprotocols: subprotocols})
	if err != nil {
		tb.Fatal(err)
	}
	c.SetReadLimit(-1)
	tb.Cleanup(func() { c.CloseNow() })
	return &wsClient{tb: tb, Conn: c, json: c.Subprotocol() == SubprotocolJSON}
}

func (c *wsClient) write(typ websocket.MessageType, b []byte) {
	c.tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	if err := c.Write(ctx, typ, b); err != nil {
		c.tb.Fatalf("write: %v", err)
	}
}

func (c *wsClient) sendBinary(f *chorusv1.Frame) {
	c.tb.Helper()
	b, err := proto.Marshal(f)
	if err != nil {
		c.tb.Fatal(err)
	}
	c.write(websocket.MessageBinary, b)
}

func (c *wsClient) sendText(f *chorusv1.Frame) {
	c.tb.Helper()
	b, err := protojson.Marshal(f)
	if err != nil {
		c.tb.Fatal(err)
	}
	c.write(websocket.MessageText, b)
}

// send uses the negotiated encoding.
func (c *wsClient) send(f *chorusv1.Frame) {
	c.tb.Helper()
	if c.json {
		c.sendText(f)
	} else {
		c.sendBinary(f)
	}
}

// read reads one frame and checks it came in the negotiated encoding.
func (c *wsClient) read() *chorusv1.Frame {
	c.tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	typ, b, err := c.Read(ctx)
	if err != nil {
		c.tb.Fatalf("read: %v", err)
	}
	f := new(chorusv1.Frame)
	if c.json {
		if typ != websocket.MessageText {
			c.tb.Fatalf("got a %v message on a JSON connection", typ)
		}
		err = protojson.Unmarshal(b, f)
	} else {
		if typ != websocket.MessageBinary {
			c.tb.Fatalf("got a %v message on a protobuf connection", typ)
		}
		err = proto.Unmarshal(b, f)
	}
	if err != nil {
		c.tb.Fatalf("decode %q: %v", b, err)
	}
	return f
}

// expectClose reads until the server's close frame and checks its code.
func (c *wsClient) expectClose(code websocket.StatusCode) {
	c.tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	typ, b, err := c.Read(ctx)
	if err == nil {
		c.tb.Fatalf("got a %v message %q, want close %d", typ, b, code)
	}
	if got := websocket.CloseStatus(err); got != code {
		c.tb.Fatalf("got %v (status %d), want close %d", err, got, code)
	}
}

func TestWSBinaryRoundTrip(t *testing.T) {
	s := startGateway(t, Config{})
	for _, protos := range [][]string{nil, {SubprotocolProto}, {"unknown", SubprotocolProto}} {
		c := dialWS(t, s.wsURL, protos...)
		if c.json {
			t.Fatalf("subprotocols %v negotiated JSON", protos)
		}
		c.send(authFrame(1, "alice"))
		if f := c.read(); f.GetAuthResult().GetUserId() != "alice" {
			t.Fatalf("got %v", f)
		}
		c.send(sendFrame(2, "g:x"))
		wantAck(t, c.read(), 2, "g:x")
		// Text is JSON whatever the subprotocol.
		c.sendText(sendFrame(3, "as json"))
		wantAck(t, c.read(), 3, "as json")
		c.send(pingFrame(4))
		if f := c.read(); f.GetId() != 4 || f.GetPong() == nil {
			t.Fatalf("got %v, want pong 4", f)
		}
	}
	sc := s.h.connWith(t, 1)
	if sc.Transport() != "ws" || sc.RemoteAddr() == "" {
		t.Errorf("Transport %q RemoteAddr %q", sc.Transport(), sc.RemoteAddr())
	}
}

func TestWSJSONRoundTrip(t *testing.T) {
	s := startGateway(t, Config{})
	c := dialWS(t, s.wsURL, SubprotocolJSON, SubprotocolProto)
	if !c.json {
		t.Fatalf("negotiated %q, want %q", c.Subprotocol(), SubprotocolJSON)
	}
	c.send(authFrame(1, "alice"))
	if f := c.read(); f.GetAuthResult().GetUserId() != "alice" {
		t.Fatalf("got %v", f)
	}
	c.write(websocket.MessageText, []byte(`{"id":"2","send":{"conversation_id":"g:y","futureField":1}}`))
	wantAck(t, c.read(), 2, "g:y")
	// Binary is protobuf whatever the subprotocol.
	c.sendBinary(sendFrame(3, "as proto"))
	wantAck(t, c.read(), 3, "as proto")

	c.write(websocket.MessageText, []byte(`{"id": nope}`))
	wantError(t, c.read(), chorusv1.ErrorCode_ERROR_CODE_BAD_FRAME)
	c.send(sendFrame(4, "still open"))
	wantAck(t, c.read(), 4, "still open")
}

func TestWSMalformedFrameKeepsConn(t *testing.T) {
	s := startGateway(t, Config{})
	c := dialWS(t, s.wsURL)
	c.write(websocket.MessageBinary, []byte{0x08})
	wantError(t, c.read(), chorusv1.ErrorCode_ERROR_CODE_BAD_FRAME)
	c.send(sendFrame(1, "after"))
	wantAck(t, c.read(), 1, "after")
}

func TestWSOversizedMessage(t *testing.T) {
	const limit = 4096
	s := startGateway(t, Config{MaxFrameSize: limit})
	c := dialWS(t, s.wsURL)
	c.send(authFrame(1, "alice"))
	c.read()
	id := s.h.connWith(t, 1).ID()
	go func() {
		// Write may fail once the server has closed; the reads below are
		// the test.
		ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
		defer cancel()
		c.Write(ctx, websocket.MessageBinary, make([]byte, limit+1))
	}()
	wantError(t, c.read(), chorusv1.ErrorCode_ERROR_CODE_FRAME_TOO_LARGE)
	wantDisconnect(t, c.read(), chorusv1.DisconnectCode_DISCONNECT_CODE_BAD_FRAME)
	c.expectClose(3500)
	wantDisconnectError(t, s.h.closeErr(t, id), chorusv1.DisconnectCode_DISCONNECT_CODE_BAD_FRAME)

	// A message of exactly the limit, in fragments, is fine; and the
	// server still serves others.
	c2 := dialWS(t, s.wsURL)
	f := frameOfSize(t, 2, limit)
	b, _ := proto.Marshal(f)
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	w, err := c2.Writer(ctx, websocket.MessageBinary)
	if err != nil {
		t.Fatal(err)
	}
	for len(b) > 0 {
		n := min(len(b), 1000)
		if _, err := w.Write(b[:n]); err != nil {
			t.Fatal(err)
		}
		b = b[n:]
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	wantAck(t, c2.read(), 2, f.GetSend().GetConversationId())
}

func TestWSControlFrames(t *testing.T) {
	s := startGateway(t, Config{IdleTimeout: time.Hour})
	c := dialWS(t, s.wsURL)
	c.send(authFrame(1, "alice"))
	c.read()
	// coder/websocket processes the pong inside Read, so read meanwhile.
	got := make(chan *chorusv1.Frame, 1)
	go func() { got <- c.read() }()
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	if err := c.Ping(ctx); err != nil {
		t.Fatalf("WebSocket ping: %v", err)
	}
	sc := s.h.connWith(t, 1)
	sc.Send(NewOutgoing(sendFrame(0, "push")))
	if f := <-got; f.GetSend().GetConversationId() != "push" {
		t.Fatalf("got %v", f)
	}

	// A client-initiated close is echoed and ends the conn.
	if err := c.Close(websocket.StatusNormalClosure, "done"); err != nil {
		t.Errorf("client close handshake: %v", err)
	}
	if err := s.h.closeErr(t, sc.ID()); err == nil {
		t.Error("HandleClose got nil error for a client close")
	}
}

func TestWSIdleTimeout(t *testing.T) {
	s := startGateway(t, Config{IdleTimeout: 300 * time.Millisecond, AuthTimeout: time.Hour})
	c := dialWS(t, s.wsURL)
	c.send(authFrame(1, "alice"))
	c.read()
	wantDisconnect(t, c.read(), chorusv1.DisconnectCode_DISCONNECT_CODE_IDLE_TIMEOUT)
	c.expectClose(3002)
	wantDisconnectError(t, s.h.closeErr(t, s.h.connWith(t, 1).ID()), chorusv1.DisconnectCode_DISCONNECT_CODE_IDLE_TIMEOUT)
}

func TestWSAuthTimeout(t *testing.T) {
	s := startGateway(t, Config{IdleTimeout: time.Hour, AuthTimeout: 300 * time.Millisecond})
	c := dialWS(t, s.wsURL, SubprotocolJSON)
	c.send(sendFrame(1, "not authenticated"))
	c.read()
	wantDisconnect(t, c.read(), chorusv1.DisconnectCode_DISCONNECT_CODE_AUTH_TIMEOUT)
	c.expectClose(3003)
	wantDisconnectError(t, s.h.closeErr(t, s.h.connWith(t, 1).ID()), chorusv1.DisconnectCode_DISCONNECT_CODE_AUTH_TIMEOUT)
}

func TestWSCloseWithoutDisconnect(t *testing.T) {
	s := startGateway(t, Config{})
	c := dialWS(t, s.wsURL)
	c.send(authFrame(1, "alice"))
	c.read()
	s.h.connWith(t, 1).Close(nil)
	c.expectClose(websocket.StatusNormalClosure)
}

func TestWSUpgradeRefusedAfterShutdown(t *testing.T) {
	s := startGateway(t, Config{})
	s.shutdown(t, im.Disconnect(chorusv1.DisconnectCode_DISCONNECT_CODE_SHUTDOWN, ""))
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	_, resp, err := websocket.Dial(ctx, s.wsURL, nil)
	if err == nil || resp == nil || resp.StatusCode != 503 {
		t.Fatalf("dial after Shutdown: %v, %v; want 503", resp, err)
	}
}
