package client

import (
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
)

func syncRequests(s *fakeServer) []*chorusv1.SyncConversationsRequest {
	return stat(s, func() []*chorusv1.SyncConversationsRequest { return slices.Clone(s.syncs) })
}

func pullRequests(s *fakeServer) []*chorusv1.PullMessagesRequest {
	return stat(s, func() []*chorusv1.PullMessagesRequest { return slices.Clone(s.pulls) })
}

func TestSyncAsksOnlyForChanges(t *testing.T) {
	s := newFakeServer(t, nil)
	s.add("g:a", 3)
	s.add("g:b", 2)
	c := dial(t, s, "tcp", nil)
	ctx := testCtx(t)

	if _, err := c.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	v1 := stat(s, func() uint64 { return s.version })
	s.add("g:b", 1)
	got, err := c.Sync(ctx)
	if err != nil || !slices.Equal(keys(got), seqsOf("g:b", 3, 3)) {
		t.Fatalf("second Sync returned %v, %v", keys(got), err)
	}
	syncs := syncRequests(s)
	if len(syncs) != 2 || syncs[0].GetSinceVersion() != 0 || syncs[1].GetSinceVersion() != v1 {
		t.Fatalf("syncs %v, want since 0 then since %d", syncs, v1)
	}
	for _, p := range pullRequests(s)[2:] {
		if p.GetConversationId() != "g:b" {
			t.Errorf("second Sync pulled %v", p)
		}
	}
}

func TestSyncPagesThroughChanges(t *testing.T) {
	s := newFakeServer(t, func(s *fakeServer) { s.syncPageMax = 3 })
	var want []msgKey
	for _, id := range []string{"g:1", "g:2", "g:3", "g:4", "g:5", "g:6", "g:7", "g:8"} {
		s.add(id, 2)
		want = append(want, seqsOf(id, 1, 2)...)
	}
	var rec recorder
	c := dial(t, s, "ws", func(o *Options) { o.OnMessage = rec.on })
	got, err := c.Sync(testCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(keys(got), want) {
		t.Fatalf("Sync returned %v, want %v", keys(got), want)
	}
	syncs := syncRequests(s)
	if len(syncs) != 3 {
		t.Fatalf("%d sync pages, want 3", len(syncs))
	}
	// Each page continues where the previous one ended.
	if syncs[0].GetSinceVersion() != 0 || syncs[1].GetSinceVersion() != 6 || syncs[2].GetSinceVersion() != 12 {
		t.Fatalf("sync pages since %d, %d, %d", syncs[0].GetSinceVersion(), syncs[1].GetSinceVersion(), syncs[2].GetSinceVersion())
	}

	changed, v, err := c.SyncConversations(testCtx(t), 0)
	if err != nil || len(changed) != 8 || v != stat(s, func() uint64 { return s.version }) {
		t.Fatalf("SyncConversations: %d entries, version %d, %v", len(changed), v, err)
	}
	changed, v2, err := c.SyncConversations(testCtx(t), v)
	if err != nil || len(changed) != 0 || v2 != v {
		t.Fatalf("SyncConversations since %d: %d entries, version %d, %v", v, len(changed), v2, err)
	}
}

// After a reconnect the client syncs everything from version 0, and so
// finds a group it was added to while it was away (its history before
// joining is not there for it) and the messages it missed elsewhere.
func TestReconnectSyncFindsGroupJoinedWhileOffline(t *testing.T) {
	for _, tr := range transports {
		t.Run(tr, func(t *testing.T) {
			s := newFakeServer(t, nil)
			s.add("g:x", 2)
			var rec recorder
			c := dial(t, s, tr, func(o *Options) {
				o.Reconnect = true
				o.OnMessage = rec.on
			})
			ctx := testCtx(t)
			if _, err := c.Sync(ctx); err != nil {
				t.Fatal(err)
			}
			first := c.SessionID()
			s.conn(t, 0).close()
			s.add("g:new", 5) // alice is added after seq 3
			s.mu.Lock()
			s.convs["g:new"].visibleFrom = 4
			s.mu.Unlock()
			s.add("g:x", 1)
			waitFor(t, "reconnect", func() bool { return c.SessionID() != first })
			waitFor(t, "g:new", func() bool { return c.Positions()["g:new"] == 5 })
			if got := rec.seqs("g:new"); !slices.Equal(got, []uint64{4, 5}) {
				t.Fatalf("OnMessage got g:new %v", got)
			}
			waitFor(t, "g:x", func() bool { return c.Positions()["g:x"] == 3 })
			if got := rec.seqs("g:x"); !slices.Equal(got, upTo(1, 3)) {
				t.Fatalf("OnMessage got g:x %v", got)
			}
			syncs := syncRequests(s)
			if len(syncs) != 2 || syncs[1].GetSinceVersion() != 0 {
				t.Fatalf("syncs %v: the reconnect must sync from 0", syncs)
			}
			// The app's next Sync on the new connection continues from it.
			v := stat(s, func() uint64 { return s.version })
			if _, err := c.Sync(ctx); err != nil {
				t.Fatal(err)
			}
			if syncs := syncRequests(s); syncs[len(syncs)-1].GetSinceVersion() != v {
				t.Fatalf("Sync after the reconnect asked since %d, want %d", syncs[len(syncs)-1].GetSinceVersion(), v)
			}
		})
	}
}

// A group the user left is pulled up to their last readable message and
// not past it, however much the group goes on.
func TestSyncFormerMemberStopsAtLeftSeq(t *testing.T) {
	s := newFakeServer(t, nil)
	s.add("g:gone", 10)
	s.mu.Lock()
	s.convs["g:gone"].leftSeq = 6
	s.mu.Unlock()
	var rec recorder
	c := dial(t, s, "tcp", func(o *Options) {
		o.KnownSeqs = map[string]uint64{"g:gone": 2}
		o.OnMessage = rec.on
	})
	ctx := testCtx(t)
	got, err := c.Sync(ctx)
	if err != nil || !slices.Equal(keys(got), seqsOf("g:gone", 3, 6)) {
		t.Fatalf("Sync returned %v, %v", keys(got), err)
	}
	s.add("g:gone", 3) // the group goes on without alice
	if got, err := c.Sync(ctx); err != nil || len(got) != 0 {
		t.Fatalf("second Sync returned %v, %v", keys(got), err)
	}
	for _, p := range pullRequests(s) {
		if p.GetToSeq() == 0 || p.GetToSeq() > 6 {
			t.Fatalf("pulled past the removal: %v", p)
		}
	}
	waitFor(t, "position", func() bool { return c.Positions()["g:gone"] == 6 })
}

// A server whose version is older than the client's is not the store the
// client synced with: the client starts over instead of missing changes.
func TestSyncStartsOverWhenTheServerVersionGoesBack(t *testing.T) {
	s := newFakeServer(t, nil)
	s.add("g:a", 5)
	s.add("g:b", 5)
	c := dial(t, s, "tcp", nil)
	ctx := testCtx(t)
	if _, err := c.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	s.version = 1
	for _, cv := range s.convs {
		cv.version = 1
	}
	s.mu.Unlock()
	s.add("g:fresh", 2)
	got, err := c.Sync(ctx)
	if err != nil || !slices.Equal(keys(got), seqsOf("g:fresh", 1, 2)) {
		t.Fatalf("Sync returned %v, %v", keys(got), err)
	}
	syncs := syncRequests(s)
	if last := syncs[len(syncs)-1]; last.GetSinceVersion() != 0 {
		t.Fatalf("did not start over: %v", syncs)
	}
}

func TestConversationList(t *testing.T) {
	s := newFakeServer(t, nil)
	s.add("g:old", 1)
	s.add("g:mid", 1)
	s.add("g:new", 1)
	c := dial(t, s, "json", nil)
	ctx := testCtx(t)

	page, err := c.ListConversations(ctx, "", 2)
	if err != nil || len(page.Conversations) != 2 || page.Conversations[0].Id != "g:new" || page.NextCursor == "" {
		t.Fatalf("first page %v, %v", page, err)
	}
	page, err = c.ListConversations(ctx, page.NextCursor, 2)
	if err != nil || len(page.Conversations) != 1 || page.Conversations[0].Id != "g:old" || page.NextCursor != "" {
		t.Fatalf("second page %v, %v", page, err)
	}

	e, err := c.UpdateConversationSettings(ctx, &chorusv1.ConversationSettingsRequest{ConversationId: "g:old", Pinned: proto.Bool(true)})
	if err != nil || e.Id != "g:old" || !e.Pinned || e.Muted {
		t.Fatalf("settings: %v, %v", e, err)
	}
	all, err := c.Conversations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, cv := range all {
		ids = append(ids, cv.Id)
	}
	if !slices.Equal(ids, []string{"g:old", "g:new", "g:mid"}) {
		t.Fatalf("Conversations %v: pinned first, then newest", ids)
	}
	if _, err := c.UpdateConversationSettings(ctx, &chorusv1.ConversationSettingsRequest{ConversationId: "g:none"}); !IsCode(err, chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER) {
		t.Fatalf("settings of an unknown conversation: %v", err)
	}

	rs, err := c.GetReceipts(ctx, "g:old", []uint64{1})
	if err != nil || len(rs) != 1 || rs[0].Seq != 1 || !slices.Equal(rs[0].ReadBy, []string{"alice"}) {
		t.Fatalf("receipts %v, %v", rs, err)
	}
}

func TestGroupOps(t *testing.T) {
	s := newFakeServer(t, nil)
	c := dial(t, s, "ws", nil)
	ctx := testCtx(t)
	check := func(what string, err error, ok bool) {
		t.Helper()
		if err != nil || !ok {
			t.Fatalf("%s: %v", what, err)
		}
	}
	cr, err := c.CreateGroup(ctx, &chorusv1.CreateGroupRequest{GroupId: "team", Name: "Team", MemberIds: []string{"bob"}})
	check("create", err, cr.GetGroup().GetId() == "team" && cr.GetGroup().GetOwnerId() == "alice")
	gg, err := c.GetGroup(ctx, &chorusv1.GetGroupRequest{GroupId: "team"})
	check("get", err, gg.GetGroup().GetConversationId() == "g:team")
	up, err := c.UpdateGroup(ctx, &chorusv1.UpdateGroupRequest{GroupId: "team", Name: proto.String("Team 2")})
	check("update", err, up.GetGroup().GetId() == "team")
	ad, err := c.AddGroupMembers(ctx, &chorusv1.AddGroupMembersRequest{GroupId: "team", UserIds: []string{"carol"}})
	check("add", err, slices.Equal(ad.GetAddedUserIds(), []string{"carol"}))
	rm, err := c.RemoveGroupMembers(ctx, &chorusv1.RemoveGroupMembersRequest{GroupId: "team", UserIds: []string{"carol"}})
	check("remove", err, slices.Equal(rm.GetRemovedUserIds(), []string{"carol"}))
	jn, err := c.JoinGroup(ctx, &chorusv1.JoinGroupRequest{GroupId: "open"})
	check("join", err, jn.GetGroup().GetId() == "open")
	lv, err := c.LeaveGroup(ctx, &chorusv1.LeaveGroupRequest{GroupId: "open"})
	check("leave", err, lv != nil)
	sr, err := c.SetGroupMemberRole(ctx, &chorusv1.SetGroupMemberRoleRequest{GroupId: "team", UserId: "bob", Role: chorusv1.GroupRole_GROUP_ROLE_ADMIN})
	check("set role", err, sr.GetMember().GetRole() == chorusv1.GroupRole_GROUP_ROLE_ADMIN)
	mu, err := c.MuteGroupMember(ctx, &chorusv1.MuteGroupMemberRequest{GroupId: "team", UserId: "bob", DurationSeconds: 60})
	check("mute", err, mu.GetMember().GetMutedUntilMs() == 60_000)
	lm, err := c.ListGroupMembers(ctx, &chorusv1.ListGroupMembersRequest{GroupId: "team"})
	check("list members", err, len(lm.GetMembers()) == 1)
	tr, err := c.TransferGroupOwner(ctx, &chorusv1.TransferGroupOwnerRequest{GroupId: "team", NewOwnerId: "bob"})
	check("transfer", err, tr.GetGroup().GetOwnerId() == "bob")
	ds, err := c.DissolveGroup(ctx, &chorusv1.DissolveGroupRequest{GroupId: "team"})
	check("dissolve", err, ds != nil)

	var kinds []string
	for _, op := range stat(s, func() []*chorusv1.GroupRequest { return slices.Clone(s.groupOps) }) {
		kinds = append(kinds, string(op.ProtoReflect().WhichOneof(op.ProtoReflect().Descriptor().Oneofs().ByName("op")).Name()))
	}
	want := []string{"create", "get", "update", "add_members", "remove_members", "join", "leave", "set_role", "mute_member", "list_members", "transfer_owner", "dissolve"}
	if !slices.Equal(kinds, want) {
		t.Fatalf("server got ops %v, want %v", kinds, want)
	}
}

func TestGroupResultOfTheWrongKindFails(t *testing.T) {
	s := newFakeServer(t, func(s *fakeServer) {
		s.onFrame = func(fc *fakeConn, f *chorusv1.Frame) bool {
			if f.GetGroup() == nil {
				return false
			}
			_ = fc.send(&chorusv1.Frame{Id: f.Id, Body: &chorusv1.Frame_GroupResult{GroupResult: &chorusv1.GroupResult{
				Op: &chorusv1.GroupResult_Leave{Leave: &chorusv1.LeaveGroupResponse{}},
			}}})
			return true
		}
	})
	c := dial(t, s, "tcp", nil)
	if _, err := c.GetGroup(testCtx(t), &chorusv1.GetGroupRequest{GroupId: "x"}); err == nil {
		t.Fatal("a leave result was taken for a get result")
	}
}

// Group changes are not idempotent: one whose connection drops before the
// reply is not sent again on the next connection, while a read is.
func TestGroupChangeIsSentAtMostOnce(t *testing.T) {
	var leaves, gets atomic.Int32
	s := newFakeServer(t, func(s *fakeServer) {
		s.onFrame = func(fc *fakeConn, f *chorusv1.Frame) bool {
			switch {
			case f.GetGroup().GetLeave() != nil:
				leaves.Add(1)
				fc.close() // no reply
				return true
			case f.GetGroup().GetGet() != nil && gets.Add(1) == 1:
				fc.close()
				return true
			}
			return false
		}
	})
	c := dial(t, s, "tcp", func(o *Options) { o.Reconnect = true })
	ctx := testCtx(t)
	_, err := c.LeaveGroup(ctx, &chorusv1.LeaveGroupRequest{GroupId: "team"})
	if !errors.Is(err, ErrConnectionLost) {
		t.Fatalf("leave on a dropped connection: %v", err)
	}
	g, err := c.GetGroup(ctx, &chorusv1.GetGroupRequest{GroupId: "team"})
	if err != nil || g.GetGroup().GetId() != "team" {
		t.Fatalf("get across a reconnect: %v, %v", g, err)
	}
	if leaves.Load() != 1 || gets.Load() != 2 {
		t.Fatalf("leave sent %d times, get %d times", leaves.Load(), gets.Load())
	}
}

func TestListSessionsAndKickDevice(t *testing.T) {
	s := newFakeServer(t, nil)
	laptop := dial(t, s, "tcp", func(o *Options) { o.DeviceID = "laptop" })
	var mu sync.Mutex
	var disc *chorusv1.Disconnect
	phone := dial(t, s, "ws", func(o *Options) {
		o.DeviceID = "phone"
		o.Reconnect = true
		o.OnDisconnect = func(d *chorusv1.Disconnect, err error) {
			mu.Lock()
			disc = d
			mu.Unlock()
		}
	})
	ctx := testCtx(t)
	ss, err := laptop.ListSessions(ctx)
	if err != nil || len(ss) != 2 || ss[0].DeviceId != "laptop" || ss[1].DeviceId != "phone" {
		t.Fatalf("sessions %v, %v", ss, err)
	}
	n, err := laptop.KickDevice(ctx, "phone", "lost it")
	if err != nil || n != 1 {
		t.Fatalf("kick: %d, %v", n, err)
	}
	waitFor(t, "the phone's disconnect", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return disc != nil
	})
	if disc.GetCode() != chorusv1.DisconnectCode_DISCONNECT_CODE_REMOVED || disc.GetReconnect() {
		t.Fatalf("phone disconnected with %v", disc)
	}
	if _, err := phone.ListSessions(ctx); !errors.Is(err, ErrDisconnected) {
		t.Fatalf("a removed device is still in use: %v", err)
	}
	if n, err := laptop.KickDevice(ctx, "phone", ""); err != nil || n != 0 {
		t.Fatalf("second kick: %d, %v", n, err)
	}
}

func TestReceiptAndConversationUpdateCallbacks(t *testing.T) {
	s := newFakeServer(t, nil)
	msgs := s.add("p:alice:bob", 1)
	var mu sync.Mutex
	var got []string
	note := func(what string) {
		mu.Lock()
		got = append(got, what)
		mu.Unlock()
	}
	dial(t, s, "json", func(o *Options) {
		o.OnMessage = func(m *chorusv1.Message) { note("message") }
		o.OnReceipt = func(r *chorusv1.Receipt) {
			if r.GetUserId() == "bob" && r.GetReadSeq() == 1 {
				note("receipt")
			}
		}
		o.OnConversationUpdate = func(cv *chorusv1.Conversation) {
			if cv.GetId() == "p:alice:bob" && cv.GetPinned() {
				note("update")
			}
		}
	})
	fc := s.conn(t, 0)
	_ = fc.push(msgs[0])
	_ = fc.send(&chorusv1.Frame{Body: &chorusv1.Frame_Receipt{Receipt: &chorusv1.Receipt{ConversationId: "p:alice:bob", UserId: "bob", ReadSeq: 1}}})
	_ = fc.send(&chorusv1.Frame{Body: &chorusv1.Frame_ConversationUpdate{ConversationUpdate: &chorusv1.ConversationUpdate{
		Conversation: &chorusv1.Conversation{Id: "p:alice:bob", Pinned: true},
	}}})
	_ = fc.send(&chorusv1.Frame{Body: &chorusv1.Frame_ConversationUpdate{ConversationUpdate: &chorusv1.ConversationUpdate{}}}) // dropped
	waitFor(t, "callbacks", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(got) == 3
	})
	mu.Lock()
	defer mu.Unlock()
	if !slices.Equal(got, []string{"message", "receipt", "update"}) {
		t.Fatalf("callbacks ran as %v", got)
	}
}

func TestMentionsAreSent(t *testing.T) {
	s := newFakeServer(t, nil)
	var rec recorder
	c := dial(t, s, "tcp", func(o *Options) { o.OnMessage = rec.on })
	_, err := c.Send(testCtx(t), Outgoing{
		ConversationID: "g:team",
		Content:        textContent("@bob @all look"),
		MentionUserIDs: []string{"bob"},
		MentionAll:     true,
	})
	if err != nil {
		t.Fatal(err)
	}
	sent := stat(s, func() *chorusv1.SendRequest { return s.sends[0] })
	if !slices.Equal(sent.GetMentionUserIds(), []string{"bob"}) || !sent.GetMentionAll() {
		t.Fatalf("server got %v", sent)
	}
	waitFor(t, "OnMessage", func() bool { return rec.count() == 1 })
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if m := rec.msgs[0]; !slices.Equal(m.GetMentionUserIds(), []string{"bob"}) || !m.GetMentionAll() {
		t.Fatalf("OnMessage got %v", m)
	}
}

// Conversations reads the list by version, so an entry that changes while
// it pages is neither missed nor repeated: it comes once, in its newer form.
func TestConversationsWhileTheListChanges(t *testing.T) {
	var syncs atomic.Int32
	s := newFakeServer(t, func(s *fakeServer) {
		s.syncPageMax = 2
		s.onFrame = func(fc *fakeConn, f *chorusv1.Frame) bool {
			if f.GetSyncConversations() != nil && syncs.Add(1) == 2 {
				// Between the first and the second page, the oldest entry
				// (already read) gets a message and moves to the top.
				s.add("g:1", 1)
			}
			return false
		}
	})
	for _, id := range []string{"g:1", "g:2", "g:3", "g:4", "g:5"} {
		s.add(id, 1)
	}
	c := dial(t, s, "tcp", nil)
	ctx := testCtx(t)
	if _, err := c.UpdateConversationSettings(ctx, &chorusv1.ConversationSettingsRequest{ConversationId: "g:3", Pinned: proto.Bool(true)}); err != nil {
		t.Fatal(err)
	}
	all, err := c.Conversations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, cv := range all {
		ids = append(ids, cv.Id)
	}
	if !slices.Equal(ids, []string{"g:3", "g:1", "g:5", "g:4", "g:2"}) {
		t.Fatalf("Conversations %v: want each entry once, pinned first, then newest", ids)
	}
	if all[1].GetLastSeq() != 2 {
		t.Fatalf("g:1 came in its older form: %v", all[1])
	}
	if syncs.Load() < 3 {
		t.Fatalf("%d sync pages; the test wants the change to land mid-paging", syncs.Load())
	}
}

// A group change handed a connection that was already dead never went
// out: it is sent on the next connection, not failed as "outcome unknown".
func TestGroupChangeNotSentOnADeadConnectionGoesOnTheNext(t *testing.T) {
	s := newFakeServer(t, nil)
	c := dial(t, s, "tcp", func(o *Options) { o.Reconnect = true })
	ctx := testCtx(t)

	// The connection dies, but the client has not unpublished it yet: the
	// window in which callOnce can be handed a dead conn.
	c.mu.Lock()
	cn := c.cur
	c.mu.Unlock()
	cn.mu.Lock()
	cn.err = errors.New("test: connection died")
	cn.pending = nil
	cn.mu.Unlock()
	// The rest of cn.fail: unpublish, wake waiters, close. Also on failure,
	// before the client's own cleanup (which waits for the supervisor).
	var once sync.Once
	finish := func() {
		once.Do(func() {
			c.connLost(cn)
			close(cn.done)
			cn.tr.close()
		})
	}
	t.Cleanup(finish)

	done := make(chan error, 1)
	go func() {
		_, err := c.LeaveGroup(ctx, &chorusv1.LeaveGroupRequest{GroupId: "team"})
		done <- err
	}()
	time.Sleep(50 * time.Millisecond)
	select {
	case err := <-done:
		t.Fatalf("leave on a dead connection returned before the next one: %v", err)
	default:
	}
	if n := stat(s, func() int { return len(s.groupOps) }); n != 0 {
		t.Fatalf("%d group ops reached the server on a dead connection", n)
	}
	finish()

	if err := <-done; err != nil {
		t.Fatalf("leave after the reconnect: %v", err)
	}
	if n := stat(s, func() int { return len(s.groupOps) }); n != 1 {
		t.Fatalf("leave sent %d times, want 1", n)
	}
}
