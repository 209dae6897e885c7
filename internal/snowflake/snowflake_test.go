package snowflake

import (
	"sync"
	"testing"
	"time"
)

func TestIDsIncreaseAndCarryNode(t *testing.T) {
	g, err := New(7)
	if err != nil {
		t.Fatal(err)
	}
	var last int64
	for i := 0; i < 20000; i++ {
		id := g.NextID()
		if id <= last {
			t.Fatalf("id %d after %d: not increasing", id, last)
		}
		if Node(id) != 7 {
			t.Fatalf("node of %d = %d, want 7", id, Node(id))
		}
		last = id
	}
	if d := time.Since(Time(last)); d < -time.Minute || d > time.Minute {
		t.Fatalf("Time(id) is %v away from now", d)
	}
}

func TestClockGoingBackDoesNotRepeat(t *testing.T) {
	g, _ := New(1)
	now := Epoch.Add(time.Hour)
	g.now = func() time.Time { return now }
	a := g.NextID()
	now = now.Add(-time.Second)
	b := g.NextID()
	if b <= a {
		t.Fatalf("id after clock step back %d <= %d", b, a)
	}
}

func TestSequenceOverflowBorrowsNextMillisecond(t *testing.T) {
	g, _ := New(1)
	now := Epoch.Add(time.Hour)
	g.now = func() time.Time { return now }
	seen := make(map[int64]bool)
	for i := 0; i < 3*(maxSeq+1); i++ {
		id := g.NextID()
		if seen[id] {
			t.Fatalf("id %d repeated", id)
		}
		seen[id] = true
	}
}

func TestConcurrentUnique(t *testing.T) {
	g, _ := New(3)
	const workers, per = 4, 5000
	ids := make(chan int64, workers*per)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < per; i++ {
				ids <- g.NextID()
			}
		}()
	}
	wg.Wait()
	close(ids)
	seen := make(map[int64]bool)
	for id := range ids {
		if seen[id] {
			t.Fatalf("duplicate id %d", id)
		}
		seen[id] = true
	}
}

func TestNodeRange(t *testing.T) {
	for _, n := range []int{-1, MaxNode + 1} {
		if _, err := New(n); err == nil {
			t.Errorf("New(%d) succeeded", n)
		}
	}
}

func BenchmarkNextID(b *testing.B) {
	g, _ := New(1)
	for b.Loop() {
		g.NextID()
	}
}
