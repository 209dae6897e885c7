package session

import (
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/gateway"
	"github.com/chorus-im/chorus/internal/testutil"
)

// fakeConn is a gateway.Conn that records what it was sent.
type fakeConn struct {
	id      uint64
	mu      sync.Mutex
	sent    []*gateway.Outgoing
	closed  *chorusv1.Disconnect
	session any
}

func (c *fakeConn) ID() uint64         { return c.id }
func (c *fakeConn) Transport() string  { return "fake" }
func (c *fakeConn) RemoteAddr() string { return "fake" }
func (c *fakeConn) MarkAuthenticated() {}
func (c *fakeConn) SetSession(v any)   { c.session = v }
func (c *fakeConn) Session() any       { return c.session }
func (c *fakeConn) Send(o *gateway.Outgoing) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed != nil {
		return false
	}
	c.sent = append(c.sent, o)
	return true
}
func (c *fakeConn) Close(d *chorusv1.Disconnect) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = d
}
func (c *fakeConn) count() int { c.mu.Lock(); defer c.mu.Unlock(); return len(c.sent) }

func newSession(id uint64, user, device string, p chorusv1.Platform) *Session {
	return &Session{id: id, user: user, device: device, platform: p, conn: &fakeConn{id: id}}
}

func TestHubPushReachesEverySessionButTheOrigin(t *testing.T) {
	h := NewHub(kickAll)
	a1 := newSession(1, "alice", "phone", chorusv1.Platform_PLATFORM_IOS)
	a2 := newSession(2, "alice", "desk", chorusv1.Platform_PLATFORM_DESKTOP)
	b1 := newSession(3, "bob", "phone", chorusv1.Platform_PLATFORM_ANDROID)
	for _, s := range []*Session{a1, a2, b1} {
		if _, ok := h.add(s); !ok {
			t.Fatal("add refused")
		}
	}
	f := &chorusv1.Frame{Body: &chorusv1.Frame_Ping{Ping: &chorusv1.Ping{}}}
	if n := h.Push([]string{"alice", "bob", "nobody"}, f, 1); n != 2 {
		t.Fatalf("pushed to %d sessions, want 2", n)
	}
	if a1.conn.(*fakeConn).count() != 0 || a2.conn.(*fakeConn).count() != 1 || b1.conn.(*fakeConn).count() != 1 {
		t.Fatal("push went to the wrong sessions")
	}
	// One encoding shared by every recipient.
	if a2.conn.(*fakeConn).sent[0] != b1.conn.(*fakeConn).sent[0] {
		t.Fatal("each recipient got its own Outgoing")
	}
	h.remove(a2)
	h.remove(a2) // twice is harmless
	if h.Online("alice") != 1 || h.Sessions() != 2 {
		t.Fatalf("online %d, sessions %d", h.Online("alice"), h.Sessions())
	}
}

func kickAll(chorusv1.Platform) bool { return true }

func TestHubSamePlatformPolicy(t *testing.T) {
	kick := NewHub(kickAll)
	old := newSession(1, "erin", "old-phone", chorusv1.Platform_PLATFORM_IOS)
	kick.add(old)
	tab1 := newSession(2, "erin", "browser", chorusv1.Platform_PLATFORM_WEB)
	kick.add(tab1)
	replaced, _ := kick.add(newSession(3, "erin", "new-phone", chorusv1.Platform_PLATFORM_IOS))
	if len(replaced) != 1 || replaced[0] != old {
		t.Fatalf("replaced %v, want the old phone", replaced)
	}
	if replaced, _ := kick.add(newSession(4, "erin", "browser", chorusv1.Platform_PLATFORM_WEB)); len(replaced) != 0 {
		t.Fatal("a second tab of the same browser replaced the first")
	}
	if kick.Online("erin") != 3 {
		t.Fatalf("online %d, want 3", kick.Online("erin"))
	}

	allow := NewHub(nil)
	allow.add(newSession(1, "erin", "p1", chorusv1.Platform_PLATFORM_IOS))
	if replaced, _ := allow.add(newSession(2, "erin", "p2", chorusv1.Platform_PLATFORM_IOS)); len(replaced) != 0 {
		t.Fatal("allow policy replaced a session")
	}

	// Per platform: browsers side by side, phones replace each other.
	mixed := NewHub(func(p chorusv1.Platform) bool { return p != chorusv1.Platform_PLATFORM_WEB })
	mixed.add(newSession(1, "erin", "laptop-browser", chorusv1.Platform_PLATFORM_WEB))
	if replaced, _ := mixed.add(newSession(2, "erin", "phone-browser", chorusv1.Platform_PLATFORM_WEB)); len(replaced) != 0 {
		t.Fatal("a second browser replaced the first where web allows")
	}
	mixed.add(newSession(3, "erin", "p1", chorusv1.Platform_PLATFORM_ANDROID))
	if replaced, _ := mixed.add(newSession(4, "erin", "p2", chorusv1.Platform_PLATFORM_ANDROID)); len(replaced) != 1 {
		t.Fatalf("a second phone replaced %d sessions, want 1", len(replaced))
	}
}

func TestHubRefusesSessionClosedDuringLogin(t *testing.T) {
	h := NewHub(kickAll)
	s := newSession(1, "fay", "d", chorusv1.Platform_PLATFORM_WEB)
	h.remove(s) // the connection closed before the login finished
	if _, ok := h.add(s); ok || h.Online("fay") != 0 {
		t.Fatal("a closed session was registered")
	}
}

func TestSessionRunsRequestsInOrderAndBounded(t *testing.T) {
	s := newSession(1, "gil", "d", chorusv1.Platform_PLATFORM_WEB)
	running, release := make(chan struct{}), make(chan struct{})
	var mu sync.Mutex
	var order []int
	var wg sync.WaitGroup
	if !s.begin() {
		t.Fatal("first request refused")
	}
	wg.Add(1)
	s.do(func() {
		defer wg.Done()
		close(running)
		<-release
	})
	<-running
	// The first request is running and blocked: maxInFlight-1 more may
	// wait, the next is refused rather than queued.
	for i := 0; i < maxInFlight-1; i++ {
		if !s.begin() {
			t.Fatalf("request %d refused below the bound", i)
		}
		wg.Add(1)
		s.do(func() {
			defer wg.Done()
			mu.Lock()
			order = append(order, i)
			mu.Unlock()
		})
	}
	if s.begin() {
		t.Fatal("a request beyond the bound was taken")
	}
	close(release)
	wg.Wait()
	for i, v := range order {
		if v != i {
			t.Fatalf("job %d ran at position %d", v, i)
		}
	}
	// Requests that ran but are not answered yet (sends waiting for their
	// commit) still count; each answer makes room for one more.
	if s.begin() {
		t.Fatal("the jobs ran, but nothing was answered: still at the bound")
	}
	s.end()
	if !s.begin() {
		t.Fatal("an answered request made no room")
	}
}

func TestHubListSessionsOrderAndFields(t *testing.T) {
	h := NewHub(nil)
	base := time.UnixMilli(1_700_000_000_000)
	mk := func(id uint64, device string, at time.Duration) *Session {
		s := newSession(id, "hal", device, chorusv1.Platform_PLATFORM_WEB)
		s.sessionID = "7-" + strconv.FormatUint(id, 10)
		s.nodeID = 7
		s.transport = "ws"
		s.remoteAddr = "10.0.0.1:4000"
		s.clientVersion = "chorus-go/0.1.0"
		s.connectedAt = base.Add(at)
		return s
	}
	// Added out of order: by device, then by connection time.
	for _, s := range []*Session{
		mk(1, "phone", 3*time.Second),
		mk(2, "laptop", 2*time.Second),
		mk(3, "laptop", time.Second),
		mk(4, "phone", time.Second),
	} {
		h.add(s)
	}
	h.add(newSession(9, "ivy", "laptop", chorusv1.Platform_PLATFORM_WEB))

	got := h.ListSessions("hal")
	var ids []string
	for _, si := range got {
		ids = append(ids, si.GetSessionId())
	}
	if want := []string{"7-3", "7-2", "7-4", "7-1"}; !slices.Equal(ids, want) {
		t.Fatalf("sessions %v, want %v", ids, want)
	}
	first := got[0]
	if first.GetDeviceId() != "laptop" || first.GetPlatform() != chorusv1.Platform_PLATFORM_WEB ||
		first.GetTransport() != "ws" || first.GetRemoteAddr() != "10.0.0.1:4000" ||
		first.GetClientVersion() != "chorus-go/0.1.0" || first.GetNodeId() != 7 ||
		first.GetConnectedAtMs() != base.Add(time.Second).UnixMilli() {
		t.Fatalf("session info %v", first)
	}
	if n := len(h.ListSessions("nobody")); n != 0 {
		t.Fatalf("%d sessions for a user who is not online", n)
	}
}

func TestHubKickDevice(t *testing.T) {
	h := NewHub(nil)
	tab1 := newSession(1, "jo", "browser", chorusv1.Platform_PLATFORM_WEB)
	tab2 := newSession(2, "jo", "browser", chorusv1.Platform_PLATFORM_WEB)
	phone := newSession(3, "jo", "phone", chorusv1.Platform_PLATFORM_IOS)
	other := newSession(4, "kim", "browser", chorusv1.Platform_PLATFORM_WEB)
	for _, s := range []*Session{tab1, tab2, phone, other} {
		h.add(s)
	}

	if n := h.KickDevice("jo", "browser", "stolen laptop"); n != 2 {
		t.Fatalf("kicked %d sessions, want 2", n)
	}
	for _, s := range []*Session{tab1, tab2} {
		d := s.conn.(*fakeConn).closed
		if d == nil || d.GetCode() != chorusv1.DisconnectCode_DISCONNECT_CODE_REMOVED || d.GetReason() != "stolen laptop" || d.GetReconnect() {
			t.Fatalf("session %d closed with %v", s.id, d)
		}
	}
	if phone.conn.(*fakeConn).closed != nil || other.conn.(*fakeConn).closed != nil {
		t.Fatal("kick closed another device or another user's device")
	}
	// Gone from the hub at once: no more pushes, not listed.
	if h.Online("jo") != 1 || h.Online("kim") != 1 {
		t.Fatalf("online jo %d, kim %d", h.Online("jo"), h.Online("kim"))
	}
	f := &chorusv1.Frame{Body: &chorusv1.Frame_Ping{Ping: &chorusv1.Ping{}}}
	if n := h.Push([]string{"jo"}, f, 0); n != 1 {
		t.Fatalf("pushed to %d sessions, want the phone only", n)
	}
	// The gateway's close callback removes them again: harmless.
	h.remove(tab1)
	h.remove(tab2)

	if n := h.KickDevice("jo", "browser", ""); n != 0 {
		t.Fatalf("kicked %d sessions of a device that is not online", n)
	}
	if n := h.KickDevice("jo", "phone", ""); n != 1 {
		t.Fatalf("kicked %d sessions, want 1", n)
	}
	if d := phone.conn.(*fakeConn).closed; d.GetReason() != defaultKickReason {
		t.Fatalf("default reason: %v", d)
	}
	if h.Online("jo") != 0 || h.Sessions() != 1 {
		t.Fatalf("online %d, sessions %d", h.Online("jo"), h.Sessions())
	}
	if _, ok := h.add(tab1); ok {
		t.Fatal("a kicked session was registered again")
	}
}

// A user who signs out the device they are using gets the reply before
// the connection closes.
func TestKickOwnDeviceRepliesFirst(t *testing.T) {
	hub := NewHub(nil)
	h := NewHandler(nil, nil, hub, Config{NodeID: 1})
	me := newSession(1, "lee", "laptop", chorusv1.Platform_PLATFORM_DESKTOP)
	hub.add(me)
	fc := me.conn.(*fakeConn)
	fc.session = me

	h.HandleFrame(fc, &chorusv1.Frame{Id: 5, Body: &chorusv1.Frame_KickDevice{KickDevice: &chorusv1.KickDeviceRequest{DeviceId: "laptop"}}})
	testutil.WaitFor(t, "the kick", func() bool { fc.mu.Lock(); defer fc.mu.Unlock(); return fc.closed != nil })
	fc.mu.Lock()
	defer fc.mu.Unlock()
	if len(fc.sent) != 1 || fc.sent[0].Frame().GetId() != 5 || fc.sent[0].Frame().GetKickDeviceResult().GetSessionsClosed() != 1 {
		t.Fatalf("sent %v", fc.sent)
	}
	if fc.closed.GetCode() != chorusv1.DisconnectCode_DISCONNECT_CODE_REMOVED {
		t.Fatalf("closed with %v", fc.closed)
	}
}

func TestKickDeviceNeedsAValidDeviceID(t *testing.T) {
	hub := NewHub(nil)
	h := NewHandler(nil, nil, hub, Config{})
	me := newSession(1, "lee", "laptop", chorusv1.Platform_PLATFORM_DESKTOP)
	hub.add(me)
	fc := me.conn.(*fakeConn)
	fc.session = me
	h.HandleFrame(fc, &chorusv1.Frame{Id: 6, Body: &chorusv1.Frame_KickDevice{KickDevice: &chorusv1.KickDeviceRequest{}}})
	testutil.WaitFor(t, "the reply", func() bool { return fc.count() == 1 })
	if e := fc.sent[0].Frame().GetError(); e.GetCode() != chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT {
		t.Fatalf("reply %v", fc.sent[0].Frame())
	}
	if hub.Online("lee") != 1 {
		t.Fatal("an invalid kick closed a session")
	}
}

func TestListSessionsFrame(t *testing.T) {
	hub := NewHub(nil)
	h := NewHandler(nil, nil, hub, Config{})
	me := newSession(1, "lee", "laptop", chorusv1.Platform_PLATFORM_DESKTOP)
	me.sessionID = "0-1"
	hub.add(me)
	hub.add(newSession(2, "lee", "phone", chorusv1.Platform_PLATFORM_IOS))
	fc := me.conn.(*fakeConn)
	fc.session = me
	h.HandleFrame(fc, &chorusv1.Frame{Id: 7, Body: &chorusv1.Frame_ListSessions{ListSessions: &chorusv1.ListSessionsRequest{UserId: "someone-else"}}})
	testutil.WaitFor(t, "the reply", func() bool { return fc.count() == 1 })
	got := fc.sent[0].Frame().GetListSessionsResult().GetSessions()
	if len(got) != 2 || got[0].GetSessionId() != "0-1" || got[1].GetDeviceId() != "phone" {
		t.Fatalf("sessions %v", got)
	}
}
