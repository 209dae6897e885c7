package storetest

import (
	"slices"
	"testing"

	"github.com/chorus-im/chorus/internal/im"
)

func testCountReceipts(t *testing.T, newStore func(t *testing.T) im.Store) {
	count := func(t *testing.T, s im.Store, conv string, seqs ...uint64) []im.ReceiptCount {
		t.Helper()
		got, err := s.CountReceipts(t.Context(), conv, seqs)
		if err != nil {
			t.Fatalf("CountReceipts(%s, %v): %v", conv, seqs, err)
		}
		return got
	}
	rc := func(seq uint64, members, read, delivered int) im.ReceiptCount {
		return im.ReceiptCount{Seq: seq, Members: members, Read: read, Delivered: delivered}
	}
	// setup: the group of alice (owner), bob and carol. Seq 1 is its
	// creation, alice sent 2 and 3, dave was added at 4 (joined at 3),
	// bob read up to 2, carol received up to 3, dave read his event.
	setup := func(t *testing.T) im.Store {
		s := newStore(t)
		createGroup(t, s, group, alice, bob, carol)
		sendN(t, s, group, alice, 2)
		add(t, s, group, dave)
		markRead(t, s, group, bob, 2)
		if err := s.MarkDelivered(t.Context(), []im.DeliveryMark{{ConversationID: group, UserID: carol, Seq: 3}}); err != nil {
			t.Fatalf("MarkDelivered: %v", err)
		}
		markRead(t, s, group, dave, 4)
		return s
	}

	t.Run("Counts", func(t *testing.T) {
		s := setup(t)
		got := count(t, s, group, 1, 2, 3, 4)
		want := []im.ReceiptCount{
			// Seq 1-3: alice, bob, carol joined before; dave did not.
			rc(1, 3, 2, 3), // read: alice, bob; delivered: + carol
			rc(2, 3, 2, 3),
			rc(3, 3, 1, 2), // read: alice; delivered: alice, carol
			// Seq 4: everyone; only dave read or received it.
			rc(4, 4, 1, 1),
		}
		if !slices.Equal(got, want) {
			t.Fatalf("CountReceipts = %+v\nwant %+v", got, want)
		}
	})
	t.Run("InTheOrderAsked", func(t *testing.T) {
		s := setup(t)
		got := count(t, s, group, 4, 2, 2, 99, 0)
		want := []im.ReceiptCount{rc(4, 4, 1, 1), rc(2, 3, 2, 3), rc(2, 3, 2, 3), rc(99, 4, 0, 0), rc(0, 0, 0, 0)}
		if !slices.Equal(got, want) {
			t.Fatalf("CountReceipts = %+v\nwant %+v", got, want)
		}
	})
	t.Run("FormerMembersExcluded", func(t *testing.T) {
		s := setup(t)
		remove(t, s, group, bob) // 5
		got := count(t, s, group, 2, 5)
		want := []im.ReceiptCount{rc(2, 2, 1, 2), rc(5, 3, 0, 0)}
		if !slices.Equal(got, want) {
			t.Fatalf("CountReceipts = %+v\nwant %+v", got, want)
		}
	})
	t.Run("MostJoinedLater", func(t *testing.T) {
		// Most of the group joined after the messages asked about: their
		// positions are past them, yet they count for none of them.
		s := newStore(t)
		createGroup(t, s, group, alice, bob) // 1
		sendN(t, s, group, alice, 1)         // 2
		if _, err := s.ChangeMembers(t.Context(), group, im.MemberChange{Add: []im.MemberSpec{{UserID: carol, Role: roleMember}}}, nil); err != nil {
			t.Fatalf("ChangeMembers: %v", err)
		}
		sendN(t, s, group, alice, 1) // 3
		late := im.MemberChange{}
		for _, u := range []string{dave, erin, "frank", "gina"} {
			late.Add = append(late.Add, im.MemberSpec{UserID: u, Role: roleMember})
		}
		if _, err := s.ChangeMembers(t.Context(), group, late, nil); err != nil {
			t.Fatalf("ChangeMembers: %v", err)
		}
		got := count(t, s, group, 1, 2, 3)
		// Seq 1 and 2: alice and bob joined before (carol joined at 2);
		// seq 3: carol too. Only alice, the sender, read any of them.
		want := []im.ReceiptCount{rc(1, 2, 1, 1), rc(2, 2, 1, 1), rc(3, 3, 1, 1)}
		if !slices.Equal(got, want) {
			t.Fatalf("CountReceipts = %+v\nwant %+v", got, want)
		}
	})
	t.Run("Direct", func(t *testing.T) {
		s := newStore(t)
		createConv(t, s, direct, 0, alice, bob)
		sendN(t, s, direct, alice, 2)
		markRead(t, s, direct, bob, 1)
		if got, want := count(t, s, direct, 1, 2), []im.ReceiptCount{rc(1, 2, 2, 2), rc(2, 2, 1, 1)}; !slices.Equal(got, want) {
			t.Fatalf("CountReceipts = %+v\nwant %+v", got, want)
		}
	})
	t.Run("UnknownConversation", func(t *testing.T) {
		s := newStore(t)
		got := count(t, s, im.GroupConversationID("gone"), 1, 2)
		if want := []im.ReceiptCount{rc(1, 0, 0, 0), rc(2, 0, 0, 0)}; !slices.Equal(got, want) {
			t.Fatalf("CountReceipts = %+v\nwant %+v", got, want)
		}
	})
	t.Run("NoSeqs", func(t *testing.T) {
		s := setup(t)
		if got := count(t, s, group); len(got) != 0 {
			t.Fatalf("CountReceipts of no seqs = %+v, want none", got)
		}
	})
}
