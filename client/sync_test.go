package client

import (
	"slices"
	"sync/atomic"
	"testing"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
)

func TestDuplicatePushesAreDropped(t *testing.T) {
	for _, tr := range transports {
		t.Run(tr, func(t *testing.T) {
			s := newFakeServer(t, nil)
			msgs := s.add("g:x", 3)
			var rec recorder
			c := dial(t, s, tr, func(o *Options) { o.OnMessage = rec.on })
			fc := s.conn(t, 0)
			for _, i := range []int{0, 0, 1, 0, 1, 2, 2} {
				_ = fc.push(msgs[i])
			}
			waitFor(t, "seq 3", func() bool { return c.Positions()["g:x"] == 3 })
			if got := rec.seqs("g:x"); !slices.Equal(got, upTo(1, 3)) {
				t.Fatalf("OnMessage got seqs %v", got)
			}
			if n := len(stat(s, func() []*chorusv1.PullMessagesRequest { return s.pulls })); n != 0 {
				t.Errorf("%d pulls for in-order pushes", n)
			}
		})
	}
}

func TestOutOfOrderPushesFillTheGap(t *testing.T) {
	for _, tr := range transports {
		t.Run(tr, func(t *testing.T) {
			s := newFakeServer(t, nil)
			msgs := s.add("g:x", 6)
			var rec recorder
			c := dial(t, s, tr, func(o *Options) { o.OnMessage = rec.on })
			fc := s.conn(t, 0)
			// 2 and 3 are "lost"; 5 arrives before 4, and 4 twice.
			for _, i := range []int{0, 4, 3, 3, 5} {
				_ = fc.push(msgs[i])
			}
			waitFor(t, "seq 6", func() bool { return c.Positions()["g:x"] == 6 })
			if got := rec.seqs("g:x"); !slices.Equal(got, upTo(1, 6)) {
				t.Fatalf("OnMessage got seqs %v", got)
			}
			pulls := stat(s, func() []*chorusv1.PullMessagesRequest { return s.pulls })
			if len(pulls) == 0 || pulls[0].FromSeq != 2 || pulls[0].ToSeq > 4 {
				t.Fatalf("pulls %v, want the gap from seq 2", pulls)
			}
		})
	}
}

func TestGapBeforeJoiningIsSkipped(t *testing.T) {
	s := newFakeServer(t, nil)
	msgs := s.add("g:x", 7)
	s.mu.Lock()
	s.convs["g:x"].visibleFrom = 6 // alice joined after seq 5
	s.mu.Unlock()
	var rec recorder
	c := dial(t, s, "tcp", func(o *Options) { o.OnMessage = rec.on })
	_ = s.conn(t, 0).push(msgs[6])
	waitFor(t, "seq 7", func() bool { return c.Positions()["g:x"] == 7 })
	if got := rec.seqs("g:x"); !slices.Equal(got, []uint64{6, 7}) {
		t.Fatalf("OnMessage got seqs %v", got)
	}
}

func TestUnfillableGapIsSkipped(t *testing.T) {
	s := newFakeServer(t, func(s *fakeServer) {
		s.onFrame = func(fc *fakeConn, f *chorusv1.Frame) bool {
			if f.GetPullMessages() == nil {
				return false
			}
			_ = fc.send(&chorusv1.Frame{Id: f.Id, Body: errBody(chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER, "left", false)})
			return true
		}
	})
	msgs := s.add("g:x", 3)
	var rec recorder
	c := dial(t, s, "tcp", func(o *Options) { o.OnMessage = rec.on })
	_ = s.conn(t, 0).push(msgs[2])
	waitFor(t, "seq 3", func() bool { return c.Positions()["g:x"] == 3 })
	if got := rec.seqs("g:x"); !slices.Equal(got, []uint64{3}) {
		t.Fatalf("OnMessage got seqs %v", got)
	}
}

func TestSyncReturnsMissedMessagesOnceAcrossPages(t *testing.T) {
	for _, tr := range transports {
		t.Run(tr, func(t *testing.T) {
			s := newFakeServer(t, nil)
			s.add("g:big", 450)
			s.add("p:alice:bob", 3) // the newest change: synced last
			var rec recorder
			c := dial(t, s, tr, func(o *Options) { o.OnMessage = rec.on })
			ctx := testCtx(t)

			got, err := c.Sync(ctx)
			if err != nil {
				t.Fatal(err)
			}
			want := append(seqsOf("g:big", 1, 450), seqsOf("p:alice:bob", 1, 3)...)
			if !slices.Equal(keys(got), want) {
				t.Fatalf("Sync returned %d messages, want %d in order", len(got), len(want))
			}
			pulls := stat(s, func() []*chorusv1.PullMessagesRequest { return s.pulls })
			if len(pulls) != 4 { // 200 + 200 + 50 of g:big, 3 of p:alice:bob
				t.Errorf("%d pulls, want 4", len(pulls))
			}
			waitFor(t, "OnMessage", func() bool { return rec.count() == len(want) })
			if !slices.Equal(rec.seqs("g:big"), upTo(1, 450)) {
				t.Fatal("OnMessage got g:big out of order or incomplete")
			}

			// Nothing new: nothing returned, nothing pulled.
			got, err = c.Sync(ctx)
			if err != nil || len(got) != 0 {
				t.Fatalf("second Sync returned %d messages, %v", len(got), err)
			}
			// Two new messages: exactly those.
			s.add("g:big", 2)
			got, err = c.Sync(ctx)
			if err != nil || !slices.Equal(keys(got), seqsOf("g:big", 451, 452)) {
				t.Fatalf("third Sync returned %v, %v", keys(got), err)
			}
			waitFor(t, "positions", func() bool {
				p := c.Positions()
				return p["g:big"] == 452 && p["p:alice:bob"] == 3
			})
		})
	}
}

func TestSyncStartsAfterKnownSeqs(t *testing.T) {
	s := newFakeServer(t, nil)
	s.add("g:big", 450)
	s.add("g:old", 10)
	s.add("g:new", 2)
	var rec recorder
	c := dial(t, s, "tcp", func(o *Options) {
		o.KnownSeqs = map[string]uint64{"g:big": 440, "g:old": 10}
		o.OnMessage = rec.on
	})
	if p := c.Positions(); p["g:big"] != 440 || p["g:old"] != 10 {
		t.Fatalf("Positions before Sync %v", p)
	}
	got, err := c.Sync(testCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	want := seqsOf("g:big", 441, 450) // g:old is known; g:new changed last
	want = append(want, seqsOf("g:new", 1, 2)...)
	if !slices.Equal(keys(got), want) {
		t.Fatalf("Sync returned %v, want %v", keys(got), want)
	}
	for _, p := range stat(s, func() []*chorusv1.PullMessagesRequest { return s.pulls }) {
		if p.ConversationId == "g:old" || (p.ConversationId == "g:big" && p.FromSeq != 441) {
			t.Errorf("pulled what was known: %v", p)
		}
	}
	// A push of a known message is a duplicate.
	_ = s.conn(t, 0).push(s.msg("g:big", 440))
	_ = s.conn(t, 0).push(s.add("g:big", 1)[0])
	waitFor(t, "seq 451", func() bool { return c.Positions()["g:big"] == 451 })
	if got := rec.seqs("g:big"); !slices.Equal(got, upTo(441, 451)) {
		t.Fatalf("OnMessage got %v", got)
	}
}

func TestSkipHistory(t *testing.T) {
	s := newFakeServer(t, nil)
	s.add("g:a", 100)
	s.add("g:b", 100)
	var rec recorder
	c := dial(t, s, "tcp", func(o *Options) {
		o.SkipHistory = true
		o.OnMessage = rec.on
	})
	// A push of a message that was stored before the client connected
	// (its fan-out still on its way) is history, not live traffic.
	_ = s.conn(t, 0).push(s.msg("g:a", 100))
	_ = s.conn(t, 0).push(s.add("g:a", 1)[0])
	waitFor(t, "seq 101", func() bool { return c.Positions()["g:a"] == 101 })
	got, err := c.Sync(testCtx(t))
	if err != nil || len(got) != 0 {
		t.Fatalf("Sync returned %d messages, %v", len(got), err)
	}
	if p := c.Positions(); p["g:b"] != 100 {
		t.Fatalf("Positions %v", p)
	}
	if n := len(stat(s, func() []*chorusv1.PullMessagesRequest { return s.pulls })); n != 0 {
		t.Fatalf("%d pulls", n)
	}
	if got := rec.seqs("g:a"); !slices.Equal(got, []uint64{101}) {
		t.Fatalf("OnMessage got %v", got)
	}
}

func TestReconnectSyncsMissedMessages(t *testing.T) {
	for _, tr := range transports {
		t.Run(tr, func(t *testing.T) {
			s := newFakeServer(t, nil)
			msgs := s.add("g:x", 2)
			var rec recorder
			c := dial(t, s, tr, func(o *Options) {
				o.Reconnect = true
				o.OnMessage = rec.on
			})
			first := c.SessionID()
			_ = s.conn(t, 0).push(msgs[0])
			_ = s.conn(t, 0).push(msgs[1])
			waitFor(t, "seq 2", func() bool { return c.Positions()["g:x"] == 2 })
			s.conn(t, 0).close()
			s.add("g:x", 300) // while the client is away
			s.add("g:y", 1)
			waitFor(t, "reconnect", func() bool { return c.SessionID() != first })
			waitFor(t, "seq 302", func() bool { return c.Positions()["g:x"] == 302 })
			if got := rec.seqs("g:x"); !slices.Equal(got, upTo(1, 302)) {
				t.Fatalf("OnMessage got %d seqs, not 1..302 in order", len(got))
			}
			waitFor(t, "g:y", func() bool { return len(rec.seqs("g:y")) == 1 })
		})
	}
}

func TestPushesRacingSyncAreDeliveredOnce(t *testing.T) {
	s := newFakeServer(t, nil)
	msgs := s.add("g:x", 600)
	var rec recorder
	c := dial(t, s, "tcp", func(o *Options) { o.OnMessage = rec.on })
	fc := s.conn(t, 0)
	done := make(chan struct{})
	go func() {
		defer close(done)
		// Backwards, so most pushes open a gap and race the sync's pulls.
		for i := len(msgs) - 1; i >= 0; i-- {
			_ = fc.push(msgs[i])
		}
	}()
	got, err := c.Sync(testCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	<-done
	waitFor(t, "seq 600", func() bool { return c.Positions()["g:x"] == 600 })
	if seqs := rec.seqs("g:x"); !slices.Equal(seqs, upTo(1, 600)) {
		t.Fatalf("OnMessage got %d seqs, not 1..600 in order", len(seqs))
	}
	for i := 1; i < len(got); i++ {
		if got[i].Seq <= got[i-1].Seq {
			t.Fatalf("Sync result out of order at %d", i)
		}
	}
}

func TestOwnSendsAreOrderedWithPushes(t *testing.T) {
	s := newFakeServer(t, func(s *fakeServer) { s.echo = true })
	var rec recorder
	var fromSelf atomic.Int32
	c := dial(t, s, "tcp", func(o *Options) {
		o.OnMessage = func(m *chorusv1.Message) {
			if m.SenderId == "alice" {
				fromSelf.Add(1)
			}
			rec.on(m)
		}
	})
	ctx := testCtx(t)
	for range 3 {
		if _, err := c.SendText(ctx, "g:x", "mine"); err != nil {
			t.Fatal(err)
		}
	}
	_ = s.conn(t, 0).push(s.add("g:x", 1)[0])
	waitFor(t, "seq 4", func() bool { return c.Positions()["g:x"] == 4 })
	if got := rec.seqs("g:x"); !slices.Equal(got, upTo(1, 4)) {
		t.Fatalf("OnMessage got %v", got)
	}
	if fromSelf.Load() != 3 {
		t.Fatalf("%d own messages seen", fromSelf.Load())
	}
	if n := len(stat(s, func() []*chorusv1.PullMessagesRequest { return s.pulls })); n != 0 {
		t.Fatalf("%d pulls: own sends were not counted", n)
	}
}

type msgKey struct {
	conv string
	seq  uint64
}

func keys(msgs []*chorusv1.Message) []msgKey {
	out := make([]msgKey, len(msgs))
	for i, m := range msgs {
		out[i] = msgKey{m.ConversationId, m.Seq}
	}
	return out
}

func seqsOf(conv string, from, to uint64) []msgKey {
	var out []msgKey
	for s := from; s <= to; s++ {
		out = append(out, msgKey{conv, s})
	}
	return out
}
