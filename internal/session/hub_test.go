package session

import (
	"sync"
	"testing"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/gateway"
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
	h := NewHub(true)
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

func TestHubSamePlatformPolicy(t *testing.T) {
	kick := NewHub(true)
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

	allow := NewHub(false)
	allow.add(newSession(1, "erin", "p1", chorusv1.Platform_PLATFORM_IOS))
	if replaced, _ := allow.add(newSession(2, "erin", "p2", chorusv1.Platform_PLATFORM_IOS)); len(replaced) != 0 {
		t.Fatal("allow policy replaced a session")
	}
}

func TestHubRefusesSessionClosedDuringLogin(t *testing.T) {
	h := NewHub(true)
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
	wg.Add(1)
	s.do(func() {
		defer wg.Done()
		close(running)
		<-release
	})
	<-running
	// The first job is running and blocked: maxQueuedJobs more may wait,
	// the next is refused rather than queued.
	for i := 0; i < maxQueuedJobs; i++ {
		wg.Add(1)
		if !s.do(func() {
			defer wg.Done()
			mu.Lock()
			order = append(order, i)
			mu.Unlock()
		}) {
			t.Fatalf("job %d refused below the bound", i)
		}
	}
	if s.do(func() {}) {
		t.Fatal("queue accepted beyond its bound")
	}
	close(release)
	wg.Wait()
	for i, v := range order {
		if v != i {
			t.Fatalf("job %d ran at position %d", v, i)
		}
	}
}
