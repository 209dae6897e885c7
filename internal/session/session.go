package session

import (
	"sync"
	"time"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/gateway"
)

// maxInFlight bounds the requests of one session that have no answer yet:
// waiting to be served, being served, or (sends) waiting for their commit.
// A client that pipelines more is told RATE_LIMITED instead of growing the
// node's queues.
const maxInFlight = 256

// Session is one authenticated device connection.
type Session struct {
	id       uint64 // the connection id
	user     string
	device   string
	platform chorusv1.Platform
	conn     gateway.Conn

	// What ListSessions shows about the session, fixed at auth.
	sessionID     string // "<node id>-<conn id>", as in AuthResult
	nodeID        uint32
	transport     string
	remoteAddr    string
	clientVersion string
	connectedAt   time.Time

	// closed is set when the session left the hub; guarded by the lock of
	// its user's hub shard.
	closed bool

	// A session serves its requests one at a time, in arrival order, on a
	// goroutine that exists only while requests wait: an idle session
	// holds no goroutine. Order matters: two sends from one device must be
	// stored in the order they were sent.
	mu       sync.Mutex
	jobs     []func() // guarded by mu
	running  bool     // guarded by mu
	inflight int      // requests taken by begin and not yet ended; guarded by mu
}

// begin counts a request in flight, or reports false when maxInFlight
// are already.
func (s *Session) begin() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.inflight >= maxInFlight {
		return false
	}
	s.inflight++
	return true
}

// end counts a request begun by begin as answered.
func (s *Session) end() {
	s.mu.Lock()
	s.inflight--
	s.mu.Unlock()
}

// do queues job behind the session's earlier requests. Jobs are requests
// counted by begin, so the queue is bounded by maxInFlight.
func (s *Session) do(job func()) {
	s.mu.Lock()
	s.jobs = append(s.jobs, job)
	if s.running {
		s.mu.Unlock()
		return
	}
	s.running = true
	s.mu.Unlock()
	go s.run()
}

func (s *Session) run() {
	for {
		s.mu.Lock()
		if len(s.jobs) == 0 {
			s.running = false
			s.jobs = nil
			s.mu.Unlock()
			return
		}
		job := s.jobs[0]
		s.jobs[0] = nil
		s.jobs = s.jobs[1:]
		s.mu.Unlock()
		job()
	}
}

// info is the session as ListSessions shows it.
func (s *Session) info() *chorusv1.SessionInfo {
	return &chorusv1.SessionInfo{
		SessionId:     s.sessionID,
		DeviceId:      s.device,
		Platform:      s.platform,
		Transport:     s.transport,
		RemoteAddr:    s.remoteAddr,
		ClientVersion: s.clientVersion,
		ConnectedAtMs: s.connectedAt.UnixMilli(),
		NodeId:        s.nodeID,
	}
}
