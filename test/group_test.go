package test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/client"
	"github.com/chorus-im/chorus/internal/config"
)

// Groups, the conversation list, receipts and mentions, end to end through
// the Go SDK (the client protocol) and the server API.

// events collects what a client's receipt and conversation-update
// callbacks receive.
type events struct {
	mu       sync.Mutex
	receipts []*chorusv1.Receipt
	updates  []*chorusv1.Conversation
}

func (e *events) receipt(r *chorusv1.Receipt) {
	e.mu.Lock()
	e.receipts = append(e.receipts, r)
	e.mu.Unlock()
}

func (e *events) update(c *chorusv1.Conversation) {
	e.mu.Lock()
	e.updates = append(e.updates, c)
	e.mu.Unlock()
}

// lastReceipt returns the newest receipt from user in conv, or nil.
func (e *events) lastReceipt(conv, user string) *chorusv1.Receipt {
	e.mu.Lock()
	defer e.mu.Unlock()
	for i := len(e.receipts) - 1; i >= 0; i-- {
		if r := e.receipts[i]; r.GetConversationId() == conv && r.GetUserId() == user {
			return r
		}
	}
	return nil
}

func (e *events) lastUpdate(conv string) *chorusv1.Conversation {
	e.mu.Lock()
	defer e.mu.Unlock()
	for i := len(e.updates) - 1; i >= 0; i-- {
		if c := e.updates[i]; c.GetId() == conv {
			return c
		}
	}
	return nil
}

func (b *inbox) in(conv string) []*chorusv1.Message {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []*chorusv1.Message
	for _, m := range b.msgs {
		if m.GetConversationId() == conv {
			out = append(out, m)
		}
	}
	return out
}

func seqs(msgs []*chorusv1.Message) []uint64 {
	out := make([]uint64, len(msgs))
	for i, m := range msgs {
		out[i] = m.GetSeq()
	}
	return out
}

func mustCode(t *testing.T, what string, err error, code chorusv1.ErrorCode) {
	t.Helper()
	if !client.IsCode(err, code) {
		t.Fatalf("%s: err = %v, want %v", what, err, code)
	}
}

// entry returns c's conversation-list entry for conv, failing when absent.
func entry(t *testing.T, ctx context.Context, c *client.Client, conv string) *chorusv1.Conversation {
	t.Helper()
	convs, err := c.Conversations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range convs {
		if e.GetId() == conv {
			return e
		}
	}
	t.Fatalf("%s is not in %s's conversation list", conv, c.UserID())
	return nil
}

// TestGroupChatAndOfflineMember: a group of three chats while one member
// is offline; that member connects, syncs, and gets every message exactly
// once, in order. A user outside the group is refused with NOT_MEMBER.
func TestGroupChatAndOfflineMember(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	tn := startNode(t, "", nil)
	aliceTok, bobTok, carolTok, daveTok := tn.createUser(t, "alice"), tn.createUser(t, "bob"), tn.createUser(t, "carol"), tn.createUser(t, "dave")

	var aBox, bBox inbox
	alice := dial(t, ctx, client.Options{Addr: "tcp://" + tn.TCPAddr(), Token: aliceTok, DeviceID: "a1", OnMessage: aBox.add})
	bob := dial(t, ctx, client.Options{Addr: tn.wsURL(), Token: bobTok, DeviceID: "b1", OnMessage: bBox.add})

	res, err := alice.CreateGroup(ctx, &chorusv1.CreateGroupRequest{GroupId: "team", Name: "Team", MemberIds: []string{"bob", "carol"}})
	if err != nil {
		t.Fatal(err)
	}
	g := res.GetGroup()
	if g.GetConversationId() != "g:team" || g.GetOwnerId() != "alice" || g.GetMemberCount() != 3 || g.GetLastSeq() != 1 {
		t.Fatalf("created group %v", g)
	}
	if _, err := alice.SendText(ctx, "g:team", "hello team"); err != nil {
		t.Fatal(err)
	}
	if _, err := bob.SendText(ctx, "g:team", "hi alice"); err != nil {
		t.Fatal(err)
	}
	if _, err := alice.SendText(ctx, "g:team", "carol is away"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "both online members to have the event and three messages", func() bool {
		return len(aBox.in("g:team")) == 4 && len(bBox.in("g:team")) == 4
	})
	if ev := bBox.in("g:team")[0].GetContent().GetGroupEvent(); ev.GetKind() != chorusv1.GroupEvent_KIND_CREATED ||
		ev.GetActorId() != "alice" || !slices.Contains(ev.GetUserIds(), "carol") {
		t.Fatalf("bob's first group message is %v, want the creation event", bBox.in("g:team")[0])
	}

	// Carol was never online: the group is found by syncing.
	var cBox inbox
	carol := dial(t, ctx, client.Options{Addr: "tcp://" + tn.TCPAddr(), Token: carolTok, DeviceID: "c1", OnMessage: cBox.add})
	if _, err := carol.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "carol to catch up", func() bool { return len(cBox.in("g:team")) >= 4 })
	got := cBox.in("g:team")
	if fmt.Sprint(seqs(got)) != "[1 2 3 4]" || got[3].GetContent().GetText().GetText() != "carol is away" {
		t.Fatalf("carol synced %v", got)
	}
	if e := entry(t, ctx, carol, "g:team"); e.GetUnreadCount() != 4 || e.GetName() != "Team" ||
		e.GetMemberCount() != 3 || e.GetRole() != chorusv1.GroupRole_GROUP_ROLE_MEMBER || e.GetLastSeq() != 4 {
		t.Fatalf("carol's entry %v", e)
	}
	// A second sync finds nothing new: each message exactly once.
	if _, err := carol.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := carol.SendText(ctx, "g:team", "back now"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "everyone to have carol's message", func() bool {
		return len(aBox.in("g:team")) == 5 && len(bBox.in("g:team")) == 5 && len(cBox.in("g:team")) == 5
	})

	// Dave is not a member: he can neither read nor write nor look.
	dave := dial(t, ctx, client.Options{Addr: "tcp://" + tn.TCPAddr(), Token: daveTok, DeviceID: "d1"})
	_, err = dave.SendText(ctx, "g:team", "let me in")
	mustCode(t, "non-member send", err, chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER)
	_, err = dave.Pull(ctx, client.PullRequest{ConversationID: "g:team"})
	mustCode(t, "non-member pull", err, chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER)
	_, err = dave.GetGroup(ctx, &chorusv1.GetGroupRequest{GroupId: "team"})
	mustCode(t, "non-member get group", err, chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER)
	_, err = dave.JoinGroup(ctx, &chorusv1.JoinGroupRequest{GroupId: "team"})
	mustCode(t, "joining an invitation-only group", err, chorusv1.ErrorCode_ERROR_CODE_PERMISSION_DENIED)
	_, err = dave.AddGroupMembers(ctx, &chorusv1.AddGroupMembersRequest{GroupId: "team", UserIds: []string{"dave"}})
	mustCode(t, "non-member adding", err, chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER)
	_, err = bob.AddGroupMembers(ctx, &chorusv1.AddGroupMembersRequest{GroupId: "team", UserIds: []string{"dave"}})
	mustCode(t, "plain member adding", err, chorusv1.ErrorCode_ERROR_CODE_PERMISSION_DENIED)

	// An open group lets him join by himself; he sees only what follows.
	if _, err := alice.UpdateGroup(ctx, &chorusv1.UpdateGroupRequest{GroupId: "team", JoinPolicy: chorusv1.JoinPolicy_JOIN_POLICY_OPEN.Enum()}); err != nil {
		t.Fatal(err)
	}
	if _, err := dave.JoinGroup(ctx, &chorusv1.JoinGroupRequest{GroupId: "team"}); err != nil {
		t.Fatal(err)
	}
	pulled, err := dave.Pull(ctx, client.PullRequest{ConversationID: "g:team"})
	if err != nil {
		t.Fatal(err)
	}
	if len(pulled.GetMessages()) != 1 || pulled.GetMessages()[0].GetContent().GetGroupEvent().GetKind() != chorusv1.GroupEvent_KIND_MEMBER_JOINED {
		t.Fatalf("dave, who just joined, reads %v", pulled.GetMessages())
	}
}

// TestGroupModeration: muted members and muted groups are refused with
// MUTED; an admin removes a member, who then reads nothing new but keeps
// the history up to the removal; the owner cannot leave.
func TestGroupModeration(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	tn := startNode(t, "", nil)
	aliceTok, bobTok, carolTok := tn.createUser(t, "alice"), tn.createUser(t, "bob"), tn.createUser(t, "carol")

	var cBox inbox
	alice := dial(t, ctx, client.Options{Addr: "tcp://" + tn.TCPAddr(), Token: aliceTok, DeviceID: "a1"})
	bob := dial(t, ctx, client.Options{Addr: "tcp://" + tn.TCPAddr(), Token: bobTok, DeviceID: "b1"})
	carol := dial(t, ctx, client.Options{Addr: tn.wsURL(), Token: carolTok, DeviceID: "c1", OnMessage: cBox.add})
	if _, err := alice.CreateGroup(ctx, &chorusv1.CreateGroupRequest{GroupId: "mod", MemberIds: []string{"bob", "carol"}}); err != nil {
		t.Fatal(err)
	}

	// A muted member is refused until unmuted.
	if _, err := alice.MuteGroupMember(ctx, &chorusv1.MuteGroupMemberRequest{GroupId: "mod", UserId: "carol", DurationSeconds: 3600}); err != nil {
		t.Fatal(err)
	}
	_, err := carol.SendText(ctx, "g:mod", "can I talk?")
	mustCode(t, "muted member send", err, chorusv1.ErrorCode_ERROR_CODE_MUTED)
	_, err = bob.MuteGroupMember(ctx, &chorusv1.MuteGroupMemberRequest{GroupId: "mod", UserId: "carol"})
	mustCode(t, "plain member unmuting", err, chorusv1.ErrorCode_ERROR_CODE_PERMISSION_DENIED)
	if _, err := alice.MuteGroupMember(ctx, &chorusv1.MuteGroupMemberRequest{GroupId: "mod", UserId: "carol"}); err != nil {
		t.Fatal(err)
	}
	if _, err := carol.SendText(ctx, "g:mod", "thanks"); err != nil {
		t.Fatal(err)
	}

	// A muted group: only admins and the owner talk.
	if _, err := alice.UpdateGroup(ctx, &chorusv1.UpdateGroupRequest{GroupId: "mod", Muted: ptr(true)}); err != nil {
		t.Fatal(err)
	}
	_, err = carol.SendText(ctx, "g:mod", "hello?")
	mustCode(t, "member send in a muted group", err, chorusv1.ErrorCode_ERROR_CODE_MUTED)
	if _, err := alice.SetGroupMemberRole(ctx, &chorusv1.SetGroupMemberRoleRequest{GroupId: "mod", UserId: "bob", Role: chorusv1.GroupRole_GROUP_ROLE_ADMIN}); err != nil {
		t.Fatal(err)
	}
	if _, err := bob.SendText(ctx, "g:mod", "admins may speak"); err != nil {
		t.Fatalf("admin send in a muted group: %v", err)
	}
	if _, err := alice.UpdateGroup(ctx, &chorusv1.UpdateGroupRequest{GroupId: "mod", Muted: ptr(false)}); err != nil {
		t.Fatal(err)
	}
	if _, err := carol.SendText(ctx, "g:mod", "before I go"); err != nil {
		t.Fatal(err)
	}

	// Bob, now an admin, removes carol. She gets the removal event.
	removed, err := bob.RemoveGroupMembers(ctx, &chorusv1.RemoveGroupMembersRequest{GroupId: "mod", UserIds: []string{"carol"}})
	if err != nil || fmt.Sprint(removed.GetRemovedUserIds()) != "[carol]" || removed.GetGroup().GetMemberCount() != 2 {
		t.Fatalf("remove: %v %v", removed, err)
	}
	waitFor(t, "carol to see her removal", func() bool {
		msgs := cBox.in("g:mod")
		return len(msgs) > 0 && msgs[len(msgs)-1].GetContent().GetGroupEvent().GetKind() == chorusv1.GroupEvent_KIND_MEMBERS_REMOVED
	})
	had := cBox.in("g:mod")
	removalSeq := had[len(had)-1].GetSeq()

	if _, err := alice.SendText(ctx, "g:mod", "carol is gone"); err != nil {
		t.Fatal(err)
	}
	// New messages are not for her: not pushed, not readable, not writable.
	_, err = carol.SendText(ctx, "g:mod", "wait")
	mustCode(t, "removed member send", err, chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER)
	pulled, err := carol.Pull(ctx, client.PullRequest{ConversationID: "g:mod", Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(seqs(pulled.GetMessages())) != fmt.Sprint(seqs(had)) {
		t.Fatalf("carol reads seqs %v after removal, want exactly what she had: %v", seqs(pulled.GetMessages()), seqs(had))
	}
	if e := entry(t, ctx, carol, "g:mod"); !e.GetLeft() || e.GetLastSeq() != removalSeq {
		t.Fatalf("carol's entry after removal %v, want left at seq %d", e, removalSeq)
	}
	if n := len(cBox.in("g:mod")); n != len(had) {
		t.Fatalf("carol received %d group messages after her removal", n-len(had))
	}

	// Nobody removes the owner, and the owner does not leave.
	_, err = bob.RemoveGroupMembers(ctx, &chorusv1.RemoveGroupMembersRequest{GroupId: "mod", UserIds: []string{"alice"}})
	mustCode(t, "admin removing the owner", err, chorusv1.ErrorCode_ERROR_CODE_PERMISSION_DENIED)
	_, err = alice.LeaveGroup(ctx, &chorusv1.LeaveGroupRequest{GroupId: "mod"})
	mustCode(t, "owner leaving", err, chorusv1.ErrorCode_ERROR_CODE_OWNER_CANNOT_LEAVE)
	if _, err := alice.TransferGroupOwner(ctx, &chorusv1.TransferGroupOwnerRequest{GroupId: "mod", NewOwnerId: "bob"}); err != nil {
		t.Fatal(err)
	}
	if _, err := alice.LeaveGroup(ctx, &chorusv1.LeaveGroupRequest{GroupId: "mod"}); err != nil {
		t.Fatalf("old owner leaving after the transfer: %v", err)
	}
	if _, err := bob.DissolveGroup(ctx, &chorusv1.DissolveGroupRequest{GroupId: "mod"}); err != nil {
		t.Fatal(err)
	}
	_, err = bob.SendText(ctx, "g:mod", "anyone?")
	mustCode(t, "send to a dissolved group", err, chorusv1.ErrorCode_ERROR_CODE_GROUP_DISSOLVED)
	if e := entry(t, ctx, bob, "g:mod"); !e.GetDissolved() {
		t.Fatalf("bob's entry of the dissolved group %v", e)
	}
}

// TestUnreadAndReceiptsAcrossDevices: reading on the phone clears the
// unread count on the desktop, and the sender sees the read receipt.
// Group receipts count readers and name them.
func TestUnreadAndReceiptsAcrossDevices(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	tn := startNode(t, "", nil)
	aliceTok, bobTok := tn.createUser(t, "alice"), tn.createUser(t, "bob")
	carolTok := tn.createUser(t, "carol")

	var aEv, deskEv events
	var phoneBox, deskBox inbox
	alice := dial(t, ctx, client.Options{Addr: "tcp://" + tn.TCPAddr(), Token: aliceTok, DeviceID: "a1", OnReceipt: aEv.receipt})
	phone := dial(t, ctx, client.Options{Addr: tn.wsURL(), Token: bobTok, DeviceID: "b-phone", Platform: chorusv1.Platform_PLATFORM_IOS,
		OnMessage: phoneBox.add, AutoDeliveryAck: true})
	desk := dial(t, ctx, client.Options{Addr: "tcp://" + tn.TCPAddr(), Token: bobTok, DeviceID: "b-desk", Platform: chorusv1.Platform_PLATFORM_DESKTOP,
		OnMessage: deskBox.add, OnReceipt: deskEv.receipt, OnConversationUpdate: deskEv.update})

	const direct = "p:alice:bob"
	for i := range 3 {
		if _, err := alice.SendText(ctx, "bob", fmt.Sprintf("message %d", i+1)); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, "both of bob's devices to have three messages", func() bool {
		return len(phoneBox.in(direct)) == 3 && len(deskBox.in(direct)) == 3
	})
	if e := entry(t, ctx, desk, direct); e.GetUnreadCount() != 3 {
		t.Fatalf("desktop entry before reading %v", e)
	}
	// The phone acks delivery by itself: alice sees the messages arrive.
	waitFor(t, "alice's delivered receipt", func() bool {
		r := aEv.lastReceipt(direct, "bob")
		return r != nil && r.GetDeliveredSeq() == 3
	})

	res, err := phone.MarkRead(ctx, direct, 2)
	if err != nil || res.GetReadSeq() != 2 || res.GetUnreadCount() != 1 {
		t.Fatalf("mark read: %v %v", res, err)
	}
	waitFor(t, "the desktop to learn of the read", func() bool {
		u := deskEv.lastUpdate(direct)
		r := deskEv.lastReceipt(direct, "bob")
		return u != nil && u.GetUnreadCount() == 1 && u.GetReadSeq() == 2 && r != nil && r.GetReadSeq() == 2
	})
	waitFor(t, "alice's read receipt", func() bool {
		r := aEv.lastReceipt(direct, "bob")
		return r != nil && r.GetReadSeq() == 2
	})
	if e := entry(t, ctx, desk, direct); e.GetUnreadCount() != 1 || e.GetReadSeq() != 2 {
		t.Fatalf("desktop entry after reading on the phone %v", e)
	}
	if e := entry(t, ctx, alice, direct); e.GetPeerReadSeq() != 2 {
		t.Fatalf("alice's entry %v, want peer_read_seq 2", e)
	}
	recs, err := alice.GetReceipts(ctx, direct, []uint64{2, 3})
	if err != nil || len(recs) != 2 || recs[0].GetReadCount() != 1 || fmt.Sprint(recs[0].GetReadBy()) != "[bob]" ||
		recs[1].GetReadCount() != 0 || recs[1].GetMemberCount() != 1 {
		t.Fatalf("direct receipts %v %v", recs, err)
	}

	// A group: two of the three others read the first message.
	dan := tn.createUser(t, "dan")
	carol := dial(t, ctx, client.Options{Addr: "tcp://" + tn.TCPAddr(), Token: carolTok, DeviceID: "c1"})
	danC := dial(t, ctx, client.Options{Addr: "tcp://" + tn.TCPAddr(), Token: dan, DeviceID: "d1"})
	if _, err := alice.CreateGroup(ctx, &chorusv1.CreateGroupRequest{GroupId: "rcpt", MemberIds: []string{"bob", "carol", "dan"}}); err != nil {
		t.Fatal(err)
	}
	ack, err := alice.SendText(ctx, "g:rcpt", "who reads this?")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []*client.Client{carol, danC} {
		if _, err := c.MarkRead(ctx, "g:rcpt", ack.GetSeq()); err != nil {
			t.Fatal(err)
		}
	}
	recs, err = phone.GetReceipts(ctx, "g:rcpt", []uint64{ack.GetSeq()})
	if err != nil || len(recs) != 1 {
		t.Fatalf("group receipts %v %v", recs, err)
	}
	r := recs[0]
	slices.Sort(r.ReadBy)
	if r.GetSenderId() != "alice" || r.GetMemberCount() != 3 || r.GetReadCount() != 2 || !r.GetReadersListed() ||
		fmt.Sprint(r.GetReadBy()) != "[carol dan]" {
		t.Fatalf("group receipt %v", r)
	}
}

// TestMentions: a mention by id and a mention of everyone count in the
// mentioned members' entries until they read past them.
func TestMentions(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	tn := startNode(t, "", nil)
	aliceTok, bobTok, carolTok := tn.createUser(t, "alice"), tn.createUser(t, "bob"), tn.createUser(t, "carol")
	alice := dial(t, ctx, client.Options{Addr: "tcp://" + tn.TCPAddr(), Token: aliceTok, DeviceID: "a1"})
	bob := dial(t, ctx, client.Options{Addr: "tcp://" + tn.TCPAddr(), Token: bobTok, DeviceID: "b1"})
	carol := dial(t, ctx, client.Options{Addr: "tcp://" + tn.TCPAddr(), Token: carolTok, DeviceID: "c1"})
	if _, err := alice.CreateGroup(ctx, &chorusv1.CreateGroupRequest{GroupId: "m", MemberIds: []string{"bob", "carol"}}); err != nil {
		t.Fatal(err)
	}
	// The creation event is unread for the others, not for its actor.
	if e := entry(t, ctx, alice, "g:m"); e.GetUnreadCount() != 0 || e.GetLastSeq() != 1 {
		t.Fatalf("alice's entry of the group she created %v", e)
	}
	first, err := alice.Send(ctx, client.Outgoing{ConversationID: "g:m", Content: text("@bob look"), MentionUserIDs: []string{"bob"}})
	if err != nil {
		t.Fatal(err)
	}
	if e := entry(t, ctx, bob, "g:m"); e.GetMentionCount() != 1 || e.GetUnreadCount() != 2 {
		t.Fatalf("bob's entry after a mention %v", e)
	}
	if e := entry(t, ctx, carol, "g:m"); e.GetMentionCount() != 0 {
		t.Fatalf("carol's entry counts bob's mention: %v", e)
	}
	_, err = carol.Send(ctx, client.Outgoing{ConversationID: "g:m", Content: text("@all"), MentionAll: true})
	mustCode(t, "plain member mentioning everyone", err, chorusv1.ErrorCode_ERROR_CODE_PERMISSION_DENIED)
	if _, err := alice.Send(ctx, client.Outgoing{ConversationID: "g:m", Content: text("@all meeting"), MentionAll: true}); err != nil {
		t.Fatal(err)
	}
	if e := entry(t, ctx, bob, "g:m"); e.GetMentionCount() != 2 {
		t.Fatalf("bob's entry after a mention of everyone %v", e)
	}
	if e := entry(t, ctx, carol, "g:m"); e.GetMentionCount() != 1 {
		t.Fatalf("carol's entry after a mention of everyone %v", e)
	}
	// Reading past the first mention leaves one.
	res, err := bob.MarkRead(ctx, "g:m", first.GetSeq())
	if err != nil || res.GetMentionCount() != 1 {
		t.Fatalf("bob's read mark %v %v", res, err)
	}
	// Sync since the last version returns only the entry that changed.
	_, v, err := carol.SyncConversations(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bob.UpdateConversationSettings(ctx, &chorusv1.ConversationSettingsRequest{ConversationId: "g:m", Pinned: ptr(true)}); err != nil {
		t.Fatal(err)
	}
	changed, _, err := carol.SyncConversations(ctx, v)
	if err != nil || len(changed) != 0 {
		t.Fatalf("carol's sync after bob pinned: %v %v, want nothing changed for her", changed, err)
	}
	if _, err := alice.SendText(ctx, "g:m", "new"); err != nil {
		t.Fatal(err)
	}
	changed, _, err = carol.SyncConversations(ctx, v)
	if err != nil || len(changed) != 1 || changed[0].GetId() != "g:m" || changed[0].GetUnreadCount() != 4 {
		t.Fatalf("carol's sync after a message: %v %v", changed, err)
	}
}

// TestDevicesAndKick: a user's sessions are listed by device, over the
// client protocol and the server API; the API signs one device out and
// that device is told not to reconnect.
func TestDevicesAndKick(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	tn := startNode(t, "", nil)
	tok := tn.createUser(t, "erin")
	kicked := make(chan *chorusv1.Disconnect, 1)
	phone := dial(t, ctx, client.Options{Addr: "tcp://" + tn.TCPAddr(), Token: tok, DeviceID: "erin-phone", Platform: chorusv1.Platform_PLATFORM_ANDROID,
		OnDisconnect: func(d *chorusv1.Disconnect, _ error) { kicked <- d }})
	desk := dial(t, ctx, client.Options{Addr: tn.wsURL(), Token: tok, DeviceID: "erin-desk", Platform: chorusv1.Platform_PLATFORM_DESKTOP})

	sessions, err := desk.ListSessions(ctx)
	if err != nil || len(sessions) != 2 || sessions[0].GetDeviceId() != "erin-desk" || sessions[1].GetDeviceId() != "erin-phone" ||
		sessions[0].GetTransport() != "ws" || sessions[1].GetPlatform() != chorusv1.Platform_PLATFORM_ANDROID ||
		sessions[1].GetSessionId() != phone.SessionID() {
		t.Fatalf("erin's sessions %v %v", sessions, err)
	}
	var res chorusv1.KickDeviceResult
	tn.mustCall(t, "KickDevice", &chorusv1.KickDeviceRequest{UserId: "erin", DeviceId: "erin-phone", Reason: "lost phone"}, &res)
	if res.GetSessionsClosed() != 1 {
		t.Fatalf("kick closed %d sessions", res.GetSessionsClosed())
	}
	select {
	case d := <-kicked:
		if d.GetCode() != chorusv1.DisconnectCode_DISCONNECT_CODE_REMOVED || d.GetReconnect() || d.GetReason() != "lost phone" {
			t.Fatalf("the phone was told %v", d)
		}
	case <-ctx.Done():
		t.Fatal("the phone was not disconnected")
	}
	var listed chorusv1.ListSessionsResult
	tn.mustCall(t, "ListSessions", &chorusv1.ListSessionsRequest{UserId: "erin"}, &listed)
	if len(listed.GetSessions()) != 1 || listed.GetSessions()[0].GetDeviceId() != "erin-desk" {
		t.Fatalf("sessions after the kick %v", listed.GetSessions())
	}
}

// TestReceiptsOfLargeGroups: past receipts.max_readers_group_size members
// a receipt counts readers without naming them.
func TestReceiptsOfLargeGroups(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	tn := startNode(t, "", func(c *config.Config) { c.Receipts.MaxReadersGroupSize = 3 })
	owner := dial(t, ctx, client.Options{Addr: "tcp://" + tn.TCPAddr(), Token: tn.createUser(t, "own"), DeviceID: "o1"})
	var readers []*client.Client
	ids := []string{"r1", "r2", "r3", "r4"}
	for _, id := range ids {
		readers = append(readers, dial(t, ctx, client.Options{Addr: "tcp://" + tn.TCPAddr(), Token: tn.createUser(t, id), DeviceID: id}))
	}
	if _, err := owner.CreateGroup(ctx, &chorusv1.CreateGroupRequest{GroupId: "big", MemberIds: ids}); err != nil {
		t.Fatal(err)
	}
	ack, err := owner.SendText(ctx, "g:big", "count us")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range readers[:3] {
		if _, err := r.MarkRead(ctx, "g:big", ack.GetSeq()); err != nil {
			t.Fatal(err)
		}
	}
	var res chorusv1.GetReceiptsResult
	tn.mustCall(t, "GetReceipts", &chorusv1.GetReceiptsRequest{ConversationId: "g:big", Seqs: []uint64{ack.GetSeq(), 99}}, &res)
	if len(res.GetReceipts()) != 1 {
		t.Fatalf("receipts %v, want one (seq 99 has no message)", res.GetReceipts())
	}
	r := res.GetReceipts()[0]
	if r.GetMemberCount() != 4 || r.GetReadCount() != 3 || r.GetReadersListed() || len(r.GetReadBy()) != 0 {
		t.Fatalf("receipt of a group over the readers limit %v, want 4 members, 3 read, no names", r)
	}
}
