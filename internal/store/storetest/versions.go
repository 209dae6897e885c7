package storetest

import (
	"testing"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
)

// testVersions checks which changes move which entries' versions: each
// subtest makes one change and compares every entry of the setup before
// and after it.
func testVersions(t *testing.T, newStore func(t *testing.T) im.Store) {
	// An entry is (user, conversation).
	type key struct{ user, conv string }
	entries := []key{
		{alice, direct}, {bob, direct},
		{alice, group}, {bob, group}, {carol, group},
	}
	// setup: alice and bob's direct conversation with one message, and
	// the group of alice (owner), bob and carol with its creation event
	// and one message.
	setup := func(t *testing.T) im.Store {
		s := newStore(t)
		createConv(t, s, direct, 0, alice, bob)
		createGroup(t, s, group, alice, bob, carol)
		sendN(t, s, direct, alice, 1)
		sendN(t, s, group, alice, 1)
		return s
	}
	snapshot := func(t *testing.T, s im.Store) (map[key]uint64, uint64) {
		t.Helper()
		out := map[key]uint64{}
		for _, k := range entries {
			out[k] = entry(t, s, k.user, k.conv).Version
		}
		return out, listPage(t, s, alice, im.ConversationQuery{}).Version
	}
	// check runs change and fails the test unless exactly the entries in
	// moved got new versions, above the store version before the change.
	check := func(t *testing.T, s im.Store, change func(), moved ...key) {
		t.Helper()
		before, storeBefore := snapshot(t, s)
		change()
		after, storeAfter := snapshot(t, s)
		for _, k := range entries {
			want := false
			for _, m := range moved {
				want = want || m == k
			}
			switch {
			case want && after[k] <= storeBefore:
				t.Errorf("%s's entry of %s: version %d, want above %d (the store's before the change)", k.user, k.conv, after[k], storeBefore)
			case !want && after[k] != before[k]:
				t.Errorf("%s's entry of %s: version moved from %d to %d", k.user, k.conv, before[k], after[k])
			}
		}
		if len(moved) > 0 && storeAfter <= storeBefore {
			t.Errorf("store version %d after a change, was %d", storeAfter, storeBefore)
		}
		if len(moved) == 0 && storeAfter != storeBefore {
			t.Errorf("store version moved from %d to %d without a change", storeBefore, storeAfter)
		}
	}
	yes := true

	t.Run("Message", func(t *testing.T) {
		s := setup(t)
		check(t, s, func() { sendN(t, s, group, bob, 1) }, key{alice, group}, key{bob, group}, key{carol, group})
		check(t, s, func() { sendN(t, s, direct, bob, 1) }, key{alice, direct}, key{bob, direct})
	})
	t.Run("MarkReadDirect", func(t *testing.T) {
		// The peer's entry shows the read position.
		s := setup(t)
		check(t, s, func() { markRead(t, s, direct, bob, 1) }, key{alice, direct}, key{bob, direct})
	})
	t.Run("MarkReadGroup", func(t *testing.T) {
		s := setup(t)
		check(t, s, func() { markRead(t, s, group, carol, 1) }, key{carol, group})
	})
	t.Run("MarkReadThatMovesNothing", func(t *testing.T) {
		s := setup(t)
		markRead(t, s, group, carol, 2)
		check(t, s, func() { markRead(t, s, group, carol, 1) })
		check(t, s, func() { markRead(t, s, group, carol, 100) })
	})
	t.Run("MarkDeliveredMovesNothing", func(t *testing.T) {
		s := setup(t)
		check(t, s, func() {
			if err := s.MarkDelivered(t.Context(), []im.DeliveryMark{
				{ConversationID: direct, UserID: bob, Seq: 1}, {ConversationID: group, UserID: carol, Seq: 2},
			}); err != nil {
				t.Fatalf("MarkDelivered: %v", err)
			}
		})
		if m := member(t, s, direct, bob); m.DeliveredSeq != 1 {
			t.Fatalf("the delivery was not stored: %+v", *m)
		}
	})
	t.Run("Settings", func(t *testing.T) {
		s := setup(t)
		check(t, s, func() {
			if err := s.UpdateMemberSettings(t.Context(), group, bob, im.MemberSettings{Pinned: &yes}); err != nil {
				t.Fatalf("UpdateMemberSettings: %v", err)
			}
		}, key{bob, group})
	})
	t.Run("UpdateGroup", func(t *testing.T) {
		s := setup(t)
		name := "Renamed"
		check(t, s, func() {
			if _, _, err := s.UpdateGroup(t.Context(), group, im.GroupUpdate{Name: &name}, nil); err != nil {
				t.Fatalf("UpdateGroup: %v", err)
			}
		}, key{alice, group}, key{bob, group}, key{carol, group})
	})
	t.Run("ChangeMembers", func(t *testing.T) {
		s := setup(t)
		check(t, s, func() {
			if _, err := s.ChangeMembers(t.Context(), group, im.MemberChange{Roles: []im.MemberSpec{{UserID: bob, Role: roleAdmin}}}, nil); err != nil {
				t.Fatalf("ChangeMembers: %v", err)
			}
		}, key{alice, group}, key{bob, group}, key{carol, group})
		// The removed member's entry changes too (it is now left).
		check(t, s, func() { remove(t, s, group, carol) }, key{alice, group}, key{bob, group}, key{carol, group})
		// After that it no longer follows the group: nothing in it can
		// change, so a former member's syncs do not return it again.
		name := "Renamed"
		check(t, s, func() {
			sendN(t, s, group, bob, 1)
			if _, _, err := s.UpdateGroup(t.Context(), group, im.GroupUpdate{Name: &name}, nil); err != nil {
				t.Fatalf("UpdateGroup: %v", err)
			}
		}, key{alice, group}, key{bob, group})
	})
	t.Run("Mention", func(t *testing.T) {
		s := setup(t)
		m := msg(group, alice, newClientID(), "@carol", 0)
		m.MentionUserIds = []string{carol}
		check(t, s, func() { appendOK(t, s, m) }, key{alice, group}, key{bob, group}, key{carol, group})
	})
	t.Run("FailedChangeMovesNothing", func(t *testing.T) {
		s := setup(t)
		check(t, s, func() {
			_, err := s.AppendMessages(t.Context(), []*chorusv1.Message{msg(group, bob, newClientID(), "x", 0),
				msg(im.GroupConversationID("gone"), bob, newClientID(), "y", 0)})
			wantCode(t, err, chorusv1.ErrorCode_ERROR_CODE_CONVERSATION_NOT_FOUND)
		})
	})
	t.Run("NeverReused", func(t *testing.T) {
		// Versions only grow, across every kind of change.
		s := setup(t)
		prev := listPage(t, s, alice, im.ConversationQuery{}).Version
		steps := []func(){
			func() { sendN(t, s, group, bob, 1) },
			func() { markRead(t, s, group, carol, 2) },
			func() { add(t, s, group, dave) },
			func() { sendN(t, s, direct, bob, 1) },
		}
		for i, step := range steps {
			step()
			v := listPage(t, s, alice, im.ConversationQuery{}).Version
			if v <= prev {
				t.Fatalf("step %d: store version %d, was %d", i, v, prev)
			}
			prev = v
		}
	})
}
