package client

import (
	"context"
	"fmt"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
)

// Group operations. Each takes the request message of group.proto and
// returns its response; it is sent as a GroupRequest frame and done as
// this client's user (acting_user_id is ignored on the client protocol).
// Group changes reach every member as messages of the group conversation
// (content group_event), through OnMessage like any other message.
//
// The two reads (GetGroup, ListGroupMembers) are repeated on the next
// connection when one drops, like other requests. The changes are not
// idempotent (a repeated create makes a second group, a repeated leave
// fails with NOT_MEMBER), so they are sent at most once and fail with an
// error wrapping ErrConnectionLost when the outcome is unknown.

// groupOp sends one operation with call and picks its response out of the
// GroupResult.
func groupOp[Res any](ctx context.Context, call caller, op *chorusv1.GroupRequest, name string, get func(*chorusv1.GroupResult) *Res) (*Res, error) {
	r, err := request(ctx, call, &chorusv1.Frame{Body: &chorusv1.Frame_Group{Group: op}}, "group "+name, (*chorusv1.Frame).GetGroupResult)
	if err != nil {
		return nil, err
	}
	res := get(r)
	if res == nil {
		return nil, wrongGroupResult(name, r)
	}
	return res, nil
}

// CreateGroup creates a group with this user as its owner and
// req.MemberIds as its first members (req.GroupId empty: the server picks
// the id). Every member gets the creation event as the group
// conversation's first message.
func (c *Client) CreateGroup(ctx context.Context, req *chorusv1.CreateGroupRequest) (*chorusv1.CreateGroupResponse, error) {
	return groupOp(ctx, c.callOnce, &chorusv1.GroupRequest{Op: &chorusv1.GroupRequest_Create{Create: req}}, "create", (*chorusv1.GroupResult).GetCreate)
}

// GetGroup reads a group this user is a member of.
func (c *Client) GetGroup(ctx context.Context, req *chorusv1.GetGroupRequest) (*chorusv1.GetGroupResponse, error) {
	return groupOp(ctx, c.call, &chorusv1.GroupRequest{Op: &chorusv1.GroupRequest_Get{Get: req}}, "get", (*chorusv1.GroupResult).GetGet)
}

// UpdateGroup changes the group fields that are set in req (admins only),
// including muting the whole group.
func (c *Client) UpdateGroup(ctx context.Context, req *chorusv1.UpdateGroupRequest) (*chorusv1.UpdateGroupResponse, error) {
	return groupOp(ctx, c.callOnce, &chorusv1.GroupRequest{Op: &chorusv1.GroupRequest_Update{Update: req}}, "update", (*chorusv1.GroupResult).GetUpdate)
}

// AddGroupMembers adds users to a group (admins only); users who are
// already members are skipped.
func (c *Client) AddGroupMembers(ctx context.Context, req *chorusv1.AddGroupMembersRequest) (*chorusv1.AddGroupMembersResponse, error) {
	return groupOp(ctx, c.callOnce, &chorusv1.GroupRequest{Op: &chorusv1.GroupRequest_AddMembers{AddMembers: req}}, "add_members", (*chorusv1.GroupResult).GetAddMembers)
}

// RemoveGroupMembers removes members from a group (admins remove
// members, only the owner removes admins).
func (c *Client) RemoveGroupMembers(ctx context.Context, req *chorusv1.RemoveGroupMembersRequest) (*chorusv1.RemoveGroupMembersResponse, error) {
	return groupOp(ctx, c.callOnce, &chorusv1.GroupRequest{Op: &chorusv1.GroupRequest_RemoveMembers{RemoveMembers: req}}, "remove_members", (*chorusv1.GroupResult).GetRemoveMembers)
}

// JoinGroup makes this user a member of an open group.
func (c *Client) JoinGroup(ctx context.Context, req *chorusv1.JoinGroupRequest) (*chorusv1.JoinGroupResponse, error) {
	return groupOp(ctx, c.callOnce, &chorusv1.GroupRequest{Op: &chorusv1.GroupRequest_Join{Join: req}}, "join", (*chorusv1.GroupResult).GetJoin)
}

// LeaveGroup takes this user out of a group; the owner must transfer
// ownership first (OWNER_CANNOT_LEAVE). The history up to leaving stays
// readable.
func (c *Client) LeaveGroup(ctx context.Context, req *chorusv1.LeaveGroupRequest) (*chorusv1.LeaveGroupResponse, error) {
	return groupOp(ctx, c.callOnce, &chorusv1.GroupRequest{Op: &chorusv1.GroupRequest_Leave{Leave: req}}, "leave", (*chorusv1.GroupResult).GetLeave)
}

// DissolveGroup ends a group (owner only): its history stays readable,
// it takes no more messages or changes.
func (c *Client) DissolveGroup(ctx context.Context, req *chorusv1.DissolveGroupRequest) (*chorusv1.DissolveGroupResponse, error) {
	return groupOp(ctx, c.callOnce, &chorusv1.GroupRequest{Op: &chorusv1.GroupRequest_Dissolve{Dissolve: req}}, "dissolve", (*chorusv1.GroupResult).GetDissolve)
}

// SetGroupMemberRole makes a member an admin or a plain member (owner
// only).
func (c *Client) SetGroupMemberRole(ctx context.Context, req *chorusv1.SetGroupMemberRoleRequest) (*chorusv1.SetGroupMemberRoleResponse, error) {
	return groupOp(ctx, c.callOnce, &chorusv1.GroupRequest{Op: &chorusv1.GroupRequest_SetRole{SetRole: req}}, "set_role", (*chorusv1.GroupResult).GetSetRole)
}

// TransferGroupOwner makes another member the owner; this user, the old
// owner, becomes an admin.
func (c *Client) TransferGroupOwner(ctx context.Context, req *chorusv1.TransferGroupOwnerRequest) (*chorusv1.TransferGroupOwnerResponse, error) {
	return groupOp(ctx, c.callOnce, &chorusv1.GroupRequest{Op: &chorusv1.GroupRequest_TransferOwner{TransferOwner: req}}, "transfer_owner", (*chorusv1.GroupResult).GetTransferOwner)
}

// MuteGroupMember stops a member from sending for req.DurationSeconds
// (0 unmutes). Admins mute members; only the owner mutes admins.
func (c *Client) MuteGroupMember(ctx context.Context, req *chorusv1.MuteGroupMemberRequest) (*chorusv1.MuteGroupMemberResponse, error) {
	return groupOp(ctx, c.callOnce, &chorusv1.GroupRequest{Op: &chorusv1.GroupRequest_MuteMember{MuteMember: req}}, "mute_member", (*chorusv1.GroupResult).GetMuteMember)
}

// ListGroupMembers reads one page of a group's members, ordered by user
// id; page on with req.AfterUserId = NextAfterUserId until it is empty.
func (c *Client) ListGroupMembers(ctx context.Context, req *chorusv1.ListGroupMembersRequest) (*chorusv1.ListGroupMembersResponse, error) {
	return groupOp(ctx, c.call, &chorusv1.GroupRequest{Op: &chorusv1.GroupRequest_ListMembers{ListMembers: req}}, "list_members", (*chorusv1.GroupResult).GetListMembers)
}

func wrongGroupResult(name string, r *chorusv1.GroupResult) error {
	return fmt.Errorf("chorus: group %s got a result of the wrong kind (%T)", name, r.GetOp())
}
