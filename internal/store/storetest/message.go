package storetest

import (
	"fmt"
	"sync"
	"testing"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
)

func testAppend(t *testing.T, newStore func(t *testing.T) im.Store) {
	// setup makes a store with the direct conversation of alice and bob
	// and the group of alice, bob and carol.
	setup := func(t *testing.T) im.Store {
		s := newStore(t)
		createConv(t, s, direct, 0, alice, bob)
		createConv(t, s, group, 0, alice, bob, carol)
		return s
	}

	t.Run("GaplessAcrossBatches", func(t *testing.T) {
		s := setup(t)
		var sent []*chorusv1.Message
		for i, size := range []int{1, 3, 2} {
			batch := make([]*chorusv1.Message, size)
			for j := range batch {
				batch[j] = msg(direct, alice, newClientID(), fmt.Sprintf("b%d m%d", i, j), int64(2000+len(sent)+j))
			}
			res := appendOK(t, s, batch...)
			for j, r := range res {
				seq := uint64(len(sent) + j + 1)
				if r.Duplicate {
					t.Fatalf("batch %d message %d: Duplicate set on a new message", i, j)
				}
				wantMessage(t, fmt.Sprintf("batch %d result %d", i, j), r.Message, stored(batch[j], seq))
			}
			sent = append(sent, batch...)
		}
		got := listAll(t, s, direct)
		if len(got) != len(sent) {
			t.Fatalf("ListMessages returned %d messages, want %d", len(got), len(sent))
		}
		for i, m := range got {
			wantMessage(t, fmt.Sprintf("stored message %d", i), m, stored(sent[i], uint64(i+1)))
		}
		c, err := s.GetConversation(t.Context(), direct)
		if err != nil {
			t.Fatalf("GetConversation: %v", err)
		}
		if c.LastSeq != 6 || c.UpdatedAtMs != 2005 {
			t.Fatalf("conversation last seq %d, activity %d; want 6 and the newest server time 2005", c.LastSeq, c.UpdatedAtMs)
		}
	})
	t.Run("SeveralConversationsInOneBatch", func(t *testing.T) {
		s := setup(t)
		res := appendOK(t, s,
			msg(direct, alice, newClientID(), "1", 0),
			msg(group, bob, newClientID(), "2", 0),
			msg(direct, bob, newClientID(), "3", 0),
			msg(group, carol, newClientID(), "4", 0),
			msg(direct, alice, newClientID(), "5", 0),
		)
		want := []uint64{1, 1, 2, 2, 3}
		for i, r := range res {
			if r.Message.Seq != want[i] {
				t.Fatalf("result %d: seq %d, want %d (each conversation counts its own)", i, r.Message.Seq, want[i])
			}
		}
		wantSeqs(t, "direct", listAll(t, s, direct), span(1, 3))
		wantSeqs(t, "group", listAll(t, s, group), span(1, 2))
	})
	t.Run("Content", func(t *testing.T) {
		s := setup(t)
		contents := []*chorusv1.Content{
			{Body: &chorusv1.Content_Text{Text: &chorusv1.Text{Text: "héllo 👋"}}},
			{Body: &chorusv1.Content_Media{Media: &chorusv1.Media{
				Kind: chorusv1.MediaKind_MEDIA_KIND_IMAGE, Url: "https://cdn.example/x.jpg", Mime: "image/jpeg",
				Size: 123456, Width: 640, Height: 480, Name: "x.jpg", ThumbnailUrl: "https://cdn.example/x.t.jpg",
			}}},
			{Body: &chorusv1.Content_Custom{Custom: &chorusv1.Custom{Type: "poll", Data: []byte{0, 1, 2, 255}}}},
			{},
		}
		var batch []*chorusv1.Message
		for _, c := range contents {
			m := msg(group, carol, newClientID(), "", 0)
			m.Content = c
			batch = append(batch, m)
		}
		appendOK(t, s, batch...)
		for i, m := range listAll(t, s, group) {
			wantMessage(t, fmt.Sprintf("message %d", i), m, stored(batch[i], uint64(i+1)))
		}
	})
	t.Run("DuplicateOfEarlierBatch", func(t *testing.T) {
		s := setup(t)
		orig := msg(direct, alice, "retry-me", "first try", 2000)
		appendOK(t, s, orig)
		retry := msg(direct, alice, "retry-me", "second try", 3000)
		next := msg(direct, alice, newClientID(), "next", 3001)
		res := appendOK(t, s, retry, next)
		if !res[0].Duplicate {
			t.Fatal("a retry with a stored client_msg_id was not reported as a duplicate")
		}
		wantMessage(t, "duplicate's result", res[0].Message, stored(orig, 1))
		if res[1].Duplicate || res[1].Message.Seq != 2 {
			t.Fatalf("message after a duplicate: seq %d duplicate %v, want seq 2 (a duplicate takes no seq)",
				res[1].Message.Seq, res[1].Duplicate)
		}
		wantSeqs(t, "stored", listAll(t, s, direct), span(1, 2))
		if got := lastSeq(t, s, direct); got != 2 {
			t.Fatalf("last seq %d, want 2", got)
		}
	})
	t.Run("DuplicateInSameBatch", func(t *testing.T) {
		s := setup(t)
		a := msg(group, bob, "same", "a", 0)
		again := msg(group, bob, "same", "a again", 0)
		b := msg(group, bob, newClientID(), "b", 0)
		res := appendOK(t, s, a, again, b)
		if res[0].Duplicate || !res[1].Duplicate || res[2].Duplicate {
			t.Fatalf("Duplicate flags %v %v %v, want false true false", res[0].Duplicate, res[1].Duplicate, res[2].Duplicate)
		}
		wantMessage(t, "first", res[0].Message, stored(a, 1))
		wantMessage(t, "in-batch duplicate", res[1].Message, stored(a, 1))
		wantMessage(t, "after the duplicate", res[2].Message, stored(b, 2))
		wantSeqs(t, "stored", listAll(t, s, group), span(1, 2))
	})
	t.Run("DuplicateInOtherConversation", func(t *testing.T) {
		s := setup(t)
		orig := msg(direct, bob, "x", "to alice", 0)
		appendOK(t, s, orig)
		res := appendOK(t, s, msg(group, bob, "x", "to the group", 0))
		if !res[0].Duplicate {
			t.Fatal("same sender and client_msg_id in another conversation was not a duplicate")
		}
		wantMessage(t, "duplicate's result", res[0].Message, stored(orig, 1))
		if n := len(listAll(t, s, group)); n != 0 || lastSeq(t, s, group) != 0 {
			t.Fatalf("the duplicate was stored in the other conversation (%d messages)", n)
		}
	})
	t.Run("DuplicateNamingMissingConversation", func(t *testing.T) {
		// The retry is recognised before its conversation is looked at: the
		// original is what the sender gets back.
		s := setup(t)
		orig := msg(direct, bob, "x", "hello", 0)
		appendOK(t, s, orig)
		res := appendOK(t, s, msg(im.GroupConversationID("gone"), bob, "x", "hello", 0))
		if !res[0].Duplicate {
			t.Fatal("retry naming a missing conversation was not a duplicate")
		}
		wantMessage(t, "duplicate's result", res[0].Message, stored(orig, 1))
	})
	t.Run("SameClientIDOtherSender", func(t *testing.T) {
		s := setup(t)
		res := appendOK(t, s, msg(group, alice, "x", "a", 0), msg(group, bob, "x", "b", 0))
		if res[0].Duplicate || res[1].Duplicate || res[1].Message.Seq != 2 {
			t.Fatal("the same client_msg_id from two senders was taken for a duplicate")
		}
	})
	t.Run("Atomic", func(t *testing.T) {
		s := setup(t)
		sendN(t, s, direct, bob, 1)
		first := msg(direct, alice, "keep-1", "1", 0)
		missing := msg(im.GroupConversationID("gone"), alice, "keep-2", "2", 0)
		last := msg(group, alice, "keep-3", "3", 0)
		_, err := s.AppendMessages(t.Context(), []*chorusv1.Message{first, missing, last})
		wantCode(t, err, chorusv1.ErrorCode_ERROR_CODE_CONVERSATION_NOT_FOUND)
		wantSeqs(t, "direct after the failed batch", listAll(t, s, direct), []uint64{1})
		if n := len(listAll(t, s, group)); n != 0 {
			t.Fatalf("the failed batch left %d messages in the group", n)
		}
		if lastSeq(t, s, direct) != 1 || lastSeq(t, s, group) != 0 {
			t.Fatal("the failed batch moved a last seq")
		}
		wantPositions(t, s, direct, alice, 0, 0)
		// Nothing of the batch was kept, not even its client ids.
		res := appendOK(t, s, first, last)
		if res[0].Duplicate || res[0].Message.Seq != 2 || res[1].Duplicate || res[1].Message.Seq != 1 {
			t.Fatalf("resending the good messages: %v", res)
		}
	})
	t.Run("SenderPositions", func(t *testing.T) {
		s := setup(t)
		sendN(t, s, group, bob, 2)
		wantPositions(t, s, group, bob, 2, 2)
		wantPositions(t, s, group, alice, 0, 0)
		appendOK(t, s, msg(group, alice, newClientID(), "1", 0), msg(group, carol, newClientID(), "2", 0),
			msg(group, alice, newClientID(), "3", 0))
		wantPositions(t, s, group, alice, 5, 5)
		wantPositions(t, s, group, carol, 4, 4)
		wantPositions(t, s, group, bob, 2, 2)
	})
	t.Run("SystemMessages", func(t *testing.T) {
		s := setup(t)
		createConv(t, s, systemIDA, 0, alice)
		res := appendOK(t, s, msg(systemIDA, "", newClientID(), "welcome", 0), msg(systemIDA, "", newClientID(), "tip", 0))
		if res[0].Message.Seq != 1 || res[1].Message.Seq != 2 {
			t.Fatalf("system message seqs %d, %d; want 1, 2", res[0].Message.Seq, res[1].Message.Seq)
		}
		wantPositions(t, s, systemIDA, alice, 0, 0)
	})
	t.Run("SenderNotMember", func(t *testing.T) {
		// The store keeps no membership rules: the core checks who may send.
		s := setup(t)
		res := appendOK(t, s, msg(direct, dave, newClientID(), "hi", 0))
		if res[0].Message.Seq != 1 {
			t.Fatalf("seq %d, want 1", res[0].Message.Seq)
		}
		if ids, _ := s.ListMemberIDs(t.Context(), direct); len(ids) != 2 {
			t.Fatalf("sending made a member: %v", ids)
		}
	})
	t.Run("Concurrent", func(t *testing.T) { testAppendConcurrent(t, setup(t)) })
}

// testAppendConcurrent sends from several goroutines at once, into two
// conversations, with retries mixed in, and checks that every message was
// stored exactly once and the seqs of each conversation are 1..n.
func testAppendConcurrent(t *testing.T, s im.Store) {
	const (
		workers = 6
		batches = 12
		perBat  = 4
	)
	var (
		mu    sync.Mutex
		byID  = map[string]map[int64]uint64{direct: {}, group: {}} // conversation -> message id -> seq
		errs  []error
		wg    sync.WaitGroup
		convs = []string{direct, group}
	)
	fail := func(err error) {
		mu.Lock()
		errs = append(errs, err)
		mu.Unlock()
	}
	for w := range workers {
		wg.Go(func() {
			var prev *chorusv1.Message
			for b := range batches {
				var batch []*chorusv1.Message
				for i := range perBat {
					batch = append(batch, msg(convs[(w+b+i)%2], alice, newClientID(), "", 0))
				}
				if prev != nil && b%3 == 0 {
					batch = append(batch, prev) // a retry of the previous batch's last message
				}
				prev = batch[perBat-1]
				res, err := s.AppendMessages(t.Context(), batch)
				if err != nil {
					fail(err)
					return
				}
				mu.Lock()
				for i, r := range res {
					if (i == perBat) != r.Duplicate {
						errs = append(errs, fmt.Errorf("worker %d batch %d message %d: Duplicate %v", w, b, i, r.Duplicate))
					}
					if r.Duplicate {
						if got, ok := byID[r.Message.ConversationId][r.Message.Id]; !ok || got != r.Message.Seq {
							errs = append(errs, fmt.Errorf("retry returned %d at seq %d, which is not the original", r.Message.Id, r.Message.Seq))
						}
						continue
					}
					byID[r.Message.ConversationId][r.Message.Id] = r.Message.Seq
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		t.Error(err)
	}
	if t.Failed() {
		return
	}
	total := 0
	for _, conv := range convs {
		got := listAll(t, s, conv)
		wantSeqs(t, conv, got, span(1, uint64(len(byID[conv]))))
		for _, m := range got {
			if seq, ok := byID[conv][m.Id]; !ok || seq != m.Seq {
				t.Fatalf("%s: stored message %d at seq %d, but AppendMessages reported seq %d", conv, m.Id, m.Seq, seq)
			}
		}
		total += len(got)
	}
	if total != workers*batches*perBat {
		t.Fatalf("stored %d messages, want %d", total, workers*batches*perBat)
	}
}

func testListMessages(t *testing.T, newStore func(t *testing.T) im.Store) {
	s := newStore(t)
	createConv(t, s, direct, 0, alice, bob)
	sendN(t, s, direct, alice, 4)
	sendN(t, s, direct, bob, 6)
	tests := []struct {
		name string
		q    im.MessageQuery
		want []uint64
	}{
		{"All", im.MessageQuery{}, span(1, 10)},
		{"FromZero", im.MessageQuery{FromSeq: 0, ToSeq: 10}, span(1, 10)},
		{"Range", im.MessageQuery{FromSeq: 3, ToSeq: 7}, span(3, 7)},
		{"OneSeq", im.MessageQuery{FromSeq: 5, ToSeq: 5}, []uint64{5}},
		{"ToSeqZeroIsOpen", im.MessageQuery{FromSeq: 8}, span(8, 10)},
		{"ToSeqPastEnd", im.MessageQuery{FromSeq: 8, ToSeq: 100}, span(8, 10)},
		{"LimitTakesLowest", im.MessageQuery{FromSeq: 3, ToSeq: 7, Limit: 2}, []uint64{3, 4}},
		{"LimitLargerThanRange", im.MessageQuery{FromSeq: 9, Limit: 5}, span(9, 10)},
		{"NegativeLimit", im.MessageQuery{FromSeq: 1, Limit: -1}, span(1, 10)},
		{"Reverse", im.MessageQuery{Reverse: true}, span(10, 1)},
		{"ReverseLimitTakesHighest", im.MessageQuery{FromSeq: 3, ToSeq: 7, Limit: 2, Reverse: true}, []uint64{7, 6}},
		{"ReverseOpenLimit", im.MessageQuery{Limit: 3, Reverse: true}, []uint64{10, 9, 8}},
		{"FromPastEnd", im.MessageQuery{FromSeq: 11}, nil},
		{"EmptyRange", im.MessageQuery{FromSeq: 7, ToSeq: 3}, nil},
		{"Huge", im.MessageQuery{FromSeq: 1 << 63, ToSeq: 1<<64 - 1}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := tt.q
			q.ConversationID = direct
			got, err := s.ListMessages(t.Context(), q)
			if err != nil {
				t.Fatalf("ListMessages(%+v): %v", q, err)
			}
			wantSeqs(t, fmt.Sprintf("%+v", q), got, tt.want)
			for _, m := range got {
				if m.ConversationId != direct || m.Content.GetText() == nil || m.ClientMsgId == "" {
					t.Fatalf("message %d came back incomplete: %v", m.Seq, m)
				}
			}
		})
	}
	t.Run("MissingConversation", func(t *testing.T) {
		got, err := s.ListMessages(t.Context(), im.MessageQuery{ConversationID: group})
		if err != nil || len(got) != 0 {
			t.Fatalf("ListMessages of a missing conversation = %d messages, %v; want none, no error", len(got), err)
		}
	})
}
