package session

import (
	"cmp"
	"hash/maphash"
	"slices"
	"sync"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/gateway"
	"github.com/chorus-im/chorus/internal/im"
)

// defaultKickReason is the Disconnect reason of KickDevice when the caller
// gives none.
const defaultKickReason = "this device was signed out"

// maxKickReasonLen bounds the caller's reason in the Disconnect frame.
const maxKickReasonLen = 256

// hubShards spreads users over independently locked maps, so pushes and
// logins on different users rarely meet on one lock.
const hubShards = 64

// Hub holds this node's online sessions by user. It is safe for
// concurrent use.
type Hub struct {
	seed   maphash.Seed
	shards [hubShards]hubShard
	// kick says, per platform, whether a login from another device of the
	// same platform replaces the older sessions (config
	// auth.same_platform); nil keeps them all.
	kick     func(chorusv1.Platform) bool
	sendBufs sync.Pool
}

type hubShard struct {
	mu    sync.RWMutex
	users map[string][]*Session // guarded by mu
}

// NewHub returns an empty hub. kick is the same-platform login policy:
// whether a login on a platform replaces the user's other devices of that
// platform (nil: never).
func NewHub(kick func(chorusv1.Platform) bool) *Hub {
	h := &Hub{seed: maphash.MakeSeed(), kick: kick}
	for i := range h.shards {
		h.shards[i].users = make(map[string][]*Session)
	}
	h.sendBufs.New = func() any { b := make([]gateway.Conn, 0, 16); return &b }
	return h
}

func (h *Hub) shard(user string) *hubShard {
	return &h.shards[maphash.String(h.seed, user)%hubShards]
}

// add registers s and returns the sessions it replaces under the
// same-platform policy: where it kicks, other devices of the same platform.
// Connections of the same device (browser tabs, a reconnect racing the old
// connection's close) are never replaced. It returns ok=false when s
// already closed, so a session closed during login is never left behind.
func (h *Hub) add(s *Session) (replaced []*Session, ok bool) {
	sh := h.shard(s.user)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if s.closed {
		return nil, false
	}
	list := sh.users[s.user]
	if h.kick != nil && h.kick(s.platform) {
		kept := list[:0]
		for _, o := range list {
			if o.platform == s.platform && o.device != s.device {
				o.closed = true
				replaced = append(replaced, o)
				continue
			}
			kept = append(kept, o)
		}
		clear(list[len(kept):])
		list = kept
	}
	sh.users[s.user] = append(list, s)
	return replaced, true
}

// remove unregisters s; it is safe to call more than once.
func (h *Hub) remove(s *Session) {
	sh := h.shard(s.user)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	s.closed = true
	list := sh.users[s.user]
	for i, o := range list {
		if o == s {
			list[i] = list[len(list)-1]
			list[len(list)-1] = nil
			list = list[:len(list)-1]
			break
		}
	}
	if len(list) == 0 {
		delete(sh.users, s.user)
	} else {
		sh.users[s.user] = list
	}
}

// Push implements core.Pusher: f is encoded at most once per wire form and
// queued to every online session of users except the one with id except.
// Conns are collected under the shard lock and written to outside it, so a
// slow consumer being closed never waits on the hub.
func (h *Hub) Push(users []string, f *chorusv1.Frame, except uint64) int {
	return h.push(users, gateway.NewOutgoing(f), except)
}

// PushBatch implements core.Pusher: like Push, with frames written back
// to back, so each connection takes the batch in one write.
func (h *Hub) PushBatch(users []string, frames []*chorusv1.Frame, except uint64) int {
	return h.push(users, gateway.NewOutgoingBatch(frames), except)
}

func (h *Hub) push(users []string, o *gateway.Outgoing, except uint64) int {
	bp := h.sendBufs.Get().(*[]gateway.Conn)
	conns := (*bp)[:0]
	n := 0
	for _, u := range users {
		sh := h.shard(u)
		sh.mu.RLock()
		for _, s := range sh.users[u] {
			if s.id != except {
				conns = append(conns, s.conn)
			}
		}
		sh.mu.RUnlock()
		for _, c := range conns {
			if c.Send(o) {
				n++
			}
		}
		clear(conns)
		conns = conns[:0]
	}
	*bp = conns
	h.sendBufs.Put(bp)
	return n
}

// Online returns how many sessions user has on this node.
func (h *Hub) Online(user string) int {
	sh := h.shard(user)
	sh.mu.RLock()
	defer sh.mu.RUnlock()
	return len(sh.users[user])
}

// Sessions returns the number of sessions on this node.
func (h *Hub) Sessions() int {
	n := 0
	for i := range h.shards {
		sh := &h.shards[i]
		sh.mu.RLock()
		for _, l := range sh.users {
			n += len(l)
		}
		sh.mu.RUnlock()
	}
	return n
}

// ListSessions returns user's sessions on this node, ordered by device id,
// then by connection time (then connection id, for sessions of the same
// millisecond).
func (h *Hub) ListSessions(user string) []*chorusv1.SessionInfo {
	sh := h.shard(user)
	sh.mu.RLock()
	list := slices.Clone(sh.users[user])
	sh.mu.RUnlock()
	slices.SortFunc(list, func(a, b *Session) int {
		return cmp.Or(
			cmp.Compare(a.device, b.device),
			a.connectedAt.Compare(b.connectedAt),
			cmp.Compare(a.id, b.id),
		)
	})
	out := make([]*chorusv1.SessionInfo, len(list))
	for i, s := range list {
		out[i] = s.info()
	}
	return out
}

// KickDevice closes every session of user's device with
// DISCONNECT_CODE_REMOVED and reason (empty: a default), and returns how
// many it closed.
func (h *Hub) KickDevice(user, device, reason string) int {
	taken := h.takeDevice(user, device)
	closeRemoved(taken, reason)
	return len(taken)
}

// takeDevice unregisters the sessions of user's device and returns them,
// so no push reaches them any more; the caller closes them. Closing
// happens outside the shard lock, since closing a conn may call back into
// the hub (HandleClose -> remove).
func (h *Hub) takeDevice(user, device string) []*Session {
	sh := h.shard(user)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	list := sh.users[user]
	var taken []*Session
	kept := list[:0]
	for _, s := range list {
		if s.device == device {
			s.closed = true
			taken = append(taken, s)
			continue
		}
		kept = append(kept, s)
	}
	clear(list[len(kept):])
	if len(kept) == 0 {
		delete(sh.users, user)
	} else {
		sh.users[user] = kept
	}
	return taken
}

// closeRemoved closes sessions taken out of the hub with
// DISCONNECT_CODE_REMOVED.
func closeRemoved(sessions []*Session, reason string) {
	if reason == "" {
		reason = defaultKickReason
	}
	reason = clip(reason, maxKickReasonLen)
	for _, s := range sessions {
		s.conn.Close(im.Disconnect(chorusv1.DisconnectCode_DISCONNECT_CODE_REMOVED, reason))
	}
}
