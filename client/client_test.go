package client

import (
	"context"
	"encoding/hex"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
)

func TestDialAuthenticates(t *testing.T) {
	for _, tr := range transports {
		t.Run(tr, func(t *testing.T) {
			s := newFakeServer(t, nil)
			check := goroutineCheck(t)
			c := dial(t, s, tr, nil)
			if got := c.UserID(); got != "alice" {
				t.Errorf("UserID = %q, want alice", got)
			}
			if c.SessionID() == "" {
				t.Error("SessionID is empty")
			}
			if err := c.Close(); err != nil {
				t.Fatal(err)
			}
			if err := c.Close(); err != nil {
				t.Fatalf("second Close: %v", err)
			}
			check()
		})
	}
}

func TestDialAuthFailure(t *testing.T) {
	for _, tc := range []struct {
		token string
		code  chorusv1.ErrorCode
	}{
		{"bad", chorusv1.ErrorCode_ERROR_CODE_TOKEN_INVALID},
		{"expired", chorusv1.ErrorCode_ERROR_CODE_TOKEN_EXPIRED},
	} {
		for _, tr := range transports {
			t.Run(tc.token+"/"+tr, func(t *testing.T) {
				s := newFakeServer(t, nil)
				check := goroutineCheck(t)
				c, err := Dial(testCtx(t), Options{Addr: s.addr(tr), Token: tc.token, JSON: tr == "json"})
				if c != nil {
					t.Fatal("Dial returned a client")
				}
				var e *Error
				if !errors.As(err, &e) || e.Code != tc.code || e.Temporary {
					t.Fatalf("Dial error = %v, want *Error %v", err, tc.code)
				}
				if !IsCode(err, tc.code) {
					t.Errorf("IsCode(%v) = false", tc.code)
				}
				check()
			})
		}
	}
}

func TestOptionsValidation(t *testing.T) {
	for _, o := range []Options{
		{Token: "alice"},
		{Addr: "127.0.0.1:1"},
		{Addr: "http://example.com", Token: "alice"},
		{Addr: "127.0.0.1:1", Token: "alice", JSON: true},
	} {
		if _, err := Dial(context.Background(), o); err == nil {
			t.Errorf("Dial(%+v) succeeded", o)
		}
	}
}

func TestSendAck(t *testing.T) {
	for _, tr := range transports {
		t.Run(tr, func(t *testing.T) {
			s := newFakeServer(t, nil)
			c := dial(t, s, tr, nil)
			ctx := testCtx(t)

			ack, err := c.SendText(ctx, "bob", "hi")
			if err != nil {
				t.Fatal(err)
			}
			if ack.ConversationId != "p:alice:bob" || ack.Seq != 1 || ack.Duplicate {
				t.Fatalf("ack = %v", ack)
			}
			ack, err = c.SendText(ctx, "p:alice:bob", "again")
			if err != nil {
				t.Fatal(err)
			}
			if ack.Seq != 2 {
				t.Fatalf("second ack seq = %d", ack.Seq)
			}
			sends := stat(s, func() []*chorusv1.SendRequest { return s.sends })
			if sends[0].ToUserId != "bob" || sends[0].ConversationId != "" {
				t.Errorf("SendText to a user sent %v", sends[0])
			}
			if sends[1].ConversationId != "p:alice:bob" || sends[1].ToUserId != "" {
				t.Errorf("SendText to a conversation sent %v", sends[1])
			}
			for _, r := range sends {
				if b, err := hex.DecodeString(r.ClientMsgId); err != nil || len(b) != 16 {
					t.Errorf("client_msg_id %q is not 128-bit hex", r.ClientMsgId)
				}
			}
			if sends[0].ClientMsgId == sends[1].ClientMsgId {
				t.Error("two sends share a client_msg_id")
			}
			if got := s.msg("p:alice:bob", 2).Content.GetText().GetText(); got != "again" {
				t.Errorf("stored text %q", got)
			}
			if n := stat(s, func() int { return s.wrongType }); n != 0 {
				t.Errorf("%d WebSocket messages of the wrong type", n)
			}
		})
	}
}

func TestSendInvalid(t *testing.T) {
	s := newFakeServer(t, nil)
	c := dial(t, s, "tcp", nil)
	ctx := testCtx(t)
	for _, m := range []Outgoing{
		{Content: textContent("x")},
		{ConversationID: "g:a", ToUserID: "b", Content: textContent("x")},
		{ToUserID: "b"},
	} {
		if _, err := c.Send(ctx, m); err == nil {
			t.Errorf("Send(%+v) succeeded", m)
		}
	}
	// A string that is not UTF-8 cannot be encoded; the connection is fine.
	if _, err := c.SendText(ctx, "bob", "\xff"); err == nil {
		t.Error("invalid UTF-8 was sent")
	}
	if _, err := c.SendText(ctx, "bob", "ok"); err != nil {
		t.Fatalf("send after an encoding error: %v", err)
	}
}

func TestSendRetriesAfterDroppedConnection(t *testing.T) {
	for _, tr := range transports {
		t.Run(tr, func(t *testing.T) {
			var dropped atomic.Bool
			s := newFakeServer(t, func(s *fakeServer) {
				s.onFrame = func(fc *fakeConn, f *chorusv1.Frame) bool {
					if f.GetSend() != nil && dropped.CompareAndSwap(false, true) {
						s.store(fc, f.GetSend()) // durable, but the ack is lost
						fc.close()
						return true
					}
					return false
				}
			})
			var disconnects atomic.Int32
			c := dial(t, s, tr, func(o *Options) {
				o.Reconnect = true
				o.OnDisconnect = func(*chorusv1.Disconnect, error) { disconnects.Add(1) }
			})
			ack, err := c.Send(testCtx(t), Outgoing{ToUserID: "bob", Content: textContent("once")})
			if err != nil {
				t.Fatal(err)
			}
			if !ack.Duplicate || ack.Seq != 1 {
				t.Fatalf("ack = %v, want the original (seq 1, duplicate)", ack)
			}
			sends := stat(s, func() []*chorusv1.SendRequest { return s.sends })
			if len(sends) != 2 || sends[0].ClientMsgId != sends[1].ClientMsgId || sends[0].ClientMsgId == "" {
				t.Fatalf("sends = %v, want two with one client_msg_id", sends)
			}
			if n := stat(s, func() int { return len(s.convs["p:alice:bob"].msgs) }); n != 1 {
				t.Fatalf("%d messages stored", n)
			}
			waitFor(t, "OnDisconnect", func() bool { return disconnects.Load() == 1 })
			if s.accepted() != 2 {
				t.Fatalf("accepted %d connections", s.accepted())
			}
		})
	}
}

func TestSendRetriesTemporaryErrors(t *testing.T) {
	var refused atomic.Int32
	s := newFakeServer(t, func(s *fakeServer) {
		s.onFrame = func(fc *fakeConn, f *chorusv1.Frame) bool {
			if f.GetSend() != nil && refused.Add(1) <= 2 {
				s.mu.Lock()
				s.sends = append(s.sends, f.GetSend())
				s.mu.Unlock()
				_ = fc.send(&chorusv1.Frame{Id: f.Id, Body: errBody(chorusv1.ErrorCode_ERROR_CODE_OVERLOADED, "busy", true)})
				return true
			}
			return false
		}
	})
	c := dial(t, s, "tcp", nil)
	ack, err := c.Send(testCtx(t), Outgoing{ToUserID: "bob", ClientMsgID: "m-1", Content: textContent("x")})
	if err != nil {
		t.Fatal(err)
	}
	if ack.Seq != 1 {
		t.Fatalf("ack = %v", ack)
	}
	sends := stat(s, func() []*chorusv1.SendRequest { return s.sends })
	if len(sends) != 3 {
		t.Fatalf("%d attempts, want 3", len(sends))
	}
	for _, r := range sends {
		if r.ClientMsgId != "m-1" {
			t.Fatalf("attempt with client_msg_id %q", r.ClientMsgId)
		}
	}
}

func TestSendPermanentErrorIsReturned(t *testing.T) {
	var attempts atomic.Int32
	s := newFakeServer(t, func(s *fakeServer) {
		s.onFrame = func(fc *fakeConn, f *chorusv1.Frame) bool {
			if f.GetSend() == nil {
				return false
			}
			attempts.Add(1)
			_ = fc.send(&chorusv1.Frame{Id: f.Id, Body: errBody(chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER, "no", false)})
			return true
		}
	})
	c := dial(t, s, "tcp", nil)
	_, err := c.SendText(testCtx(t), "g:x", "hi")
	if !IsCode(err, chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER) || IsTemporary(err) {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(err.Error(), "NOT_MEMBER") {
		t.Errorf("error text %q does not name the code", err)
	}
	if attempts.Load() != 1 {
		t.Fatalf("%d attempts", attempts.Load())
	}
}

// disconnects records OnDisconnect calls.
type disconnects struct {
	mu   sync.Mutex
	ds   []*chorusv1.Disconnect
	errs []error
}

func (d *disconnects) on(dp *chorusv1.Disconnect, err error) {
	d.mu.Lock()
	d.ds = append(d.ds, dp)
	d.errs = append(d.errs, err)
	d.mu.Unlock()
}

func (d *disconnects) count() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.ds)
}

func (d *disconnects) get(i int) (*chorusv1.Disconnect, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.ds[i], d.errs[i]
}

func TestServerDisconnectWithoutReconnectStops(t *testing.T) {
	for _, tr := range transports {
		t.Run(tr, func(t *testing.T) {
			s := newFakeServer(t, nil)
			var ds disconnects
			c := dial(t, s, tr, func(o *Options) {
				o.Reconnect = true
				o.OnDisconnect = ds.on
			})
			fc := s.conn(t, 0)
			if err := fc.disconnect(chorusv1.DisconnectCode_DISCONNECT_CODE_KICKED, false); err != nil {
				t.Fatal(err)
			}
			waitFor(t, "OnDisconnect", func() bool { return ds.count() == 1 })
			d, err := ds.get(0)
			if d.GetCode() != chorusv1.DisconnectCode_DISCONNECT_CODE_KICKED || d.GetReconnect() {
				t.Errorf("OnDisconnect got %v", d)
			}
			if !errors.Is(err, ErrDisconnected) {
				t.Errorf("OnDisconnect error %v does not wrap ErrDisconnected", err)
			}
			_, err = c.SendText(testCtx(t), "bob", "hi")
			var de *DisconnectError
			if !errors.Is(err, ErrDisconnected) || !errors.As(err, &de) || de.Code != chorusv1.DisconnectCode_DISCONNECT_CODE_KICKED {
				t.Fatalf("Send after kick: %v", err)
			}
			if err := c.AckDelivered("g:x", 1); !errors.Is(err, ErrDisconnected) {
				t.Errorf("AckDelivered after kick: %v", err)
			}
			if n := s.accepted(); n != 1 {
				t.Fatalf("client reconnected: %d connections", n)
			}
		})
	}
}

func TestServerDisconnectWithReconnect(t *testing.T) {
	s := newFakeServer(t, nil)
	var ds disconnects
	c := dial(t, s, "tcp", func(o *Options) {
		o.Reconnect = true
		o.OnDisconnect = ds.on
	})
	first := c.SessionID()
	if err := s.conn(t, 0).disconnect(chorusv1.DisconnectCode_DISCONNECT_CODE_SHUTDOWN, true); err != nil {
		t.Fatal(err)
	}
	s.conn(t, 0).close()
	waitFor(t, "reconnect", func() bool { return c.SessionID() != first && ds.count() == 1 })
	d, err := ds.get(0)
	if d.GetCode() != chorusv1.DisconnectCode_DISCONNECT_CODE_SHUTDOWN || errors.Is(err, ErrDisconnected) {
		t.Errorf("OnDisconnect(%v, %v)", d, err)
	}
	if _, err := c.SendText(testCtx(t), "bob", "hi"); err != nil {
		t.Fatalf("Send after reconnect: %v", err)
	}
}

func TestWebSocketCloseCodeWithoutFrameStops(t *testing.T) {
	s := newFakeServer(t, nil)
	var ds disconnects
	c := dial(t, s, "ws", func(o *Options) {
		o.Reconnect = true
		o.OnDisconnect = ds.on
	})
	go func() { _ = s.conn(t, 0).ws.Close(3503, "removed") }()
	waitFor(t, "OnDisconnect", func() bool { return ds.count() == 1 })
	d, err := ds.get(0)
	if d.GetCode() != chorusv1.DisconnectCode_DISCONNECT_CODE_REMOVED || !errors.Is(err, ErrDisconnected) {
		t.Fatalf("OnDisconnect(%v, %v)", d, err)
	}
	if _, err := c.Conversations(testCtx(t)); !errors.Is(err, ErrDisconnected) {
		t.Fatalf("Conversations after removal: %v", err)
	}
	if n := s.accepted(); n != 1 {
		t.Fatalf("client reconnected: %d connections", n)
	}
}

func TestWithoutReconnectADropIsFinal(t *testing.T) {
	s := newFakeServer(t, nil)
	var ds disconnects
	c := dial(t, s, "tcp", func(o *Options) { o.OnDisconnect = ds.on })
	s.conn(t, 0).close()
	waitFor(t, "OnDisconnect", func() bool { return ds.count() == 1 })
	if _, err := c.SendText(testCtx(t), "bob", "hi"); !errors.Is(err, ErrDisconnected) {
		t.Fatalf("Send after drop: %v", err)
	}
	if n := s.accepted(); n != 1 {
		t.Fatalf("%d connections", n)
	}
}

func TestReconnectStopsWhenTokenIsRefused(t *testing.T) {
	var refuse atomic.Bool
	s := newFakeServer(t, func(s *fakeServer) {
		s.onFrame = func(fc *fakeConn, f *chorusv1.Frame) bool {
			if f.GetAuth() != nil && refuse.Load() {
				_ = fc.send(&chorusv1.Frame{Id: f.Id, Body: errBody(chorusv1.ErrorCode_ERROR_CODE_TOKEN_EXPIRED, "expired", false)})
				return true
			}
			return false
		}
	})
	var ds disconnects
	c := dial(t, s, "tcp", func(o *Options) {
		o.Reconnect = true
		o.OnDisconnect = ds.on
	})
	refuse.Store(true)
	s.conn(t, 0).close()
	waitFor(t, "two OnDisconnect calls", func() bool { return ds.count() == 2 })
	if d, err := ds.get(1); d != nil || !errors.Is(err, ErrDisconnected) || !IsCode(err, chorusv1.ErrorCode_ERROR_CODE_TOKEN_EXPIRED) {
		t.Fatalf("final OnDisconnect(%v, %v)", d, err)
	}
	if _, err := c.SendText(testCtx(t), "bob", "hi"); !IsCode(err, chorusv1.ErrorCode_ERROR_CODE_TOKEN_EXPIRED) {
		t.Fatalf("Send: %v", err)
	}
}

func TestCloseDuringInFlightRequests(t *testing.T) {
	for _, tr := range transports {
		t.Run(tr, func(t *testing.T) {
			var held atomic.Int32
			s := newFakeServer(t, func(s *fakeServer) {
				s.onFrame = func(fc *fakeConn, f *chorusv1.Frame) bool {
					if f.GetSend() != nil || f.GetPullMessages() != nil {
						held.Add(1) // never answered
						return true
					}
					return false
				}
			})
			check := goroutineCheck(t)
			c := dial(t, s, tr, func(o *Options) { o.Reconnect = true })
			errs := make(chan error, 2)
			go func() {
				_, err := c.SendText(context.Background(), "bob", "hi")
				errs <- err
			}()
			go func() {
				_, err := c.Pull(context.Background(), PullRequest{ConversationID: "g:x", FromSeq: 1})
				errs <- err
			}()
			waitFor(t, "requests at the server", func() bool { return held.Load() == 2 })
			if err := c.Close(); err != nil {
				t.Fatal(err)
			}
			for range 2 {
				if err := <-errs; !errors.Is(err, ErrClosed) {
					t.Errorf("in-flight request ended with %v, want ErrClosed", err)
				}
			}
			if _, err := c.Conversations(context.Background()); !errors.Is(err, ErrClosed) {
				t.Errorf("call after Close: %v", err)
			}
			check()
		})
	}
}

func TestCloseWhileReconnecting(t *testing.T) {
	s := newFakeServer(t, nil)
	check := goroutineCheck(t)
	c := dial(t, s, "tcp", func(o *Options) { o.Reconnect = true })
	_ = s.tcpLn.Close() // reconnects fail from now on
	s.conn(t, 0).close()
	errs := make(chan error, 1)
	go func() {
		_, err := c.SendText(context.Background(), "bob", "hi")
		errs <- err
	}()
	waitFor(t, "the connection to drop", func() bool { return c.AckDelivered("g:x", 1) == ErrNotConnected })
	_ = c.Close()
	if err := <-errs; !errors.Is(err, ErrClosed) {
		t.Fatalf("Send waiting for a connection ended with %v", err)
	}
	check()
}

func TestCloseFromCallback(t *testing.T) {
	s := newFakeServer(t, nil)
	check := goroutineCheck(t)
	closed := make(chan struct{})
	var c *Client
	var ready sync.WaitGroup
	ready.Add(1)
	c = dial(t, s, "tcp", func(o *Options) {
		o.OnMessage = func(*chorusv1.Message) {
			ready.Wait()
			_ = c.Close()
			close(closed)
		}
	})
	ready.Done()
	_ = s.conn(t, 0).push(s.add("g:x", 1)[0])
	<-closed
	check()
}

func TestPingKeepsIdleConnectionAlive(t *testing.T) {
	for _, tr := range []string{"tcp", "ws"} {
		t.Run(tr, func(t *testing.T) {
			t.Parallel()
			s := newFakeServer(t, func(s *fakeServer) {
				s.pingIntervalMs = 10
				s.idleTimeoutMs = 1500 // a wide margin for a loaded machine
				s.enforceIdle = true
			})
			var ds disconnects
			dial(t, s, tr, func(o *Options) { o.OnDisconnect = ds.on })
			// Wait until the pings span more than the idle timeout: without
			// them the server would have closed the connection by then.
			waitFor(t, "pings spanning the idle timeout", func() bool {
				if n := stat(s, func() int { return s.idleKills }); n != 0 || ds.count() != 0 {
					t.Fatalf("idle kills %d, disconnects %d", n, ds.count())
				}
				return stat(s, func() time.Duration { return s.lastPing.Sub(s.firstPing) }) > 1600*time.Millisecond
			})
			if s.accepted() != 1 {
				t.Fatalf("%d connections", s.accepted())
			}
		})
	}
}

func TestPingWhileOnlyReceiving(t *testing.T) {
	// A client that only receives writes nothing, so it must still ping
	// or the server's idle timeout closes it, however busy the pushes
	// keep the connection. Pushes arrive far more often than the ping
	// interval here, so a client that pinged only after a quiet spell
	// would hardly ping at all.
	s := newFakeServer(t, func(s *fakeServer) {
		s.pingIntervalMs = 10
		s.idleTimeoutMs = 5000
		s.enforceIdle = true
	})
	m := s.add("g:x", 1)[0]
	var ds disconnects
	dial(t, s, "tcp", func(o *Options) { o.OnDisconnect = ds.on })
	fc := s.conn(t, 0)
	for stat(s, func() int { return s.pings }) < 40 {
		if err := fc.push(m); err != nil {
			t.Fatalf("push: %v (idle kills %d)", err, stat(s, func() int { return s.idleKills }))
		}
	}
	if n := stat(s, func() int { return s.idleKills }); n != 0 || ds.count() != 0 {
		t.Fatalf("idle kills %d, disconnects %d", n, ds.count())
	}
}

func TestSilentServerIsDetected(t *testing.T) {
	// The first connection swallows pings, as a half-open one would; the
	// client must notice the silence and move to a new connection.
	s := newFakeServer(t, func(s *fakeServer) {
		s.pingIntervalMs = 10
		s.idleTimeoutMs = 200
		s.onFrame = func(fc *fakeConn, f *chorusv1.Frame) bool {
			return f.GetPing() != nil && fc == stat(s, func() *fakeConn { return s.conns[0] })
		}
	})
	var ds disconnects
	c := dial(t, s, "tcp", func(o *Options) {
		o.Reconnect = true
		o.OnDisconnect = ds.on
	})
	waitFor(t, "a second connection", func() bool { return s.accepted() >= 2 && ds.count() >= 1 })
	if _, err := ds.get(0); err == nil || !strings.Contains(err.Error(), "nothing received") {
		t.Errorf("OnDisconnect error %v", err)
	}
	if _, err := c.SendText(testCtx(t), "bob", "hi"); err != nil {
		t.Fatal(err)
	}
}

func TestNotification(t *testing.T) {
	s := newFakeServer(t, nil)
	got := make(chan *chorusv1.Notification, 1)
	dial(t, s, "json", func(o *Options) { o.OnNotification = func(n *chorusv1.Notification) { got <- n } })
	_ = s.conn(t, 0).send(&chorusv1.Frame{Body: &chorusv1.Frame_Notification{Notification: &chorusv1.Notification{Type: "order.shipped", Data: []byte{1, 2}}}})
	n := <-got
	if n.Type != "order.shipped" || string(n.Data) != "\x01\x02" {
		t.Fatalf("notification %v", n)
	}
}

func TestMarkReadConversationsPull(t *testing.T) {
	s := newFakeServer(t, nil)
	s.add("g:x", 5)
	s.add("g:y", 1)
	c := dial(t, s, "ws", nil)
	ctx := testCtx(t)

	convs, err := c.Conversations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(convs) != 2 || convs[0].Id != "g:y" || convs[1].LastSeq != 5 {
		t.Fatalf("conversations %v", convs)
	}
	res, err := c.Pull(ctx, PullRequest{ConversationID: "g:x", FromSeq: 1, Limit: 2, Reverse: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Messages) != 2 || res.Messages[0].Seq != 5 || !res.HasMore {
		t.Fatalf("pull %v", res)
	}
	if got := c.Positions(); len(got) != 0 {
		t.Errorf("Pull moved positions: %v", got)
	}
	rm, err := c.MarkRead(ctx, "g:x", 3)
	if err != nil {
		t.Fatal(err)
	}
	if rm.ReadSeq != 3 || rm.UnreadCount != 2 {
		t.Fatalf("read mark %v", rm)
	}
}

func TestAutoDeliveryAck(t *testing.T) {
	s := newFakeServer(t, nil)
	msgs := s.add("g:x", 3)
	var rec recorder
	dial(t, s, "tcp", func(o *Options) {
		o.AutoDeliveryAck = true
		o.OnMessage = rec.on
	})
	fc := s.conn(t, 0)
	for _, m := range msgs {
		_ = fc.push(m)
	}
	waitFor(t, "delivery ack of seq 3", func() bool { return stat(s, func() uint64 { return s.acks["g:x"] }) == 3 })
}
