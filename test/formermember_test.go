package test

import (
	"net/http"
	"testing"

	"google.golang.org/protobuf/proto"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
)

// TestFormerMemberSeesTheGroupAsItWas follows the report from outside
// testing: after mem was removed, the group was renamed, grew and got a
// new avatar, and mem's entry showed all of it. A former member's entry
// shows the group as it was when they left, a later mention of them does
// not move it, and their syncs stay quiet.
func TestFormerMemberSeesTheGroupAsItWas(t *testing.T) {
	tn := startNode(t, "", nil)
	for _, u := range []string{"own", "mem", "oth", "new1", "new2"} {
		tn.createUser(t, u)
	}
	var created chorusv1.CreateGroupResponse
	tn.mustCall(t, "CreateGroup", &chorusv1.CreateGroupRequest{GroupId: "team", Name: "Team", AvatarUrl: "https://example.com/team.png",
		OwnerId: "own", MemberIds: []string{"mem", "oth"}}, &created)
	tn.mustCall(t, "RemoveGroupMembers", &chorusv1.RemoveGroupMembersRequest{GroupId: "team", UserIds: []string{"mem"}}, &chorusv1.RemoveGroupMembersResponse{})
	entryOf := func(user string) (*chorusv1.Conversation, uint64) {
		t.Helper()
		var res chorusv1.ListConversationsResult
		tn.mustCall(t, "ListConversations", &chorusv1.ListConversationsRequest{UserId: user}, &res)
		for _, c := range res.Conversations {
			if c.GetId() == "g:team" {
				return c, res.GetVersion()
			}
		}
		t.Fatalf("%s's list has no g:team: %v", user, res.Conversations)
		return nil, 0
	}
	atRemoval, listVersion := entryOf("mem")

	tn.mustCall(t, "UpdateGroup", &chorusv1.UpdateGroupRequest{GroupId: "team", Name: ptr("Secret new name")}, &chorusv1.UpdateGroupResponse{})
	tn.mustCall(t, "AddGroupMembers", &chorusv1.AddGroupMembersRequest{GroupId: "team", UserIds: []string{"new1", "new2"}}, &chorusv1.AddGroupMembersResponse{})
	tn.mustCall(t, "UpdateGroup", &chorusv1.UpdateGroupRequest{GroupId: "team", AvatarUrl: ptr("https://example.com/secret.png")}, &chorusv1.UpdateGroupResponse{})
	tn.mustCall(t, "SendMessage", &chorusv1.SendMessageRequest{FromUserId: "own", ConversationId: "g:team",
		Content: text("mem, are you there?"), MentionUserIds: []string{"mem"}}, &chorusv1.SendMessageResponse{})

	mem, _ := entryOf("mem")
	if !mem.GetLeft() || mem.GetName() != "Team" || mem.GetAvatarUrl() != "https://example.com/team.png" || mem.GetMemberCount() != 2 {
		t.Fatalf("mem's entry %v; want left, Team, the old avatar, 2 members", mem)
	}
	if mem.GetVersion() != atRemoval.GetVersion() || mem.GetMentionCount() != 0 {
		t.Fatalf("mem's entry moved after the removal: version %d -> %d, mentions %d", atRemoval.GetVersion(), mem.GetVersion(), mem.GetMentionCount())
	}
	var sync chorusv1.SyncConversationsResult
	tn.mustCall(t, "SyncConversations", &chorusv1.SyncConversationsRequest{UserId: "mem", SinceVersion: listVersion}, &sync)
	if len(sync.Conversations) != 0 {
		t.Fatalf("mem's sync since the removal returns %v", sync.Conversations)
	}
	var entry chorusv1.ConversationSettingsResult
	tn.mustCall(t, "UpdateConversationSettings", &chorusv1.ConversationSettingsRequest{UserId: "mem", ConversationId: "g:team", Pinned: ptr(true)}, &entry)
	if c := entry.GetConversation(); c.GetName() != "Team" || c.GetMemberCount() != 2 || !c.GetPinned() {
		t.Fatalf("mem's entry after pinning %v", c)
	}
	if oth, _ := entryOf("oth"); oth.GetName() != "Secret new name" || oth.GetMemberCount() != 4 || oth.GetAvatarUrl() != "https://example.com/secret.png" {
		t.Fatalf("oth, still a member, sees %v", oth)
	}
}

// TestMissingGroupIsNotFound: the server API asked about a group or
// conversation that does not exist answers CONVERSATION_NOT_FOUND, not an
// empty result.
func TestMissingGroupIsNotFound(t *testing.T) {
	tn := startNode(t, "", nil)
	tn.createUser(t, "alice")
	tn.createUser(t, "bob")
	for _, tc := range []struct {
		method   string
		req, res proto.Message
	}{
		{"ListGroupMembers", &chorusv1.ListGroupMembersRequest{GroupId: "nope"}, &chorusv1.ListGroupMembersResponse{}},
		{"GetGroup", &chorusv1.GetGroupRequest{GroupId: "nope"}, &chorusv1.GetGroupResponse{}},
		{"GetReceipts", &chorusv1.GetReceiptsRequest{ConversationId: "g:nope", Seqs: []uint64{1}}, &chorusv1.GetReceiptsResult{}},
		{"GetReceipts", &chorusv1.GetReceiptsRequest{ConversationId: "p:alice:bob", Seqs: []uint64{1}}, &chorusv1.GetReceiptsResult{}},
	} {
		err := tn.call(t, tc.method, tc.req, tc.res)
		e, ok := err.(*apiError)
		if !ok || e.Status != http.StatusNotFound || e.Chorus.Code != "ERROR_CODE_CONVERSATION_NOT_FOUND" {
			t.Errorf("%s %v answered %v, want 404 CONVERSATION_NOT_FOUND", tc.method, tc.req, err)
		}
	}
	// A user is told NOT_MEMBER and learns nothing about which groups exist.
	err := tn.call(t, "ListGroupMembers", &chorusv1.ListGroupMembersRequest{GroupId: "nope", ActingUserId: "alice"}, &chorusv1.ListGroupMembersResponse{})
	if e, ok := err.(*apiError); !ok || e.Chorus.Code != "ERROR_CODE_NOT_MEMBER" {
		t.Fatalf("alice listing a missing group: %v, want NOT_MEMBER", err)
	}
}
