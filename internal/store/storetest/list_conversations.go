package storetest

import (
	"fmt"
	"slices"
	"testing"

	"google.golang.org/protobuf/proto"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
)

var (
	quiet   = im.DirectConversationID(alice, carol) // alice's, no messages
	foreign = im.DirectConversationID(bob, carol)   // not alice's
)

// inbox builds alice's inbox. Activity times: quiet 1500 (creation), group
// 2000, system 2500, direct 3000; foreign (not alice's) 4000. It returns
// the last message of each conversation.
func inbox(t *testing.T, s im.Store) map[string]*chorusv1.Message {
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
	last := map[string]*chorusv1.Message{}
	for _, r := range res {
		last[r.Message.ConversationId] = r.Message
	}
	return last
}

// list returns user's whole list in activity order.
func list(t *testing.T, s im.Store, user string) []*chorusv1.Conversation {
	t.Helper()
	return listPage(t, s, user, im.ConversationQuery{}).Conversations
}

// cursorOf is the cursor that starts a page after c.
func cursorOf(c *chorusv1.Conversation) *im.ConversationCursor {
	return &im.ConversationCursor{Pinned: c.Pinned, UpdatedAtMs: c.UpdatedAtMs, ID: c.Id}
}

// pin sets user's pinned setting of conv.
func pin(t *testing.T, s im.Store, conv, user string, pinned bool) {
	t.Helper()
	if err := s.UpdateMemberSettings(t.Context(), conv, user, im.MemberSettings{Pinned: &pinned}); err != nil {
		t.Fatalf("UpdateMemberSettings(%s, %s, pinned %v): %v", conv, user, pinned, err)
	}
}

func testListConversations(t *testing.T, newStore func(t *testing.T) im.Store) {
	t.Run("Empty", func(t *testing.T) {
		s := newStore(t)
		inbox(t, s)
		p := listPage(t, s, dave, im.ConversationQuery{})
		if len(p.Conversations) != 0 {
			t.Fatalf("dave, member of nothing, has %v", idsOf(p.Conversations))
		}
		if p.Version == 0 {
			t.Fatal("page version 0 after writes")
		}
	})
	t.Run("NewestActivityFirst", func(t *testing.T) {
		s := newStore(t)
		inbox(t, s)
		want := []string{direct, systemIDA, group, quiet}
		if got := idsOf(list(t, s, alice)); !slices.Equal(got, want) {
			t.Fatalf("alice's conversations %v, want %v", got, want)
		}
		// A new message moves its conversation to the top.
		appendOK(t, s, msg(quiet, carol, newClientID(), "wake up", 5000))
		want = []string{quiet, direct, systemIDA, group}
		if got := idsOf(list(t, s, alice)); !slices.Equal(got, want) {
			t.Fatalf("after a new message: %v, want %v", got, want)
		}
	})
	t.Run("PinnedFirst", func(t *testing.T) {
		s := newStore(t)
		inbox(t, s)
		pin(t, s, quiet, alice, true)
		pin(t, s, group, alice, true)
		want := []string{group, quiet, direct, systemIDA}
		got := list(t, s, alice)
		if !slices.Equal(idsOf(got), want) {
			t.Fatalf("with group and quiet pinned: %v, want %v", idsOf(got), want)
		}
		if !got[0].Pinned || !got[1].Pinned || got[2].Pinned || got[3].Pinned {
			t.Fatalf("pinned flags %v %v %v %v, want true true false false", got[0].Pinned, got[1].Pinned, got[2].Pinned, got[3].Pinned)
		}
		// Pins are alice's own: bob's list is by activity only.
		if got := idsOf(list(t, s, bob)); !slices.Equal(got, []string{foreign, direct, group}) {
			t.Fatalf("bob's list %v, want foreign, direct, group", got)
		}
		pin(t, s, group, alice, false)
		want = []string{quiet, direct, systemIDA, group}
		if got := idsOf(list(t, s, alice)); !slices.Equal(got, want) {
			t.Fatalf("after unpinning the group: %v, want %v", got, want)
		}
	})
	t.Run("CursorPaging", func(t *testing.T) {
		s := newStore(t)
		inbox(t, s)
		// Ties: three conversations with the same activity time as quiet,
		// ordered by id, one of them pinned with group.
		for _, peer := range []string{"ann", "zed", "mo"} {
			createConv(t, s, im.DirectConversationID(alice, peer), 1500, alice, peer)
		}
		pin(t, s, group, alice, true)
		pin(t, s, im.DirectConversationID(alice, "mo"), alice, true)
		full := list(t, s, alice)
		want := []string{group, im.DirectConversationID(alice, "mo"), direct, systemIDA,
			im.DirectConversationID(alice, "ann"), quiet, im.DirectConversationID(alice, "zed")}
		if got := idsOf(full); !slices.Equal(got, want) {
			t.Fatalf("full list %v, want %v", got, want)
		}
		for limit := 1; limit <= len(full)+1; limit++ {
			t.Run(fmt.Sprintf("limit=%d", limit), func(t *testing.T) {
				var got []*chorusv1.Conversation
				q := im.ConversationQuery{Limit: limit}
				for range len(full) + 2 {
					p := listPage(t, s, alice, q)
					if len(p.Conversations) > limit {
						t.Fatalf("page of %d, limit %d", len(p.Conversations), limit)
					}
					if len(p.Conversations) == 0 {
						break
					}
					got = append(got, p.Conversations...)
					q.After = cursorOf(p.Conversations[len(p.Conversations)-1])
				}
				if !slices.Equal(idsOf(got), want) {
					t.Fatalf("pages visited %v, want %v once each", idsOf(got), want)
				}
				for i := range got {
					if !proto.Equal(got[i], full[i]) {
						t.Fatalf("paged entry %v differs from the full list's %v", got[i], full[i])
					}
				}
			})
		}
	})
	t.Run("AsTheUserSeesIt", func(t *testing.T) {
		s := newStore(t)
		last := inbox(t, s)
		want := map[string]*chorusv1.Conversation{
			direct: {
				Id: direct, Kind: chorusv1.ConversationKind_CONVERSATION_KIND_DIRECT, PeerUserId: bob,
				LastSeq: 2, UnreadCount: 2, LastMessage: last[direct], UpdatedAtMs: 3000,
				PeerReadSeq: 2, PeerDeliveredSeq: 2,
			},
			systemIDA: {
				Id: systemIDA, Kind: chorusv1.ConversationKind_CONVERSATION_KIND_SYSTEM,
				LastSeq: 1, UnreadCount: 1, LastMessage: last[systemIDA], UpdatedAtMs: 2500,
			},
			group: {
				Id: group, Kind: chorusv1.ConversationKind_CONVERSATION_KIND_GROUP,
				LastSeq: 2, ReadSeq: 1, DeliveredSeq: 1, UnreadCount: 1, LastMessage: last[group], UpdatedAtMs: 2000,
				MemberCount: 3, Role: roleMember,
			},
			quiet: {
				Id: quiet, Kind: chorusv1.ConversationKind_CONVERSATION_KIND_DIRECT, PeerUserId: carol,
				UpdatedAtMs: 1500,
			},
		}
		p := listPage(t, s, alice, im.ConversationQuery{})
		seen := map[uint64]string{}
		for _, c := range p.Conversations {
			if c.Version == 0 || c.Version > p.Version {
				t.Errorf("%s has version %d, want in 1..%d (the page's)", c.Id, c.Version, p.Version)
			}
			if other, ok := seen[c.Version]; ok {
				t.Errorf("%s and %s share version %d", c.Id, other, c.Version)
			}
			seen[c.Version] = c.Id
			w := want[c.Id]
			if w == nil {
				t.Errorf("unexpected entry %s", c.Id)
				continue
			}
			w.Version = c.Version
			if !proto.Equal(c, w) {
				t.Errorf("alice sees %s as\n %v\nwant\n %v", c.Id, c, w)
			}
		}
		if len(p.Conversations) != len(want) {
			t.Fatalf("alice has %v, want %d entries", idsOf(p.Conversations), len(want))
		}
		// The same direct conversation from the other side.
		markRead(t, s, direct, alice, 1)
		for _, c := range list(t, s, bob) {
			if c.Id == direct && (c.PeerUserId != alice || c.UnreadCount != 0 || c.ReadSeq != 2 ||
				c.PeerReadSeq != 1 || c.PeerDeliveredSeq != 1) {
				t.Errorf("bob sees %s as %v, want peer alice, read 2, nothing unread, peer read and delivered 1", c.Id, c)
			}
		}
	})
	t.Run("GroupFields", func(t *testing.T) {
		s := newStore(t)
		if _, err := s.CreateGroup(t.Context(), &im.GroupRecord{ConversationID: group, Name: "Team", AvatarURL: "https://cdn.example/t.png"},
			[]im.MemberSpec{{UserID: alice, Role: roleOwner}, {UserID: bob, Role: roleAdmin}, {UserID: carol, Role: roleMember}},
			event(group, chorusv1.GroupEvent_KIND_CREATED, alice)); err != nil {
			t.Fatalf("CreateGroup: %v", err)
		}
		for _, u := range []struct {
			id   string
			role chorusv1.GroupRole
		}{{alice, roleOwner}, {bob, roleAdmin}, {carol, roleMember}} {
			c := entry(t, s, u.id, group)
			if c.Name != "Team" || c.AvatarUrl != "https://cdn.example/t.png" || c.MemberCount != 3 || c.Role != u.role ||
				c.Left || c.Dissolved || c.PeerUserId != "" || c.LastSeq != 1 || c.UnreadCount != 1 {
				t.Fatalf("%s sees the group as %v, want name, avatar, 3 members, role %v, 1 unread event", u.id, c, u.role)
			}
		}
	})
	t.Run("Dissolved", func(t *testing.T) {
		s := newStore(t)
		createGroup(t, s, group, alice, bob)
		if _, _, err := s.UpdateGroup(t.Context(), group, im.GroupUpdate{Dissolve: true},
			event(group, chorusv1.GroupEvent_KIND_DISSOLVED, alice)); err != nil {
			t.Fatalf("UpdateGroup: %v", err)
		}
		for _, u := range []string{alice, bob} {
			if c := entry(t, s, u, group); !c.Dissolved || c.Left || c.LastSeq != 2 {
				t.Fatalf("%s sees %v, want dissolved, not left, last seq 2", u, c)
			}
		}
	})
	t.Run("LeftEntries", func(t *testing.T) {
		s := newStore(t)
		createGroup(t, s, group, alice, bob)
		createConv(t, s, direct, 1000, alice, bob)
		appendOK(t, s, msg(group, alice, newClientID(), "before", 2000)) // 2
		ev := event(group, chorusv1.GroupEvent_KIND_MEMBERS_REMOVED, alice, bob)
		ev.ServerTimeMs = 2500
		removal, err := s.ChangeMembers(t.Context(), group, im.MemberChange{Remove: []string{bob}}, ev) // 3
		if err != nil {
			t.Fatalf("ChangeMembers: %v", err)
		}
		left := removal.Seq
		appendOK(t, s, msg(group, alice, newClientID(), "after", 9000)) // 4
		appendOK(t, s, msg(direct, alice, newClientID(), "dm", 5000))
		c := entry(t, s, bob, group)
		if !c.Left || c.LastSeq != left || c.LastMessage.GetSeq() != left || c.UnreadCount != left || c.UpdatedAtMs != 2500 {
			t.Fatalf("bob's entry of the group he left: %v; want left, last seq and message %d, %d unread, activity 2500 (his removal)",
				c, left, left)
		}
		// The group's later activity does not move it up his list.
		if got := idsOf(list(t, s, bob)); !slices.Equal(got, []string{direct, group}) {
			t.Fatalf("bob's list %v, want direct (5000) before the group he left (2500)", got)
		}
		if got := idsOf(list(t, s, alice)); !slices.Equal(got, []string{group, direct}) {
			t.Fatalf("alice's list %v, want the group (9000) first", got)
		}
	})
	t.Run("LeftEntryKeepsTheGroupAsItWas", func(t *testing.T) {
		s := newStore(t)
		createGroup(t, s, group, alice, bob, carol)
		name, avatar := "Team", "https://example.com/a1.png"
		if _, _, err := s.UpdateGroup(t.Context(), group, im.GroupUpdate{AvatarURL: &avatar},
			event(group, chorusv1.GroupEvent_KIND_UPDATED, alice)); err != nil {
			t.Fatalf("UpdateGroup: %v", err)
		}
		remove(t, s, group, bob)
		left := entry(t, s, bob, group)
		// What changes after bob left is not his to see: not a new name or
		// avatar, not new members, not even the end of the group.
		secret, later := "Secret new name", "https://example.com/a2.png"
		if _, _, err := s.UpdateGroup(t.Context(), group, im.GroupUpdate{Name: &secret, AvatarURL: &later},
			event(group, chorusv1.GroupEvent_KIND_UPDATED, alice)); err != nil {
			t.Fatalf("UpdateGroup: %v", err)
		}
		add(t, s, group, dave, erin)
		appendOK(t, s, mention(group, alice, false, bob))
		if _, _, err := s.UpdateGroup(t.Context(), group, im.GroupUpdate{Dissolve: true},
			event(group, chorusv1.GroupEvent_KIND_DISSOLVED, alice)); err != nil {
			t.Fatalf("dissolve: %v", err)
		}
		for what, c := range map[string]*chorusv1.Conversation{
			"GetUserConversation": entry(t, s, bob, group),
			"ListConversations":   list(t, s, bob)[0],
		} {
			if !c.Left || c.Name != name || c.AvatarUrl != avatar || c.MemberCount != 2 || c.Dissolved || c.MentionCount != 0 {
				t.Fatalf("%s: bob's entry %v; want left, %q, %q, 2 members, not dissolved, no mentions", what, c, name, avatar)
			}
			if c.Version != left.Version {
				t.Fatalf("%s: bob's entry moved from version %d to %d after he left", what, left.Version, c.Version)
			}
		}
		if p := listPage(t, s, bob, im.ConversationQuery{ByVersion: true, SinceVersion: left.Version}); len(p.Conversations) != 0 {
			t.Fatalf("bob's sync since he left returns %v", p.Conversations)
		}
		// The members who stayed see the group as it is.
		if c := entry(t, s, carol, group); c.Name != secret || c.AvatarUrl != later || c.MemberCount != 4 || !c.Dissolved {
			t.Fatalf("carol's entry %v, want the group as it is now", c)
		}
	})
	t.Run("UnreadFollowsPositions", func(t *testing.T) {
		s := newStore(t)
		inbox(t, s)
		unread := func(conv string) uint64 {
			t.Helper()
			return entry(t, s, alice, conv).UnreadCount
		}
		markRead(t, s, direct, alice, 1)
		if n := unread(direct); n != 1 {
			t.Fatalf("unread after reading 1 of 2: %d, want 1", n)
		}
		// Delivery is not reading.
		if err := s.MarkDelivered(t.Context(), []im.DeliveryMark{{ConversationID: direct, UserID: alice, Seq: 2}}); err != nil {
			t.Fatalf("MarkDelivered: %v", err)
		}
		if c := entry(t, s, alice, direct); c.UnreadCount != 1 || c.DeliveredSeq != 2 {
			t.Fatalf("after delivery: %v, want 1 unread, delivered 2", c)
		}
		if c := entry(t, s, bob, direct); c.PeerDeliveredSeq != 2 || c.PeerReadSeq != 1 {
			t.Fatalf("bob's view after alice's delivery: %v, want peer delivered 2, read 1", c)
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
	t.Run("ByVersion", func(t *testing.T) {
		s := newStore(t)
		inbox(t, s)
		all := listPage(t, s, alice, im.ConversationQuery{ByVersion: true})
		if got := idsOf(all.Conversations); len(got) != 4 {
			t.Fatalf("since 0: %v, want all 4 of alice's entries", got)
		}
		for i, c := range all.Conversations {
			if i > 0 && c.Version <= all.Conversations[i-1].Version {
				t.Fatalf("versions not ascending: %d after %d", c.Version, all.Conversations[i-1].Version)
			}
			if c.Version > all.Version {
				t.Fatalf("entry version %d above the page's %d", c.Version, all.Version)
			}
			if !proto.Equal(c, entry(t, s, alice, c.Id)) {
				t.Fatalf("by-version entry %v differs from GetUserConversation's", c)
			}
		}
		// Nothing changed: nothing to sync.
		if p := listPage(t, s, alice, im.ConversationQuery{ByVersion: true, SinceVersion: all.Version}); len(p.Conversations) != 0 || p.Version != all.Version {
			t.Fatalf("since the page's version, with no change: %v at %d, want none at %d", idsOf(p.Conversations), p.Version, all.Version)
		}
		// Changes to two of them, and to a conversation alice is not in.
		sendN(t, s, group, carol, 1)
		sendN(t, s, foreign, carol, 1)
		markRead(t, s, systemIDA, alice, 1)
		p := listPage(t, s, alice, im.ConversationQuery{ByVersion: true, SinceVersion: all.Version})
		if got := idsOf(p.Conversations); !slices.Equal(got, []string{group, systemIDA}) {
			t.Fatalf("changed since %d: %v, want group then system (in order of change)", all.Version, got)
		}
		if p.Version <= all.Version {
			t.Fatalf("page version %d did not move past %d", p.Version, all.Version)
		}
		// A new conversation is a change too.
		createConv(t, s, im.DirectConversationID(alice, dave), 1000, alice, dave)
		if got := idsOf(listPage(t, s, alice, im.ConversationQuery{ByVersion: true, SinceVersion: p.Version}).Conversations); !slices.Equal(got, []string{im.DirectConversationID(alice, dave)}) {
			t.Fatalf("after a new conversation: %v, want only it", got)
		}
	})
	t.Run("ByVersionPaging", func(t *testing.T) {
		s := newStore(t)
		inbox(t, s)
		// One batch changes three of alice's entries at once: they must
		// still be told apart by version.
		appendOK(t, s, msg(group, bob, newClientID(), "x", 0), msg(direct, bob, newClientID(), "y", 0),
			msg(quiet, carol, newClientID(), "z", 0))
		want := idsOf(listPage(t, s, alice, im.ConversationQuery{ByVersion: true}).Conversations)
		if len(want) != 4 {
			t.Fatalf("alice has %v, want 4 entries", want)
		}
		for limit := 1; limit <= 3; limit++ {
			var got []string
			var since uint64
			for range 10 {
				p := listPage(t, s, alice, im.ConversationQuery{ByVersion: true, SinceVersion: since, Limit: limit})
				if len(p.Conversations) == 0 {
					break
				}
				if len(p.Conversations) > limit {
					t.Fatalf("page of %d, limit %d", len(p.Conversations), limit)
				}
				got = append(got, idsOf(p.Conversations)...)
				since = p.Conversations[len(p.Conversations)-1].Version
			}
			if !slices.Equal(got, want) {
				t.Fatalf("limit %d: pages visited %v, want %v once each", limit, got, want)
			}
		}
	})
}

func testGetUserConversation(t *testing.T, newStore func(t *testing.T) im.Store) {
	t.Run("AsInTheList", func(t *testing.T) {
		s := newStore(t)
		inbox(t, s)
		pin(t, s, group, alice, true)
		for _, c := range list(t, s, alice) {
			if got := entry(t, s, alice, c.Id); !proto.Equal(got, c) {
				t.Fatalf("GetUserConversation(%s) = %v, the list has %v", c.Id, got, c)
			}
		}
	})
	t.Run("NotMember", func(t *testing.T) {
		s := newStore(t)
		inbox(t, s)
		_, err := s.GetUserConversation(t.Context(), alice, foreign)
		wantCode(t, err, chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER)
		_, err = s.GetUserConversation(t.Context(), alice, im.GroupConversationID("gone"))
		wantCode(t, err, chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER)
	})
	t.Run("FormerMember", func(t *testing.T) {
		s := newStore(t)
		createGroup(t, s, group, alice, bob)
		seq := remove(t, s, group, bob)
		if c := entry(t, s, bob, group); !c.Left || c.LastSeq != seq {
			t.Fatalf("bob's entry %v, want left at %d", c, seq)
		}
	})
}

func testMemberSettings(t *testing.T, newStore func(t *testing.T) im.Store) {
	yes, no := true, false
	settings := func(t *testing.T, s im.Store, conv, user string, st im.MemberSettings) {
		t.Helper()
		if err := s.UpdateMemberSettings(t.Context(), conv, user, st); err != nil {
			t.Fatalf("UpdateMemberSettings(%s, %s): %v", conv, user, err)
		}
	}
	want := func(t *testing.T, s im.Store, conv, user string, pinned, muted bool) {
		t.Helper()
		m := member(t, s, conv, user)
		c := entry(t, s, user, conv)
		if m.Pinned != pinned || m.Muted != muted || c.Pinned != pinned || c.Muted != muted {
			t.Fatalf("%s in %s: member pinned %v muted %v, entry pinned %v muted %v; want pinned %v muted %v",
				user, conv, m.Pinned, m.Muted, c.Pinned, c.Muted, pinned, muted)
		}
	}
	t.Run("SetAndKeep", func(t *testing.T) {
		s := newStore(t)
		createConv(t, s, direct, 0, alice, bob)
		want(t, s, direct, alice, false, false)
		settings(t, s, direct, alice, im.MemberSettings{Pinned: &yes})
		want(t, s, direct, alice, true, false)
		settings(t, s, direct, alice, im.MemberSettings{Muted: &yes})
		want(t, s, direct, alice, true, true)
		settings(t, s, direct, alice, im.MemberSettings{})
		want(t, s, direct, alice, true, true)
		settings(t, s, direct, alice, im.MemberSettings{Pinned: &no})
		want(t, s, direct, alice, false, true)
		settings(t, s, direct, alice, im.MemberSettings{Pinned: &yes, Muted: &no})
		want(t, s, direct, alice, true, false)
		// Settings are alice's own.
		want(t, s, direct, bob, false, false)
	})
	t.Run("MovesVersion", func(t *testing.T) {
		s := newStore(t)
		createConv(t, s, direct, 0, alice, bob)
		a, b := entry(t, s, alice, direct).Version, entry(t, s, bob, direct).Version
		settings(t, s, direct, alice, im.MemberSettings{Muted: &yes})
		if v := entry(t, s, alice, direct).Version; v <= a {
			t.Fatalf("alice's version %d after her settings changed, was %d", v, a)
		}
		if v := entry(t, s, bob, direct).Version; v != b {
			t.Fatalf("bob's version moved from %d to %d on alice's settings", b, v)
		}
	})
	t.Run("NotMember", func(t *testing.T) {
		s := newStore(t)
		createConv(t, s, direct, 0, alice, bob)
		err := s.UpdateMemberSettings(t.Context(), direct, carol, im.MemberSettings{Pinned: &yes})
		wantCode(t, err, chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER)
		err = s.UpdateMemberSettings(t.Context(), group, alice, im.MemberSettings{Pinned: &yes})
		wantCode(t, err, chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER)
	})
}
