package storetest

import (
	"slices"
	"testing"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
)

// mention returns a message from sender to conv that mentions users, and
// everyone when all is set.
func mention(conv, sender string, all bool, users ...string) *chorusv1.Message {
	m := msg(conv, sender, newClientID(), "hey", 0)
	m.MentionUserIds = users
	m.MentionAll = all
	return m
}

func testMentions(t *testing.T, newStore func(t *testing.T) im.Store) {
	// setup: the group of alice (owner), bob and carol, at seq 1 (its
	// creation event).
	setup := func(t *testing.T) im.Store {
		s := newStore(t)
		createGroup(t, s, group, alice, bob, carol)
		return s
	}
	// wantMentions fails the test unless each user's entry of conv has the
	// given mention count.
	wantMentions := func(t *testing.T, s im.Store, conv string, counts map[string]uint64) {
		t.Helper()
		for u, n := range counts {
			if got := entry(t, s, u, conv).MentionCount; got != n {
				t.Errorf("%s's mention count in %s: %d, want %d", u, conv, got, n)
			}
		}
		if t.Failed() {
			t.FailNow()
		}
	}

	t.Run("ByID", func(t *testing.T) {
		s := setup(t)
		in := mention(group, alice, false, bob)
		res := appendOK(t, s, in)
		wantMessage(t, "result", res[0].Message, stored(in, 2))
		wantMentions(t, s, group, map[string]uint64{alice: 0, bob: 1, carol: 0})
		// Stored with the message: history and the last message show it.
		msgs := listAll(t, s, group)
		wantMessage(t, "listed", msgs[1], stored(in, 2))
		if last := entry(t, s, carol, group).LastMessage; !slices.Equal(last.GetMentionUserIds(), []string{bob}) || last.GetMentionAll() {
			t.Fatalf("last message %v, want it to mention bob", last)
		}
	})
	t.Run("Everyone", func(t *testing.T) {
		s := setup(t)
		in := mention(group, alice, true)
		appendOK(t, s, in)
		wantMentions(t, s, group, map[string]uint64{alice: 0, bob: 1, carol: 1})
		if m := listAll(t, s, group)[1]; !m.MentionAll || len(m.MentionUserIds) != 0 {
			t.Fatalf("stored %v, want mention_all and no ids", m)
		}
	})
	t.Run("OncePerMessage", func(t *testing.T) {
		// Named and everyone, or named twice: still one mentioning message.
		s := setup(t)
		appendOK(t, s, mention(group, alice, true, bob), mention(group, alice, false, carol, carol))
		wantMentions(t, s, group, map[string]uint64{bob: 1, carol: 2})
		if m := listAll(t, s, group)[2]; !slices.Equal(m.MentionUserIds, []string{carol, carol}) {
			t.Fatalf("stored ids %v, want them as sent", m.MentionUserIds)
		}
	})
	t.Run("OnlyAfterReadSeq", func(t *testing.T) {
		s := setup(t)
		appendOK(t, s, mention(group, alice, false, bob), msg(group, alice, newClientID(), "plain", 0),
			mention(group, carol, true)) // 2, 3, 4
		wantMentions(t, s, group, map[string]uint64{bob: 2, alice: 1, carol: 0})
		markRead(t, s, group, bob, 2)
		wantMentions(t, s, group, map[string]uint64{bob: 1})
		markRead(t, s, group, bob, 4)
		wantMentions(t, s, group, map[string]uint64{bob: 0})
		appendOK(t, s, mention(group, carol, false, bob))
		wantMentions(t, s, group, map[string]uint64{bob: 1})
		// Sending reads: bob's own reply clears his count.
		sendN(t, s, group, bob, 1)
		wantMentions(t, s, group, map[string]uint64{bob: 0})
	})
	t.Run("OnlyAfterJoining", func(t *testing.T) {
		s := setup(t)
		appendOK(t, s, mention(group, alice, true), mention(group, alice, false, dave)) // 2, 3
		add(t, s, group, dave)                                                          // 4
		wantMentions(t, s, group, map[string]uint64{dave: 0, bob: 1})
		appendOK(t, s, mention(group, alice, false, dave)) // 5
		wantMentions(t, s, group, map[string]uint64{dave: 1})
	})
	t.Run("NonMemberHarmless", func(t *testing.T) {
		s := setup(t)
		in := mention(group, alice, false, "zed", bob)
		appendOK(t, s, in)
		wantMentions(t, s, group, map[string]uint64{bob: 1, carol: 0})
		if _, err := s.GetMember(t.Context(), group, "zed"); !im.IsCode(err, chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER) {
			t.Fatalf("a mention made zed a member (%v)", err)
		}
		wantMessage(t, "stored", listAll(t, s, group)[1], stored(in, 2))
	})
	t.Run("FormerMemberUpToLeftSeq", func(t *testing.T) {
		s := setup(t)
		appendOK(t, s, mention(group, alice, false, bob)) // 2
		remove(t, s, group, bob)                          // 3
		appendOK(t, s, mention(group, alice, false, bob), mention(group, alice, true))
		wantMentions(t, s, group, map[string]uint64{bob: 1, carol: 1})
	})
	t.Run("Direct", func(t *testing.T) {
		s := newStore(t)
		createConv(t, s, direct, 0, alice, bob)
		appendOK(t, s, mention(direct, alice, false, bob))
		wantMentions(t, s, direct, map[string]uint64{bob: 1, alice: 0})
	})
	t.Run("DuplicateStoresNoMention", func(t *testing.T) {
		s := setup(t)
		first := mention(group, alice, false, bob)
		appendOK(t, s, first)
		retry := mention(group, alice, true, bob, carol)
		retry.ClientMsgId = first.ClientMsgId
		res := appendOK(t, s, retry)
		if !res[0].Duplicate {
			t.Fatal("retry was not a duplicate")
		}
		wantMessage(t, "duplicate's result", res[0].Message, stored(first, 2))
		wantMentions(t, s, group, map[string]uint64{bob: 1, carol: 0})
	})
}
