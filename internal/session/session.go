package session

import (
	"sync"
	"time"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/gateway"
)

// maxQueuedJobs bounds the requests of one session waiting to be served;
// a client that pipelines more is told RATE_LIMITED instead of growing the
// queue.
const maxQueuedJobs = 256

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
	mu      sync.Mutex
	jobs    []func() // guarded by mu
	running bool     // guarded by mu
}

// do queues job behind the session's earlier requests. It reports false
// when too many requests already wait.
func (s *Session) do(job func()) bool {
	s.mu.Lock()
	if len(s.jobs) >= maxQueuedJobs {
		s.mu.Unlock()
		return false
	}
	s.jobs = append(s.jobs, job)
	if s.running {
		s.mu.Unlock()
		return true
	}
	s.running = true
	s.mu.Unlock()
	go s.run()
	return true
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
