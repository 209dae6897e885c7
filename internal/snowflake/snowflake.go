// Package snowflake hands out globally unique, time-ordered 63-bit ids:
// 41 bits of milliseconds since 2026-01-01 UTC (good until 2095), 10 bits of
// node id (0-1023, from config), 12 bits of sequence within a millisecond.
// Ids from one node strictly increase; ids from different nodes are unique
// as long as every node has its own node id.
//
// It must not depend on the wall clock going forward: when the clock steps
// back, the generator keeps counting from the last time it handed out.
package snowflake

import (
	"fmt"
	"sync"
	"time"
)

const (
	nodeBits = 10
	seqBits  = 12
	// MaxNode is the largest node id.
	MaxNode = 1<<nodeBits - 1
	maxSeq  = 1<<seqBits - 1
)

// Epoch is the zero time of ids: 2026-01-01T00:00:00Z.
var Epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Generator hands out ids for one node. It is safe for concurrent use.
type Generator struct {
	node uint16
	now  func() time.Time

	mu     sync.Mutex
	lastMs int64 // guarded by mu
	seq    int64 // guarded by mu
}

// New returns a generator for node, which must be in [0, MaxNode].
func New(node int) (*Generator, error) {
	if node < 0 || node > MaxNode {
		return nil, fmt.Errorf("snowflake: node id %d out of range 0-%d", node, MaxNode)
	}
	return &Generator{node: uint16(node), now: time.Now}, nil
}

// NextID returns the next id. When 4096 ids were handed out within one
// millisecond it borrows the next millisecond rather than wait, so the
// counter may run slightly ahead of the clock under extreme load.
func (g *Generator) NextID() int64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	ms := g.now().Sub(Epoch).Milliseconds()
	if ms <= g.lastMs {
		// Same millisecond, or the clock went back: keep counting from the
		// last one handed out so ids never repeat or go back.
		ms = g.lastMs
		g.seq++
		if g.seq > maxSeq {
			ms++
			g.seq = 0
		}
	} else {
		g.seq = 0
	}
	g.lastMs = ms
	return ms<<(nodeBits+seqBits) | int64(g.node)<<seqBits | g.seq
}

// Time returns the millisecond an id was made in.
func Time(id int64) time.Time {
	return Epoch.Add(time.Duration(id>>(nodeBits+seqBits)) * time.Millisecond)
}

// Node returns the node id an id was made by.
func Node(id int64) int { return int(id>>seqBits) & MaxNode }
