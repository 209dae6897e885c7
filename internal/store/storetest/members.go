package storetest

import (
	"slices"
	"testing"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
)

func testChangeMembers(t *testing.T, newStore func(t *testing.T) im.Store) {
	// setup: the group of alice (owner) and bob; the creation event is seq
	// 1 and bob has sent 2 and 3.
	setup := func(t *testing.T) im.Store {
		s := newStore(t)
		createGroup(t, s, group, alice, bob)
		sendN(t, s, group, bob, 2)
		return s
	}
	wantCount := func(t *testing.T, s im.Store, n int) {
		t.Helper()
		if g := getGroup(t, s, group); g.MemberCount != n {
			t.Fatalf("member count %d, want %d", g.MemberCount, n)
		}
		if ids := memberIDs(t, s, group); len(ids) != n {
			t.Fatalf("current members %v, want %d of them", ids, n)
		}
	}

	t.Run("Add", func(t *testing.T) {
		s := setup(t)
		ev := event(group, chorusv1.GroupEvent_KIND_MEMBERS_ADDED, alice, carol, dave)
		got, err := s.ChangeMembers(t.Context(), group, im.MemberChange{Add: []im.MemberSpec{
			{UserID: carol, Role: roleMember}, {UserID: dave, Role: roleAdmin},
		}}, ev)
		if err != nil {
			t.Fatalf("ChangeMembers: %v", err)
		}
		wantMessage(t, "stored event", got, stored(ev, 4))
		for _, u := range []struct {
			id   string
			role chorusv1.GroupRole
		}{{carol, roleMember}, {dave, roleAdmin}} {
			m := member(t, s, group, u.id)
			if m.JoinedSeq != 3 || m.ReadSeq != 3 || m.DeliveredSeq != 3 || m.LeftSeq != 0 || m.Role != u.role {
				t.Fatalf("%s = %+v, want joined, read and delivered at 3 (the seq before the event), role %v", u.id, *m, u.role)
			}
			// The event is the first, and only, message they see.
			e := entry(t, s, u.id, group)
			if e.LastSeq != 4 || e.UnreadCount != 1 || e.LastMessage.GetSeq() != 4 {
				t.Fatalf("%s's entry %v, want last seq 4, 1 unread, the event as last message", u.id, e)
			}
		}
		wantCount(t, s, 4)
		if g := getGroup(t, s, group); g.LastSeq != 4 {
			t.Fatalf("group last seq %d, want 4", g.LastSeq)
		}
	})
	t.Run("AddSkipsCurrentMembers", func(t *testing.T) {
		s := setup(t)
		before := member(t, s, group, bob)
		seq := changeOK(t, s, group, im.MemberChange{Add: []im.MemberSpec{{UserID: bob, Role: roleAdmin}, {UserID: carol, Role: roleMember},
			{UserID: carol, Role: roleAdmin}}}, chorusv1.GroupEvent_KIND_MEMBERS_ADDED).Seq
		if seq != 4 {
			t.Fatalf("event seq %d, want 4", seq)
		}
		if after := member(t, s, group, bob); *after != *before {
			t.Fatalf("adding bob again changed him: %+v, was %+v", *after, *before)
		}
		if m := member(t, s, group, carol); m.Role != roleMember {
			t.Fatalf("carol added twice in one change has role %v, want the first, member", m.Role)
		}
		wantCount(t, s, 3)
	})
	t.Run("Remove", func(t *testing.T) {
		s := setup(t)
		markRead(t, s, group, alice, 3)
		seq := remove(t, s, group, bob)
		if seq != 4 {
			t.Fatalf("event seq %d, want 4", seq)
		}
		m := member(t, s, group, bob)
		if m.LeftSeq != 4 || m.JoinedSeq != 0 || m.Role != roleMember {
			t.Fatalf("bob after removal %+v, want LeftSeq 4 (his removal), joined 0, role kept", *m)
		}
		wantCount(t, s, 1)
		if ids := memberIDs(t, s, group); !slices.Equal(ids, []string{alice}) {
			t.Fatalf("current members %v, want alice", ids)
		}
		// The group goes on without him: his entry stops at his removal.
		sendN(t, s, group, alice, 2)
		e := entry(t, s, bob, group)
		if !e.Left || e.LastSeq != 4 || e.LastMessage.GetSeq() != 4 || e.ReadSeq != 3 || e.UnreadCount != 1 {
			t.Fatalf("bob's entry %v, want left, last seq 4 with the removal as last message, read 3, 1 unread", e)
		}
		if e := entry(t, s, alice, group); e.Left || e.LastSeq != 6 || e.MemberCount != 1 {
			t.Fatalf("alice's entry %v, want current, last seq 6, 1 member", e)
		}
	})
	t.Run("RemoveSkipsNonMembers", func(t *testing.T) {
		s := setup(t)
		remove(t, s, group, bob, carol)
		wantCount(t, s, 1)
		// A second removal of a former member keeps the first LeftSeq.
		remove(t, s, group, bob)
		if m := member(t, s, group, bob); m.LeftSeq != 4 {
			t.Fatalf("bob's LeftSeq %d after a second removal, want 4", m.LeftSeq)
		}
		if _, err := s.GetMember(t.Context(), group, carol); !im.IsCode(err, chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER) {
			t.Fatalf("removing carol, never a member, made her one (%v)", err)
		}
		wantCount(t, s, 1)
	})
	t.Run("RemoveWithoutEvent", func(t *testing.T) {
		s := setup(t)
		got, err := s.ChangeMembers(t.Context(), group, im.MemberChange{Remove: []string{bob}}, nil)
		if err != nil || got != nil {
			t.Fatalf("ChangeMembers without event = %v, %v; want no event, no error", got, err)
		}
		if m := member(t, s, group, bob); m.LeftSeq != 3 {
			t.Fatalf("bob's LeftSeq %d, want the last seq, 3", m.LeftSeq)
		}
		if n := lastSeq(t, s, group); n != 3 {
			t.Fatalf("last seq %d, want 3: no event", n)
		}
	})
	t.Run("Rejoin", func(t *testing.T) {
		s := setup(t)
		pinned := true
		if err := s.UpdateMemberSettings(t.Context(), group, bob, im.MemberSettings{Pinned: &pinned}); err != nil {
			t.Fatalf("UpdateMemberSettings: %v", err)
		}
		remove(t, s, group, bob)     // 4
		sendN(t, s, group, alice, 2) // 5, 6
		seq := changeOK(t, s, group, im.MemberChange{Add: []im.MemberSpec{{UserID: bob, Role: roleAdmin}}},
			chorusv1.GroupEvent_KIND_MEMBER_JOINED).Seq
		if seq != 7 {
			t.Fatalf("event seq %d, want 7", seq)
		}
		m := member(t, s, group, bob)
		if m.LeftSeq != 0 || m.JoinedSeq != 6 || m.ReadSeq != 6 || m.DeliveredSeq != 6 || m.Role != roleAdmin || !m.Pinned {
			t.Fatalf("bob after rejoining %+v, want current, joined/read/delivered 6, the new role, still pinned", *m)
		}
		e := entry(t, s, bob, group)
		if e.Left || e.LastSeq != 7 || e.UnreadCount != 1 || !e.Pinned {
			t.Fatalf("bob's entry %v, want current, last seq 7, 1 unread, pinned", e)
		}
		wantCount(t, s, 2)
	})
	t.Run("Roles", func(t *testing.T) {
		s := setup(t)
		changeOK(t, s, group, im.MemberChange{Roles: []im.MemberSpec{{UserID: bob, Role: roleAdmin}, {UserID: carol, Role: roleAdmin}}},
			chorusv1.GroupEvent_KIND_ROLE_CHANGED)
		if m := member(t, s, group, bob); m.Role != roleAdmin {
			t.Fatalf("bob's role %v, want admin", m.Role)
		}
		if _, err := s.GetMember(t.Context(), group, carol); !im.IsCode(err, chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER) {
			t.Fatalf("a role for carol, never a member, made her one (%v)", err)
		}
		if g := getGroup(t, s, group); g.OwnerID != alice {
			t.Fatalf("owner %q, want alice still", g.OwnerID)
		}
		// Former members get no role.
		remove(t, s, group, bob)
		changeOK(t, s, group, im.MemberChange{Roles: []im.MemberSpec{{UserID: bob, Role: roleMember}}}, chorusv1.GroupEvent_KIND_ROLE_CHANGED)
		if m := member(t, s, group, bob); m.Role != roleAdmin {
			t.Fatalf("former member's role changed to %v", m.Role)
		}
	})
	t.Run("TransferOwner", func(t *testing.T) {
		s := setup(t)
		changeOK(t, s, group, im.MemberChange{Roles: []im.MemberSpec{{UserID: bob, Role: roleOwner}, {UserID: alice, Role: roleAdmin}}},
			chorusv1.GroupEvent_KIND_OWNER_CHANGED)
		if g := getGroup(t, s, group); g.OwnerID != bob {
			t.Fatalf("owner %q, want bob", g.OwnerID)
		}
		if a, b := member(t, s, group, alice), member(t, s, group, bob); a.Role != roleAdmin || b.Role != roleOwner {
			t.Fatalf("roles alice %v bob %v, want admin and owner", a.Role, b.Role)
		}
		if e := entry(t, s, bob, group); e.Role != roleOwner {
			t.Fatalf("bob's entry shows role %v, want owner", e.Role)
		}
	})
	t.Run("AddAsOwner", func(t *testing.T) {
		s := setup(t)
		changeOK(t, s, group, im.MemberChange{Add: []im.MemberSpec{{UserID: carol, Role: roleOwner}}, Roles: []im.MemberSpec{{UserID: alice, Role: roleAdmin}}},
			chorusv1.GroupEvent_KIND_MEMBERS_ADDED)
		if g := getGroup(t, s, group); g.OwnerID != carol || g.MemberCount != 3 {
			t.Fatalf("group %+v, want carol the owner of 3", *g)
		}
	})
	t.Run("OwnerLeavingLeavesNoOwner", func(t *testing.T) {
		s := setup(t)
		remove(t, s, group, alice)
		if g := getGroup(t, s, group); g.OwnerID != "" || g.MemberCount != 1 {
			t.Fatalf("group %+v, want no owner (the owner left) and 1 member", *g)
		}
	})
	t.Run("Mutes", func(t *testing.T) {
		s := setup(t)
		changeOK(t, s, group, im.MemberChange{Mutes: []im.MemberMute{{UserID: bob, MutedUntilMs: 5000}, {UserID: carol, MutedUntilMs: 5000}}},
			chorusv1.GroupEvent_KIND_MEMBER_MUTED)
		if m := member(t, s, group, bob); m.MutedUntilMs != 5000 {
			t.Fatalf("bob muted until %d, want 5000", m.MutedUntilMs)
		}
		if _, err := s.GetMember(t.Context(), group, carol); !im.IsCode(err, chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER) {
			t.Fatalf("muting carol, never a member, made her one (%v)", err)
		}
		changeOK(t, s, group, im.MemberChange{Mutes: []im.MemberMute{{UserID: bob}}}, chorusv1.GroupEvent_KIND_MEMBER_MUTED)
		if m := member(t, s, group, bob); m.MutedUntilMs != 0 {
			t.Fatalf("bob muted until %d after unmuting, want 0", m.MutedUntilMs)
		}
	})
	t.Run("AppliedInOrder", func(t *testing.T) {
		// Add, then Remove, then Roles, then Mutes: a user added and given a
		// role and a mute in one change gets both; one added and removed
		// is a former member who saw only the event.
		s := setup(t)
		seq := changeOK(t, s, group, im.MemberChange{
			Add:    []im.MemberSpec{{UserID: carol, Role: roleMember}, {UserID: dave, Role: roleMember}},
			Remove: []string{dave},
			Roles:  []im.MemberSpec{{UserID: carol, Role: roleAdmin}, {UserID: dave, Role: roleAdmin}},
			Mutes:  []im.MemberMute{{UserID: carol, MutedUntilMs: 7}, {UserID: dave, MutedUntilMs: 7}},
		}, chorusv1.GroupEvent_KIND_MEMBERS_ADDED).Seq
		if c := member(t, s, group, carol); c.Role != roleAdmin || c.MutedUntilMs != 7 || c.LeftSeq != 0 {
			t.Fatalf("carol %+v, want a current admin muted until 7", *c)
		}
		if d := member(t, s, group, dave); d.LeftSeq != seq || d.JoinedSeq != 3 || d.Role != roleMember || d.MutedUntilMs != 0 {
			t.Fatalf("dave %+v, want a former member (joined 3, left %d), untouched by roles and mutes", *d, seq)
		}
		wantCount(t, s, 3)
	})
	t.Run("NoEvent", func(t *testing.T) {
		s := setup(t)
		got, err := s.ChangeMembers(t.Context(), group, im.MemberChange{Add: []im.MemberSpec{{UserID: carol, Role: roleMember}}}, nil)
		if err != nil || got != nil {
			t.Fatalf("ChangeMembers without event = %v, %v; want no event, no error", got, err)
		}
		if m := member(t, s, group, carol); m.JoinedSeq != 3 || m.ReadSeq != 3 {
			t.Fatalf("carol %+v, want joined and read at the last seq, 3", *m)
		}
		// Everything so far came before she joined: she sees no message.
		if c := entry(t, s, carol, group); c.LastSeq != 3 || c.LastMessage != nil || c.UnreadCount != 0 || c.MentionCount != 0 {
			t.Fatalf("carol's entry %v, want last seq 3, no last message, nothing unread", c)
		}
		if n := lastSeq(t, s, group); n != 3 {
			t.Fatalf("last seq %d, want 3", n)
		}
	})
	t.Run("NotFound", func(t *testing.T) {
		s := newStore(t)
		missing := im.GroupConversationID("gone")
		_, err := s.ChangeMembers(t.Context(), missing, im.MemberChange{Add: []im.MemberSpec{{UserID: alice, Role: roleOwner}}},
			event(missing, chorusv1.GroupEvent_KIND_MEMBERS_ADDED, ""))
		wantCode(t, err, chorusv1.ErrorCode_ERROR_CODE_CONVERSATION_NOT_FOUND)
		// Atomic: neither the member nor the event was stored.
		if _, err := s.GetMember(t.Context(), missing, alice); !im.IsCode(err, chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER) {
			t.Fatalf("the failed change made alice a member (%v)", err)
		}
		if n := len(listAll(t, s, missing)); n != 0 {
			t.Fatalf("the failed change stored %d messages", n)
		}
	})
}

func testListMembers(t *testing.T, newStore func(t *testing.T) im.Store) {
	// setup: the group of erin (owner), alice, dave, bob and carol, from
	// which carol has been removed.
	setup := func(t *testing.T) im.Store {
		s := newStore(t)
		createGroup(t, s, group, erin, alice, dave, bob, carol)
		remove(t, s, group, carol)
		return s
	}
	listMembers := func(t *testing.T, s im.Store, conv, after string, limit int) []*im.Member {
		t.Helper()
		ms, err := s.ListMembers(t.Context(), conv, after, limit)
		if err != nil {
			t.Fatalf("ListMembers(%s, %q, %d): %v", conv, after, limit, err)
		}
		return ms
	}
	ids := func(ms []*im.Member) []string {
		var out []string
		for _, m := range ms {
			out = append(out, m.UserID)
		}
		return out
	}

	t.Run("OrderedCurrentMembers", func(t *testing.T) {
		s := setup(t)
		ms := listMembers(t, s, group, "", 0)
		if got, want := ids(ms), []string{alice, bob, dave, erin}; !slices.Equal(got, want) {
			t.Fatalf("ListMembers = %v, want %v (by id, current members only)", got, want)
		}
		for _, m := range ms {
			if want := member(t, s, group, m.UserID); *m != *want {
				t.Fatalf("ListMembers gives %+v, GetMember %+v", *m, *want)
			}
		}
		if ms[3].Role != roleOwner || ms[0].Role != roleMember {
			t.Fatalf("roles %v, %v; want erin the owner, alice a member", ms[3].Role, ms[0].Role)
		}
		if got := ids(listMembers(t, s, group, "", -1)); len(got) != 4 {
			t.Fatalf("negative limit gave %v, want all 4", got)
		}
	})
	t.Run("Paging", func(t *testing.T) {
		s := setup(t)
		var all []string
		after := ""
		for range 10 {
			page := listMembers(t, s, group, after, 3)
			if len(page) == 0 {
				break
			}
			if len(page) > 3 {
				t.Fatalf("page of %d, limit 3", len(page))
			}
			all = append(all, ids(page)...)
			after = page[len(page)-1].UserID
		}
		if want := []string{alice, bob, dave, erin}; !slices.Equal(all, want) {
			t.Fatalf("pages gave %v, want %v once each", all, want)
		}
		if got := ids(listMembers(t, s, group, bob, 1)); !slices.Equal(got, []string{dave}) {
			t.Fatalf("after bob, limit 1: %v, want dave", got)
		}
		// afterUserID need not be a member: carol, a former one, sorts
		// between bob and dave.
		if got := ids(listMembers(t, s, group, carol, 0)); !slices.Equal(got, []string{dave, erin}) {
			t.Fatalf("after carol: %v, want dave, erin", got)
		}
		if got := listMembers(t, s, group, erin, 0); len(got) != 0 {
			t.Fatalf("after the last member: %v, want none", ids(got))
		}
	})
	t.Run("Missing", func(t *testing.T) {
		s := setup(t)
		if got := listMembers(t, s, im.GroupConversationID("gone"), "", 0); len(got) != 0 {
			t.Fatalf("members of a missing conversation: %v, want none", ids(got))
		}
	})
	t.Run("MemberIDsExcludeFormer", func(t *testing.T) {
		s := setup(t)
		if got, want := memberIDs(t, s, group), []string{alice, bob, dave, erin}; !slices.Equal(got, want) {
			t.Fatalf("ListMemberIDs = %v, want %v", got, want)
		}
	})
	t.Run("GetFormerMember", func(t *testing.T) {
		s := setup(t)
		m := member(t, s, group, carol)
		if m.LeftSeq != 2 || m.Role != roleMember || m.JoinedSeq != 0 {
			t.Fatalf("carol %+v, want a former member: LeftSeq 2, role member, joined 0", *m)
		}
	})
}
