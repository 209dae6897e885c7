package storetest

import (
	"testing"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
)

func testMarkRead(t *testing.T, newStore func(t *testing.T) im.Store) {
	// setup: bob has sent 5 messages to the group of alice, bob and carol.
	setup := func(t *testing.T) im.Store {
		s := newStore(t)
		createConv(t, s, group, 0, alice, bob, carol)
		sendN(t, s, group, bob, 5)
		return s
	}
	mark := func(t *testing.T, s im.Store, user string, seq uint64, want im.Position) {
		t.Helper()
		got, err := s.MarkRead(t.Context(), group, user, seq)
		if err != nil {
			t.Fatalf("MarkRead(%s, %d): %v", user, seq, err)
		}
		if got != want {
			t.Fatalf("MarkRead(%s, %d) = %+v, want %+v", user, seq, got, want)
		}
		wantPositions(t, s, group, user, want.ReadSeq, want.DeliveredSeq)
	}

	t.Run("MovesReadAndDelivered", func(t *testing.T) {
		s := setup(t)
		mark(t, s, alice, 3, im.Position{LastSeq: 5, ReadSeq: 3, DeliveredSeq: 3})
	})
	t.Run("NeverBack", func(t *testing.T) {
		s := setup(t)
		mark(t, s, alice, 4, im.Position{LastSeq: 5, ReadSeq: 4, DeliveredSeq: 4})
		mark(t, s, alice, 2, im.Position{LastSeq: 5, ReadSeq: 4, DeliveredSeq: 4})
		mark(t, s, alice, 0, im.Position{LastSeq: 5, ReadSeq: 4, DeliveredSeq: 4})
	})
	t.Run("CappedAtLastSeq", func(t *testing.T) {
		s := setup(t)
		mark(t, s, alice, 100, im.Position{LastSeq: 5, ReadSeq: 5, DeliveredSeq: 5})
		mark(t, s, carol, 1<<64-1, im.Position{LastSeq: 5, ReadSeq: 5, DeliveredSeq: 5})
		// New messages are unread again: the cap did not leave the position
		// past them.
		sendN(t, s, group, bob, 1)
		mark(t, s, alice, 0, im.Position{LastSeq: 6, ReadSeq: 5, DeliveredSeq: 5})
	})
	t.Run("DeliveredAheadStays", func(t *testing.T) {
		s := setup(t)
		if err := s.MarkDelivered(t.Context(), []im.DeliveryMark{{ConversationID: group, UserID: alice, Seq: 4}}); err != nil {
			t.Fatalf("MarkDelivered: %v", err)
		}
		mark(t, s, alice, 2, im.Position{LastSeq: 5, ReadSeq: 2, DeliveredSeq: 4})
	})
	t.Run("CappedAtLeftSeq", func(t *testing.T) {
		s := newStore(t)
		createGroup(t, s, group, alice, bob)
		sendN(t, s, group, alice, 2)
		left := remove(t, s, group, bob) // 4
		sendN(t, s, group, alice, 3)
		got := markRead(t, s, group, bob, 2)
		if got.ReadSeq != 2 || got.DeliveredSeq != 2 {
			t.Fatalf("former member's MarkRead(2) = %+v, want read and delivered 2", got)
		}
		got = markRead(t, s, group, bob, 100)
		if got.ReadSeq != left || got.DeliveredSeq != left {
			t.Fatalf("former member's MarkRead(100) = %+v, want read and delivered capped at LeftSeq %d", got, left)
		}
		wantPositions(t, s, group, bob, left, left)
		if c := entry(t, s, bob, group); c.UnreadCount != 0 || c.ReadSeq != left {
			t.Fatalf("bob's entry %v, want nothing unread, read %d", c, left)
		}
	})
	t.Run("NotMember", func(t *testing.T) {
		s := setup(t)
		_, err := s.MarkRead(t.Context(), group, dave, 1)
		wantCode(t, err, chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER)
		_, err = s.MarkRead(t.Context(), direct, alice, 1)
		wantCode(t, err, chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER)
		if ids, _ := s.ListMemberIDs(t.Context(), group); len(ids) != 3 {
			t.Fatalf("MarkRead of a non-member changed the members: %v", ids)
		}
	})
}

func testMarkDelivered(t *testing.T, newStore func(t *testing.T) im.Store) {
	setup := func(t *testing.T) im.Store {
		s := newStore(t)
		createConv(t, s, group, 0, alice, bob, carol)
		createConv(t, s, direct, 0, alice, bob)
		sendN(t, s, group, bob, 5)
		sendN(t, s, direct, bob, 2)
		return s
	}
	deliver := func(t *testing.T, s im.Store, marks ...im.DeliveryMark) {
		t.Helper()
		if err := s.MarkDelivered(t.Context(), marks); err != nil {
			t.Fatalf("MarkDelivered: %v", err)
		}
	}

	t.Run("Batch", func(t *testing.T) {
		s := setup(t)
		deliver(t, s,
			im.DeliveryMark{ConversationID: group, UserID: alice, Seq: 3},
			im.DeliveryMark{ConversationID: group, UserID: carol, Seq: 100},
			im.DeliveryMark{ConversationID: direct, UserID: alice, Seq: 1},
		)
		wantPositions(t, s, group, alice, 0, 3)
		wantPositions(t, s, group, carol, 0, 5)
		wantPositions(t, s, direct, alice, 0, 1)
	})
	t.Run("NeverBack", func(t *testing.T) {
		s := setup(t)
		deliver(t, s, im.DeliveryMark{ConversationID: group, UserID: alice, Seq: 4})
		deliver(t, s, im.DeliveryMark{ConversationID: group, UserID: alice, Seq: 2},
			im.DeliveryMark{ConversationID: group, UserID: alice, Seq: 0})
		wantPositions(t, s, group, alice, 0, 4)
	})
	t.Run("SameMemberTwiceInBatch", func(t *testing.T) {
		s := setup(t)
		deliver(t, s, im.DeliveryMark{ConversationID: group, UserID: alice, Seq: 4},
			im.DeliveryMark{ConversationID: group, UserID: alice, Seq: 2})
		wantPositions(t, s, group, alice, 0, 4)
	})
	t.Run("IgnoresNonMembers", func(t *testing.T) {
		s := setup(t)
		deliver(t, s,
			im.DeliveryMark{ConversationID: group, UserID: dave, Seq: 3},
			im.DeliveryMark{ConversationID: systemIDA, UserID: alice, Seq: 3},
			im.DeliveryMark{ConversationID: group, UserID: alice, Seq: 2},
		)
		wantPositions(t, s, group, alice, 0, 2)
		_, err := s.GetMember(t.Context(), group, dave)
		wantCode(t, err, chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER)
		_, err = s.GetConversation(t.Context(), systemIDA)
		wantCode(t, err, chorusv1.ErrorCode_ERROR_CODE_CONVERSATION_NOT_FOUND)
	})
	t.Run("Empty", func(t *testing.T) {
		s := setup(t)
		deliver(t, s)
	})
	t.Run("CappedAtLeftSeq", func(t *testing.T) {
		s := newStore(t)
		createGroup(t, s, group, alice, bob)
		left := remove(t, s, group, bob) // 2
		sendN(t, s, group, alice, 3)
		deliver(t, s, im.DeliveryMark{ConversationID: group, UserID: bob, Seq: 5})
		wantPositions(t, s, group, bob, 0, left)
	})
}
