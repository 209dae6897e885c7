package storetest

import (
	"maps"
	"testing"

	"google.golang.org/protobuf/proto"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
)

// sameGroup reports whether a and b are equal, attributes included.
func sameGroup(a, b im.GroupRecord) bool {
	return a.ConversationID == b.ConversationID && a.Name == b.Name && a.AvatarURL == b.AvatarURL &&
		maps.Equal(a.Attributes, b.Attributes) && a.JoinPolicy == b.JoinPolicy && a.Muted == b.Muted &&
		a.Dissolved == b.Dissolved && a.OwnerID == b.OwnerID && a.MemberCount == b.MemberCount &&
		a.LastSeq == b.LastSeq && a.CreatedAtMs == b.CreatedAtMs && a.UpdatedAtMs == b.UpdatedAtMs
}

func testGroup(t *testing.T, newStore func(t *testing.T) im.Store) {
	str := func(s string) *string { return &s }
	flag := func(b bool) *bool { return &b }

	t.Run("Create", func(t *testing.T) {
		s := newStore(t)
		rec := &im.GroupRecord{
			ConversationID: group, Name: "Team", AvatarURL: "https://cdn.example/t.png",
			Attributes: map[string]string{"dept": "eng"}, JoinPolicy: chorusv1.JoinPolicy_JOIN_POLICY_OPEN,
			Muted: true, CreatedAtMs: 1500,
		}
		specs := []im.MemberSpec{{UserID: bob, Role: roleAdmin}, {UserID: alice, Role: roleOwner}, {UserID: carol, Role: roleMember}}
		ev := event(group, chorusv1.GroupEvent_KIND_CREATED, alice, alice, bob, carol)
		ev.ServerTimeMs = 2000
		got, err := s.CreateGroup(t.Context(), rec, specs, ev)
		if err != nil {
			t.Fatalf("CreateGroup: %v", err)
		}
		wantMessage(t, "stored event", got, stored(ev, 1))
		msgs := listAll(t, s, group)
		wantSeqs(t, "group", msgs, []uint64{1})
		wantMessage(t, "listed event", msgs[0], stored(ev, 1))
		if msgs[0].SenderId != "" || msgs[0].Content.GetGroupEvent().GetKind() != chorusv1.GroupEvent_KIND_CREATED {
			t.Fatalf("event came back as %v, want a group_event from the system", msgs[0])
		}

		g := getGroup(t, s, group)
		want := im.GroupRecord{
			ConversationID: group, Name: "Team", AvatarURL: "https://cdn.example/t.png",
			JoinPolicy: chorusv1.JoinPolicy_JOIN_POLICY_OPEN, Muted: true,
			OwnerID: alice, MemberCount: 3, LastSeq: 1, CreatedAtMs: 1500, UpdatedAtMs: g.UpdatedAtMs,
		}
		want.Attributes = rec.Attributes
		if !sameGroup(*g, want) {
			t.Fatalf("GetGroup = %+v, want %+v", *g, want)
		}
		c, err := s.GetConversation(t.Context(), group)
		if err != nil {
			t.Fatalf("GetConversation: %v", err)
		}
		if c.Kind != chorusv1.ConversationKind_CONVERSATION_KIND_GROUP || c.LastSeq != 1 || c.UpdatedAtMs != 2000 {
			t.Fatalf("conversation %+v, want a group at last seq 1, active at the event's time 2000", *c)
		}
		for _, sp := range specs {
			m := member(t, s, group, sp.UserID)
			if m.Role != sp.Role || m.JoinedSeq != 0 || m.ReadSeq != 0 || m.DeliveredSeq != 0 || m.LeftSeq != 0 {
				t.Fatalf("member %s = %+v, want role %v joined at 0 with positions 0", sp.UserID, *m, sp.Role)
			}
		}
		if ids := memberIDs(t, s, group); len(ids) != 3 {
			t.Fatalf("members %v, want 3", ids)
		}
	})
	t.Run("CreateWithoutEvent", func(t *testing.T) {
		s := newStore(t)
		got, err := s.CreateGroup(t.Context(), &im.GroupRecord{ConversationID: group, Name: "Quiet"},
			[]im.MemberSpec{{UserID: alice, Role: roleOwner}}, nil)
		if err != nil || got != nil {
			t.Fatalf("CreateGroup without event = %v, %v; want no event, no error", got, err)
		}
		if g := getGroup(t, s, group); g.LastSeq != 0 || g.Name != "Quiet" || g.OwnerID != alice || g.MemberCount != 1 {
			t.Fatalf("GetGroup = %+v, want last seq 0, name Quiet, owner alice, 1 member", *g)
		}
		if n := len(listAll(t, s, group)); n != 0 {
			t.Fatalf("%d messages, want none", n)
		}
	})
	t.Run("CreateExisting", func(t *testing.T) {
		s := newStore(t)
		createGroup(t, s, group, alice, bob)
		_, err := s.CreateGroup(t.Context(), &im.GroupRecord{ConversationID: group, Name: "Again"},
			[]im.MemberSpec{{UserID: carol, Role: roleOwner}}, event(group, chorusv1.GroupEvent_KIND_CREATED, carol))
		wantCode(t, err, chorusv1.ErrorCode_ERROR_CODE_CONVERSATION_ALREADY_EXISTS)
		if g := getGroup(t, s, group); g.Name != "Team" || g.OwnerID != alice || g.MemberCount != 2 || g.LastSeq != 1 {
			t.Fatalf("after a failed create: %+v, want the first group unchanged", *g)
		}
		if _, err := s.GetMember(t.Context(), group, carol); !im.IsCode(err, chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER) {
			t.Fatalf("a failed create made carol a member (%v)", err)
		}
		wantSeqs(t, "after a failed create", listAll(t, s, group), []uint64{1})

		// The id of a conversation of another kind is taken too.
		createConv(t, s, direct, 0, alice, bob)
		_, err = s.CreateGroup(t.Context(), &im.GroupRecord{ConversationID: direct}, nil, nil)
		wantCode(t, err, chorusv1.ErrorCode_ERROR_CODE_CONVERSATION_ALREADY_EXISTS)
	})
	t.Run("GetNotFound", func(t *testing.T) {
		s := newStore(t)
		_, err := s.GetGroup(t.Context(), group)
		wantCode(t, err, chorusv1.ErrorCode_ERROR_CODE_CONVERSATION_NOT_FOUND)
		createConv(t, s, direct, 0, alice, bob)
		_, err = s.GetGroup(t.Context(), direct)
		wantCode(t, err, chorusv1.ErrorCode_ERROR_CODE_CONVERSATION_NOT_FOUND)
	})
	t.Run("UpdateFields", func(t *testing.T) {
		s := newStore(t)
		createGroup(t, s, group, alice, bob)
		before := getGroup(t, s, group)
		open := chorusv1.JoinPolicy_JOIN_POLICY_OPEN
		steps := []struct {
			upd    im.GroupUpdate
			change func(g *im.GroupRecord)
		}{
			{im.GroupUpdate{Name: str("Renamed")}, func(g *im.GroupRecord) { g.Name = "Renamed" }},
			{im.GroupUpdate{AvatarURL: str("https://cdn.example/n.png")}, func(g *im.GroupRecord) { g.AvatarURL = "https://cdn.example/n.png" }},
			{im.GroupUpdate{JoinPolicy: &open}, func(g *im.GroupRecord) { g.JoinPolicy = open }},
			{im.GroupUpdate{Muted: flag(true)}, func(g *im.GroupRecord) { g.Muted = true }},
			{im.GroupUpdate{Muted: flag(false)}, func(g *im.GroupRecord) { g.Muted = false }},
			{im.GroupUpdate{Name: str("")}, func(g *im.GroupRecord) { g.Name = "" }},
			{im.GroupUpdate{}, func(g *im.GroupRecord) {}},
		}
		want := *before
		for i, st := range steps {
			got, ev, err := s.UpdateGroup(t.Context(), group, st.upd, nil)
			if err != nil {
				t.Fatalf("step %d: UpdateGroup: %v", i, err)
			}
			if ev != nil {
				t.Fatalf("step %d: UpdateGroup without an event returned %v", i, ev)
			}
			st.change(&want)
			// When an update without event counts as activity is the
			// implementation's choice; going back in time is not.
			if got.UpdatedAtMs < want.UpdatedAtMs {
				t.Fatalf("step %d: updated time went back from %d to %d", i, want.UpdatedAtMs, got.UpdatedAtMs)
			}
			want.UpdatedAtMs = got.UpdatedAtMs
			if !sameGroup(*got, want) {
				t.Fatalf("step %d: UpdateGroup(%+v) = %+v, want %+v (nil fields unchanged)", i, st.upd, *got, want)
			}
			if read := getGroup(t, s, group); !sameGroup(*read, *got) {
				t.Fatalf("step %d: GetGroup = %+v, want what UpdateGroup returned, %+v", i, *read, *got)
			}
		}
		if g := getGroup(t, s, group); g.LastSeq != 1 || g.OwnerID != alice || g.MemberCount != 2 {
			t.Fatalf("updates without events changed %+v", *g)
		}
	})
	t.Run("UpdateAttributes", func(t *testing.T) {
		s := newStore(t)
		if _, err := s.CreateGroup(t.Context(), &im.GroupRecord{ConversationID: group,
			Attributes: map[string]string{"a": "1", "b": "2"}}, []im.MemberSpec{{UserID: alice, Role: roleOwner}}, nil); err != nil {
			t.Fatalf("CreateGroup: %v", err)
		}
		upd := func(attrs map[string]string, replace bool, want map[string]string) {
			t.Helper()
			got, _, err := s.UpdateGroup(t.Context(), group, im.GroupUpdate{Attributes: attrs, ReplaceAttributes: replace}, nil)
			if err != nil {
				t.Fatalf("UpdateGroup: %v", err)
			}
			if !maps.Equal(got.Attributes, want) || !maps.Equal(getGroup(t, s, group).Attributes, want) {
				t.Fatalf("attributes %v (replace %v) gave %v, want %v", attrs, replace, got.Attributes, want)
			}
		}
		upd(map[string]string{"b": "", "c": "3"}, false, map[string]string{"a": "1", "c": "3"})
		upd(nil, false, map[string]string{"a": "1", "c": "3"})
		upd(map[string]string{"z": "9"}, true, map[string]string{"z": "9"})
		upd(nil, true, nil)
	})
	t.Run("DissolveSticks", func(t *testing.T) {
		s := newStore(t)
		createGroup(t, s, group, alice, bob)
		got, _, err := s.UpdateGroup(t.Context(), group, im.GroupUpdate{Dissolve: true}, nil)
		if err != nil || !got.Dissolved {
			t.Fatalf("UpdateGroup(dissolve) = %+v, %v; want dissolved", got, err)
		}
		got, _, err = s.UpdateGroup(t.Context(), group, im.GroupUpdate{Name: str("Still here")}, nil)
		if err != nil || !got.Dissolved || got.Name != "Still here" {
			t.Fatalf("a later update = %+v, %v; want it applied and the group still dissolved", got, err)
		}
		if !getGroup(t, s, group).Dissolved {
			t.Fatal("GetGroup: not dissolved")
		}
		// Members stay, with their history.
		if ids := memberIDs(t, s, group); len(ids) != 2 {
			t.Fatalf("members after dissolving: %v, want both", ids)
		}
	})
	t.Run("UpdateAppendsEvent", func(t *testing.T) {
		s := newStore(t)
		createGroup(t, s, group, alice, bob)
		appendOK(t, s, msg(group, bob, newClientID(), "a", 1100), msg(group, bob, newClientID(), "b", 1200))
		ev := event(group, chorusv1.GroupEvent_KIND_UPDATED, alice)
		ev.ServerTimeMs = 5000
		got, stored1, err := s.UpdateGroup(t.Context(), group, im.GroupUpdate{Name: str("New")}, ev)
		if err != nil {
			t.Fatalf("UpdateGroup: %v", err)
		}
		wantMessage(t, "stored event", stored1, stored(ev, 4))
		if got.LastSeq != 4 || got.Name != "New" {
			t.Fatalf("UpdateGroup returned %+v, want last seq 4 (the event) and the new name", *got)
		}
		msgs := listAll(t, s, group)
		wantSeqs(t, "after the update", msgs, span(1, 4))
		wantMessage(t, "listed event", msgs[3], stored(ev, 4))
		if c, _ := s.GetConversation(t.Context(), group); c == nil || c.UpdatedAtMs != 5000 {
			t.Fatalf("conversation %+v, want activity at the event's time 5000", c)
		}
		// The event is a message like others: the next one follows it.
		if m := sendN(t, s, group, alice, 1); m[0].Seq != 5 {
			t.Fatalf("message after the event got seq %d, want 5", m[0].Seq)
		}
	})
	t.Run("UpdateNotFound", func(t *testing.T) {
		s := newStore(t)
		_, _, err := s.UpdateGroup(t.Context(), group, im.GroupUpdate{Name: str("x")}, event(group, chorusv1.GroupEvent_KIND_UPDATED, alice))
		wantCode(t, err, chorusv1.ErrorCode_ERROR_CODE_CONVERSATION_NOT_FOUND)
		if n := len(listAll(t, s, group)); n != 0 {
			t.Fatalf("a failed update stored %d messages", n)
		}
	})
	t.Run("EventContentRoundTrips", func(t *testing.T) {
		s := newStore(t)
		createGroup(t, s, group, alice, bob)
		ev := event(group, chorusv1.GroupEvent_KIND_MEMBER_MUTED, alice, bob)
		ge := ev.Content.GetGroupEvent()
		ge.MutedUntilMs, ge.Role, ge.Name, ge.JoinPolicy, ge.Muted = 99, roleAdmin, "n", chorusv1.JoinPolicy_JOIN_POLICY_OPEN, true
		_, st, err := s.UpdateGroup(t.Context(), group, im.GroupUpdate{}, ev)
		if err != nil {
			t.Fatalf("UpdateGroup: %v", err)
		}
		msgs := listAll(t, s, group)
		if last := msgs[len(msgs)-1]; !proto.Equal(last.Content, ev.Content) || last.Seq != st.Seq {
			t.Fatalf("event stored as %v, want content %v", last, ev.Content)
		}
	})
}
