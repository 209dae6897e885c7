package gateway

import (
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// registry holds every connection between open and HandleClose, sharded so
// that opens and closes on many cores do not queue on one lock.
type registry struct {
	shards [64]regShard
	n      atomic.Int64
}

type regShard struct {
	mu sync.Mutex
	m  map[uint64]*conn // guarded by mu
	_  [48]byte         // keep shards on separate cache lines
}

func newRegistry() *registry {
	r := &registry{}
	for i := range r.shards {
		r.shards[i].m = make(map[uint64]*conn)
	}
	return r
}

func (r *registry) shard(id uint64) *regShard { return &r.shards[id%uint64(len(r.shards))] }

func (r *registry) add(c *conn) {
	s := r.shard(c.id)
	s.mu.Lock()
	s.m[c.id] = c
	s.mu.Unlock()
	r.n.Add(1)
}

func (r *registry) remove(c *conn) {
	s := r.shard(c.id)
	s.mu.Lock()
	_, ok := s.m[c.id]
	delete(s.m, c.id)
	s.mu.Unlock()
	if ok {
		r.n.Add(-1)
	}
}

func (r *registry) len() int { return int(r.n.Load()) }

// each calls f for every connection, one shard at a time. f must not call
// into the conn (that could take locks in the wrong order): collect, then
// act after each returns.
func (r *registry) each(f func(c *conn)) {
	for i := range r.shards {
		s := &r.shards[i]
		s.mu.Lock()
		for _, c := range s.m {
			f(c)
		}
		s.mu.Unlock()
	}
}

// all returns every connection.
func (r *registry) all() []*conn {
	cs := make([]*conn, 0, r.len())
	r.each(func(c *conn) { cs = append(cs, c) })
	return cs
}

// sweepAction is what the sweeper does to one connection.
type sweepAction uint8

const (
	sweepIdle sweepAction = iota + 1
	sweepAuth
	sweepDrop     // closing for longer than CloseTimeout
	sweepOrphan   // closed by nbio without a close callback
	sweepDeadline // the deadline of CloseAt passed
)

type sweepItem struct {
	c   *conn
	act sweepAction
	dl  *closeAt // for sweepDeadline
}

// sweepInterval is how often the sweeper runs: a quarter of the shortest
// timeout, so a timeout fires at most 25% late, within [5ms, 1s].
func sweepInterval(cfg *Config) time.Duration {
	d := min(cfg.IdleTimeout, cfg.AuthTimeout, cfg.CloseTimeout) / 4
	return min(max(d, 5*time.Millisecond), time.Second)
}

// sweepLoop replaces a timer per connection: it checks the timestamps of
// all connections a few times per timeout.
func (g *Gateway) sweepLoop() {
	defer g.wg.Done()
	t := time.NewTicker(sweepInterval(&g.cfg))
	defer t.Stop()
	var items []sweepItem
	for {
		select {
		case <-g.done:
			return
		case <-t.C:
		}
		items = g.sweep(items[:0])
	}
}

// sweep closes the connections whose timeouts passed. It reuses items.
func (g *Gateway) sweep(items []sweepItem) []sweepItem {
	now := g.clock()
	idle, auth := int64(g.cfg.IdleTimeout), int64(g.cfg.AuthTimeout)
	g.reg.each(func(c *conn) {
		// nbio's Upgrade clears the session of a connection whose
		// handshake response it failed to write, so its close callback
		// cannot find our conn. Finish such a conn when a second sweep
		// still sees it closed but not finished.
		if c.ws != nil && !c.started.Load() {
			if closed, _ := c.nc.IsClosed(); closed {
				if c.orphan.Swap(true) {
					items = append(items, sweepItem{c: c, act: sweepOrphan})
				}
				return
			}
		}
		switch c.loadState() {
		case stateOpen:
			if !c.authed.Load() && now-c.openedAt >= auth {
				items = append(items, sweepItem{c: c, act: sweepAuth})
			} else if now-c.lastActive.Load() >= idle {
				items = append(items, sweepItem{c: c, act: sweepIdle})
			} else if dl := c.deadline.Load(); dl != nil && now >= dl.at {
				items = append(items, sweepItem{c: c, act: sweepDeadline, dl: dl})
			}
		case stateClosing, stateLingering:
			if now >= c.closeBy.Load() {
				items = append(items, sweepItem{c: c, act: sweepDrop})
			}
		}
	})
	for i, it := range items {
		switch it.act {
		case sweepAuth:
			it.c.closeStd(discAuth)
		case sweepIdle:
			it.c.closeStd(discIdle)
		case sweepDrop:
			it.c.hardClose(nil)
		case sweepOrphan:
			it.c.finish(net.ErrClosed)
		case sweepDeadline:
			if it.c.deadline.Load() == it.dl { // not moved by CloseAt meanwhile
				it.c.closeStd(it.dl.d)
			}
		}
		items[i] = sweepItem{}
	}
	return items
}
