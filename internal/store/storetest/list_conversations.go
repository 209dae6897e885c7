package storetest

import (
	"slices"
	"testing"

	"google.golang.org/protobuf/proto"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
)

func testListConversations(t *testing.T, newStore func(t *testing.T) im.Store) {
	list := func(t *testing.T, s im.Store, user string) []*chorusv1.Conversation {
		t.Helper()
		convs, err := s.ListConversations(t.Context(), user)
		if err != nil {
			t.Fatalf("ListConversations(%s): %v", user, err)
		}
		return convs
	}
	ids := func(convs []*chorusv1.Conversation) []string {
		var out []string
		for _, c := range convs {
			out = append(out, c.Id)
		}
		return out
	}
	var (
		quiet   = im.DirectConversationID(alice, carol) // alice's, no messages
		foreign = im.DirectConversationID(bob, carol)   // not alice's
	)
	// setup builds alice's inbox. Activity times: quiet 1500 (creation),
	// group 2000, system 2500, direct 3000; foreign (not alice's) 4000.
	setup := func(t *testing.T) (s im.Store, last map[string]*chorusv1.Message) {
		s = newStore(t)
		createConv(t, s, direct, 1000, alice, bob)
		createConv(t, s, group, 1000, alice, bob, carol)
		createConv(t, s, systemIDA, 1000, alice)
		createConv(t, s, quiet, 1500, alice, carol)
		createConv(t, s, foreign, 1000, bob, carol)
		res := appendOK(t, s,
			msg(group, alice, newClientID(), "hello team", 1900),
			msg(group, carol, newClientID(), "hi", 2000),
			msg(systemIDA, "", newClientID(), "welcome", 2500),
			msg(direct, bob, newClientID(), "psst", 2900),
			msg(direct, bob, newClientID(), "alice?", 3000),
			msg(foreign, bob, newClientID(), "not for alice", 4000),
		)
		last = map[string]*chorusv1.Message{}
		for _, r := range res {
			last[r.Message.ConversationId] = r.Message
		}
		return s, last
	}

	t.Run("Empty", func(t *testing.T) {
		s, _ := setup(t)
		if convs := list(t, s, dave); len(convs) != 0 {
			t.Fatalf("dave, member of nothing, has %v", ids(convs))
		}
	})
	t.Run("NewestActivityFirst", func(t *testing.T) {
		s, _ := setup(t)
		want := []string{direct, systemIDA, group, quiet}
		if got := ids(list(t, s, alice)); !slices.Equal(got, want) {
			t.Fatalf("alice's conversations %v, want %v", got, want)
		}
		// A new message moves its conversation to the top.
		appendOK(t, s, msg(quiet, carol, newClientID(), "wake up", 5000))
		want = []string{quiet, direct, systemIDA, group}
		if got := ids(list(t, s, alice)); !slices.Equal(got, want) {
			t.Fatalf("after a new message: %v, want %v", got, want)
		}
	})
	t.Run("AsTheUserSeesIt", func(t *testing.T) {
		s, last := setup(t)
		want := map[string]*chorusv1.Conversation{
			direct: {
				Id: direct, Kind: chorusv1.ConversationKind_CONVERSATION_KIND_DIRECT, PeerUserId: bob,
				LastSeq: 2, UnreadCount: 2, LastMessage: last[direct], UpdatedAtMs: 3000,
			},
			systemIDA: {
				Id: systemIDA, Kind: chorusv1.ConversationKind_CONVERSATION_KIND_SYSTEM,
				LastSeq: 1, UnreadCount: 1, LastMessage: last[systemIDA], UpdatedAtMs: 2500,
			},
			group: {
				Id: group, Kind: chorusv1.ConversationKind_CONVERSATION_KIND_GROUP,
				LastSeq: 2, ReadSeq: 1, DeliveredSeq: 1, UnreadCount: 1, LastMessage: last[group], UpdatedAtMs: 2000,
			},
			quiet: {
				Id: quiet, Kind: chorusv1.ConversationKind_CONVERSATION_KIND_DIRECT, PeerUserId: carol,
				UpdatedAtMs: 1500,
			},
		}
		for _, c := range list(t, s, alice) {
			if !proto.Equal(c, want[c.Id]) {
				t.Errorf("alice sees %s as\n %v\nwant\n %v", c.Id, c, want[c.Id])
			}
		}
		// The same direct conversation from the other side.
		for _, c := range list(t, s, bob) {
			if c.Id == direct && (c.PeerUserId != alice || c.UnreadCount != 0 || c.ReadSeq != 2) {
				t.Errorf("bob sees %s as %v, want peer alice, read 2, nothing unread", c.Id, c)
			}
		}
	})
	t.Run("UnreadFollowsPositions", func(t *testing.T) {
		s, _ := setup(t)
		unread := func(conv string) uint64 {
			t.Helper()
			for _, c := range list(t, s, alice) {
				if c.Id == conv {
					return c.UnreadCount
				}
			}
			t.Fatalf("%s missing from alice's list", conv)
			return 0
		}
		if _, err := s.MarkRead(t.Context(), direct, alice, 1); err != nil {
			t.Fatalf("MarkRead: %v", err)
		}
		if n := unread(direct); n != 1 {
			t.Fatalf("unread after reading 1 of 2: %d, want 1", n)
		}
		// Delivery is not reading.
		if err := s.MarkDelivered(t.Context(), []im.DeliveryMark{{ConversationID: direct, UserID: alice, Seq: 2}}); err != nil {
			t.Fatalf("MarkDelivered: %v", err)
		}
		if n := unread(direct); n != 1 {
			t.Fatalf("unread after delivery: %d, want still 1", n)
		}
		// Sending reads everything before it.
		appendOK(t, s, msg(direct, alice, newClientID(), "yes?", 3100))
		if n := unread(direct); n != 0 {
			t.Fatalf("unread after alice replied: %d, want 0", n)
		}
		sendN(t, s, direct, bob, 3)
		if n := unread(direct); n != 3 {
			t.Fatalf("unread after 3 more from bob: %d, want 3", n)
		}
	})
}
