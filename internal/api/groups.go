package api

import (
	"context"

	"connectrpc.com/connect"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
)

// Group RPCs: each runs the core operation as req.acting_user_id, or as
// the system when it is empty (which may do everything).

// actingRequest is a group request message: a *T with acting_user_id.
type actingRequest[T any] interface {
	*T
	GetActingUserId() string
}

// asActor validates acting_user_id (required when needActor is set) and
// runs op as that user.
func asActor[T any, PT actingRequest[T], Res any](ctx context.Context, req *connect.Request[T], needActor bool,
	op func(context.Context, string, PT) (*Res, error)) (*connect.Response[Res], error) {
	m := PT(msg(req))
	actor := m.GetActingUserId()
	if needActor {
		if err := needUser("acting_user_id", actor); err != nil {
			return nil, err
		}
	} else if err := optionalUser("acting_user_id", actor); err != nil {
		return nil, err
	}
	return respond(op(ctx, actor, m))
}

// CreateGroup implements BackendService.
func (s *Server) CreateGroup(ctx context.Context, req *connect.Request[chorusv1.CreateGroupRequest]) (*connect.Response[chorusv1.CreateGroupResponse], error) {
	return asActor(ctx, req, false, s.core.CreateGroup)
}

// GetGroup implements BackendService.
func (s *Server) GetGroup(ctx context.Context, req *connect.Request[chorusv1.GetGroupRequest]) (*connect.Response[chorusv1.GetGroupResponse], error) {
	return asActor(ctx, req, false, s.core.GetGroup)
}

// UpdateGroup implements BackendService.
func (s *Server) UpdateGroup(ctx context.Context, req *connect.Request[chorusv1.UpdateGroupRequest]) (*connect.Response[chorusv1.UpdateGroupResponse], error) {
	return asActor(ctx, req, false, s.core.UpdateGroup)
}

// AddGroupMembers implements BackendService.
func (s *Server) AddGroupMembers(ctx context.Context, req *connect.Request[chorusv1.AddGroupMembersRequest]) (*connect.Response[chorusv1.AddGroupMembersResponse], error) {
	return asActor(ctx, req, false, s.core.AddGroupMembers)
}

// RemoveGroupMembers implements BackendService.
func (s *Server) RemoveGroupMembers(ctx context.Context, req *connect.Request[chorusv1.RemoveGroupMembersRequest]) (*connect.Response[chorusv1.RemoveGroupMembersResponse], error) {
	return asActor(ctx, req, false, s.core.RemoveGroupMembers)
}

// JoinGroup implements BackendService. The system cannot join, so
// acting_user_id is required.
func (s *Server) JoinGroup(ctx context.Context, req *connect.Request[chorusv1.JoinGroupRequest]) (*connect.Response[chorusv1.JoinGroupResponse], error) {
	return asActor(ctx, req, true, s.core.JoinGroup)
}

// LeaveGroup implements BackendService. acting_user_id is required: it is
// who leaves.
func (s *Server) LeaveGroup(ctx context.Context, req *connect.Request[chorusv1.LeaveGroupRequest]) (*connect.Response[chorusv1.LeaveGroupResponse], error) {
	return asActor(ctx, req, true, s.core.LeaveGroup)
}

// DissolveGroup implements BackendService.
func (s *Server) DissolveGroup(ctx context.Context, req *connect.Request[chorusv1.DissolveGroupRequest]) (*connect.Response[chorusv1.DissolveGroupResponse], error) {
	return asActor(ctx, req, false, s.core.DissolveGroup)
}

// SetGroupMemberRole implements BackendService.
func (s *Server) SetGroupMemberRole(ctx context.Context, req *connect.Request[chorusv1.SetGroupMemberRoleRequest]) (*connect.Response[chorusv1.SetGroupMemberRoleResponse], error) {
	return asActor(ctx, req, false, s.core.SetGroupMemberRole)
}

// TransferGroupOwner implements BackendService.
func (s *Server) TransferGroupOwner(ctx context.Context, req *connect.Request[chorusv1.TransferGroupOwnerRequest]) (*connect.Response[chorusv1.TransferGroupOwnerResponse], error) {
	return asActor(ctx, req, false, s.core.TransferGroupOwner)
}

// MuteGroupMember implements BackendService.
func (s *Server) MuteGroupMember(ctx context.Context, req *connect.Request[chorusv1.MuteGroupMemberRequest]) (*connect.Response[chorusv1.MuteGroupMemberResponse], error) {
	return asActor(ctx, req, false, s.core.MuteGroupMember)
}

// ListGroupMembers implements BackendService.
func (s *Server) ListGroupMembers(ctx context.Context, req *connect.Request[chorusv1.ListGroupMembersRequest]) (*connect.Response[chorusv1.ListGroupMembersResponse], error) {
	return asActor(ctx, req, false, s.core.ListGroupMembers)
}
