package session

import (
	"testing"
	"time"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/gateway"
)

// CloseAt completes fakeConn as a gateway.Conn; the hub never calls it.
func (c *fakeConn) CloseAt(time.Time, *chorusv1.Disconnect) {}

// A session the node starts closing leaves the hub at once: pushes and
// ListSessions skip it while its connection drains.
func TestHandleClosingUnregistersTheSession(t *testing.T) {
	hub := NewHub(nil)
	h := NewHandler(nil, nil, hub, Config{})
	s := newSession(1, "alice", "phone", chorusv1.Platform_PLATFORM_IOS)
	other := newSession(2, "alice", "desk", chorusv1.Platform_PLATFORM_DESKTOP)
	for _, x := range []*Session{s, other} {
		x.conn.SetSession(x)
		hub.add(x)
	}
	d := &gateway.DisconnectError{Code: chorusv1.DisconnectCode_DISCONNECT_CODE_SLOW_CONSUMER}
	h.HandleClosing(s.conn, d)
	if got := hub.ListSessions("alice"); len(got) != 1 || got[0].GetDeviceId() != "desk" {
		t.Fatalf("sessions after HandleClosing: %v", got)
	}
	if n := hub.Push([]string{"alice"}, &chorusv1.Frame{}, 0); n != 1 {
		t.Fatalf("a push reached %d sessions, want 1", n)
	}
	h.HandleClose(s.conn, d) // removes it again: harmless
	h.HandleClosing(&fakeConn{id: 3}, d)
	if hub.Online("alice") != 1 {
		t.Fatalf("online %d, want 1", hub.Online("alice"))
	}
}
