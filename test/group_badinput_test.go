package test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
)

func groupFrame(id uint64, op *chorusv1.GroupRequest) *chorusv1.Frame {
	return &chorusv1.Frame{Id: id, Body: &chorusv1.Frame_Group{Group: op}}
}

// TestBadGroupAndListRequests sends malformed and forbidden requests of
// the new kinds over a raw connection: each gets its documented code on
// its request id, nothing changes, and the node keeps serving.
func TestBadGroupAndListRequests(t *testing.T) {
	tn := startNode(t, "", nil)
	alice := tn.createUser(t, "alice")
	tn.createUser(t, "bob")
	carol := tn.createUser(t, "carol")
	tn.mustCall(t, "CreateGroup", &chorusv1.CreateGroupRequest{GroupId: "g1", OwnerId: "alice", MemberIds: []string{"bob"}}, &chorusv1.CreateGroupResponse{})

	a := dialRaw(t, tn.TCPAddr())
	a.auth(alice, "a1")
	c := dialRaw(t, tn.TCPAddr())
	c.auth(carol, "c1")
	invalid := chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT
	many := make([]string, 1001)
	for i := range many {
		many[i] = fmt.Sprintf("u%d", i)
	}
	for i, tc := range []struct {
		name string
		conn *rawConn
		body *chorusv1.Frame
		code chorusv1.ErrorCode
	}{
		{"group request without an op", a, groupFrame(0, &chorusv1.GroupRequest{}), invalid},
		{"malformed group id", a, groupFrame(0, &chorusv1.GroupRequest{Op: &chorusv1.GroupRequest_Get{Get: &chorusv1.GetGroupRequest{GroupId: "no/slashes"}}}), invalid},
		{"missing group", a, groupFrame(0, &chorusv1.GroupRequest{Op: &chorusv1.GroupRequest_AddMembers{AddMembers: &chorusv1.AddGroupMembersRequest{GroupId: "nope", UserIds: []string{"bob"}}}}), chorusv1.ErrorCode_ERROR_CODE_CONVERSATION_NOT_FOUND},
		{"taken group id", a, groupFrame(0, &chorusv1.GroupRequest{Op: &chorusv1.GroupRequest_Create{Create: &chorusv1.CreateGroupRequest{GroupId: "g1"}}}), chorusv1.ErrorCode_ERROR_CODE_CONVERSATION_ALREADY_EXISTS},
		{"name too long", a, groupFrame(0, &chorusv1.GroupRequest{Op: &chorusv1.GroupRequest_Create{Create: &chorusv1.CreateGroupRequest{Name: strings.Repeat("n", 200)}}}), invalid},
		{"member who does not exist", a, groupFrame(0, &chorusv1.GroupRequest{Op: &chorusv1.GroupRequest_AddMembers{AddMembers: &chorusv1.AddGroupMembersRequest{GroupId: "g1", UserIds: []string{"ghost"}}}}), chorusv1.ErrorCode_ERROR_CODE_USER_NOT_FOUND},
		{"too many users in one change", a, groupFrame(0, &chorusv1.GroupRequest{Op: &chorusv1.GroupRequest_AddMembers{AddMembers: &chorusv1.AddGroupMembersRequest{GroupId: "g1", UserIds: many}}}), invalid},
		{"no users", a, groupFrame(0, &chorusv1.GroupRequest{Op: &chorusv1.GroupRequest_RemoveMembers{RemoveMembers: &chorusv1.RemoveGroupMembersRequest{GroupId: "g1"}}}), invalid},
		{"owner as a role", a, groupFrame(0, &chorusv1.GroupRequest{Op: &chorusv1.GroupRequest_SetRole{SetRole: &chorusv1.SetGroupMemberRoleRequest{GroupId: "g1", UserId: "bob", Role: chorusv1.GroupRole_GROUP_ROLE_OWNER}}}), invalid},
		{"update with nothing to change", a, groupFrame(0, &chorusv1.GroupRequest{Op: &chorusv1.GroupRequest_Update{Update: &chorusv1.UpdateGroupRequest{GroupId: "g1"}}}), invalid},
		{"mute for years", a, groupFrame(0, &chorusv1.GroupRequest{Op: &chorusv1.GroupRequest_MuteMember{MuteMember: &chorusv1.MuteGroupMemberRequest{GroupId: "g1", UserId: "bob", DurationSeconds: 1 << 31}}}), invalid},
		{"non-member renaming", c, groupFrame(0, &chorusv1.GroupRequest{Op: &chorusv1.GroupRequest_Update{Update: &chorusv1.UpdateGroupRequest{GroupId: "g1", Name: ptr("mine")}}}), chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER},
		{"non-member listing members", c, groupFrame(0, &chorusv1.GroupRequest{Op: &chorusv1.GroupRequest_ListMembers{ListMembers: &chorusv1.ListGroupMembersRequest{GroupId: "g1"}}}), chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER},
		{"non-member receipts", c, &chorusv1.Frame{Body: &chorusv1.Frame_GetReceipts{GetReceipts: &chorusv1.GetReceiptsRequest{ConversationId: "g:g1", Seqs: []uint64{1}}}}, chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER},
		{"non-member pinning", c, &chorusv1.Frame{Body: &chorusv1.Frame_ConversationSettings{ConversationSettings: &chorusv1.ConversationSettingsRequest{ConversationId: "g:g1", Pinned: ptr(true)}}}, chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER},
		{"receipts without seqs", a, &chorusv1.Frame{Body: &chorusv1.Frame_GetReceipts{GetReceipts: &chorusv1.GetReceiptsRequest{ConversationId: "g:g1"}}}, invalid},
		{"receipts for too many seqs", a, &chorusv1.Frame{Body: &chorusv1.Frame_GetReceipts{GetReceipts: &chorusv1.GetReceiptsRequest{ConversationId: "g:g1", Seqs: make([]uint64, 101)}}}, invalid},
		{"settings with nothing to change", a, &chorusv1.Frame{Body: &chorusv1.Frame_ConversationSettings{ConversationSettings: &chorusv1.ConversationSettingsRequest{ConversationId: "g:g1"}}}, invalid},
		{"forged list cursor", a, &chorusv1.Frame{Body: &chorusv1.Frame_ListConversations{ListConversations: &chorusv1.ListConversationsRequest{Cursor: "not-a-cursor"}}}, invalid},
		{"kick a malformed device id", a, &chorusv1.Frame{Body: &chorusv1.Frame_KickDevice{KickDevice: &chorusv1.KickDeviceRequest{DeviceId: "bad id"}}}, invalid},
		{"sending a group event", a, &chorusv1.Frame{Body: &chorusv1.Frame_Send{Send: &chorusv1.SendRequest{ConversationId: "g:g1",
			Content: &chorusv1.Content{Body: &chorusv1.Content_GroupEvent{GroupEvent: &chorusv1.GroupEvent{Kind: chorusv1.GroupEvent_KIND_DISSOLVED}}}}}}, invalid},
		{"mentioning a malformed id", a, &chorusv1.Frame{Body: &chorusv1.Frame_Send{Send: &chorusv1.SendRequest{ConversationId: "g:g1", Content: text("hi"), MentionUserIds: []string{"a:b"}}}}, invalid},
	} {
		tc.body.Id = uint64(100 + i)
		tc.conn.send(tc.body)
		f := tc.conn.reply(tc.body.Id)
		if errorCode(t, f) != tc.code || f.GetId() != tc.body.Id {
			t.Errorf("%s: answered %v, want %v", tc.name, f, tc.code)
		}
	}
	// None of it changed the group: it still holds only its creation event.
	if got := tn.history(t, "g:g1"); len(got) != 1 || got[0].GetContent().GetGroupEvent().GetKind() != chorusv1.GroupEvent_KIND_CREATED {
		t.Fatalf("bad requests changed the group: %v", got)
	}
	stillServes(t, tn, alice)
}

// TestConcurrentGroupChanges: members are added from many callers while
// others send; every change and message gets its own seq, without gaps,
// and every added user ends up a member.
func TestConcurrentGroupChanges(t *testing.T) {
	tn := startNode(t, "", nil)
	tn.createUser(t, "owner")
	tn.mustCall(t, "CreateGroup", &chorusv1.CreateGroupRequest{GroupId: "busy", OwnerId: "owner"}, &chorusv1.CreateGroupResponse{})
	const adders, perAdder, sends = 8, 5, 40
	for i := range adders * perAdder {
		tn.createUser(t, fmt.Sprintf("u%02d", i))
	}
	var wg sync.WaitGroup
	for a := range adders {
		wg.Go(func() {
			for k := range perAdder {
				u := fmt.Sprintf("u%02d", a*perAdder+k)
				if err := tn.call(t, "AddGroupMembers", &chorusv1.AddGroupMembersRequest{GroupId: "busy", UserIds: []string{u}}, &chorusv1.AddGroupMembersResponse{}); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Go(func() {
		for i := range sends {
			if err := tn.call(t, "SendMessage", &chorusv1.SendMessageRequest{FromUserId: "owner", ConversationId: "g:busy",
				ClientMsgId: fmt.Sprintf("m%d", i), Content: text("busy")}, &chorusv1.SendMessageResponse{}); err != nil {
				t.Error(err)
			}
		}
	})
	wg.Wait()
	var g chorusv1.GetGroupResponse
	tn.mustCall(t, "GetGroup", &chorusv1.GetGroupRequest{GroupId: "busy"}, &g)
	want := 1 + adders*perAdder + sends // creation, additions, messages
	if g.GetGroup().GetMemberCount() != 1+adders*perAdder || g.GetGroup().GetLastSeq() != uint64(want) {
		t.Fatalf("group after concurrent changes %v, want %d members and last seq %d", g.GetGroup(), 1+adders*perAdder, want)
	}
	var all []*chorusv1.Message
	for from := uint64(1); ; {
		var h chorusv1.GetHistoryResponse
		tn.mustCall(t, "GetHistory", &chorusv1.GetHistoryRequest{ConversationId: "g:busy", FromSeq: from, Limit: 200}, &h)
		all = append(all, h.GetMessages()...)
		if !h.GetHasMore() {
			break
		}
		from = all[len(all)-1].GetSeq() + 1
	}
	added := map[string]bool{}
	for i, m := range all {
		if m.GetSeq() != uint64(i+1) {
			t.Fatalf("history seq %d at position %d", m.GetSeq(), i)
		}
		for _, u := range m.GetContent().GetGroupEvent().GetUserIds() {
			added[u] = true
		}
	}
	if len(all) != want || len(added) != 1+adders*perAdder { // the owner is in the creation event
		t.Fatalf("history holds %d messages naming %d users, want %d and %d", len(all), len(added), want, 1+adders*perAdder)
	}
}
