package core

import (
	"context"
	"slices"
	"strconv"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
)

// Group operations. actor is the acting user; "" acts as the system (the
// server API without acting_user_id), which may do everything.
//
// Every change runs on the committer (enqueueOp): the committer orders it
// with the sends around it, checks it against the group's current state,
// stores it with its event in one transaction, caches the new state and
// fans the event out in commit order. Checks that only read users run
// before, on the caller's goroutine.

const (
	// maxUsersPerChange bounds the users one request adds or removes, so
	// one change is one bounded transaction and one readable event.
	maxUsersPerChange = 1000
	// maxMuteSeconds bounds a member's mute (a little over a year).
	maxMuteSeconds     = 400 * 24 * 3600
	defaultMembersPage = 100
	maxMembersPage     = 1000
)

// CreateGroup creates a group with its owner and first members.
func (c *Core) CreateGroup(ctx context.Context, actor string, req *chorusv1.CreateGroupRequest) (*chorusv1.CreateGroupResponse, error) {
	gid := req.GetGroupId()
	if gid == "" {
		gid = "g" + strconv.FormatInt(c.ids.NextID(), 36)
	}
	if !im.ValidID(gid) {
		return nil, errInvalid("group_id must be 1 to 64 characters of A-Z a-z 0-9 _ . @ -")
	}
	if err := checkUserFields(req.GetName(), req.GetAvatarUrl(), req.GetAttributes()); err != nil {
		return nil, err
	}
	policy := req.GetJoinPolicy()
	if _, ok := chorusv1.JoinPolicy_name[int32(policy)]; !ok {
		return nil, errInvalid("unknown join_policy %d", policy)
	}
	owner := actor
	if owner == "" {
		owner = req.GetOwnerId()
		if owner == "" {
			return nil, errInvalid("owner_id is required when the system creates a group")
		}
	}
	ids, err := c.checkUsers(ctx, append([]string{owner}, req.GetMemberIds()...))
	if err != nil {
		return nil, err
	}
	if len(ids) > c.cfg.MaxGroupMembers {
		return nil, im.Errorf(chorusv1.ErrorCode_ERROR_CODE_GROUP_FULL, "a group has at most %d members", c.cfg.MaxGroupMembers)
	}
	id := im.GroupConversationID(gid)
	specs := make([]im.MemberSpec, len(ids))
	roles := make(map[string]memberState, len(ids))
	for i, u := range ids {
		role := chorusv1.GroupRole_GROUP_ROLE_MEMBER
		if u == owner {
			role = chorusv1.GroupRole_GROUP_ROLE_OWNER
		}
		specs[i] = im.MemberSpec{UserID: u, Role: role}
		roles[u] = memberState{role: role}
	}
	now := c.now()
	rec := &im.GroupRecord{
		ConversationID: id,
		Name:           req.GetName(),
		AvatarURL:      req.GetAvatarUrl(),
		Attributes:     withoutEmpty(req.GetAttributes()),
		JoinPolicy:     policy,
		CreatedAtMs:    now,
		UpdatedAtMs:    now,
	}
	err = c.enqueueOp(ctx, func(ctx context.Context) (*chorusv1.Message, []string, error) {
		ev, err := c.store.CreateGroup(ctx, rec, specs, c.groupEvent(id, &chorusv1.GroupEvent{
			Kind: chorusv1.GroupEvent_KIND_CREATED, ActorId: actor, UserIds: ids,
			Name: rec.Name, AvatarUrl: rec.AvatarURL, JoinPolicy: rec.JoinPolicy,
		}))
		if err != nil {
			return nil, nil, err
		}
		stored := *rec
		stored.OwnerID, stored.MemberCount, stored.LastSeq = owner, len(ids), ev.GetSeq()
		c.convs.put(id, &convInfo{
			kind:    chorusv1.ConversationKind_CONVERSATION_KIND_GROUP,
			members: ids,
			group:   &groupInfo{rec: &stored, roles: roles},
		})
		c.readOwnEvent(ctx, id, actor, ev)
		return ev, ids, nil
	})
	g, err := c.groupAfter(ctx, id, err)
	if err != nil {
		return nil, err
	}
	return &chorusv1.CreateGroupResponse{Group: g}, nil
}

// GetGroup reads a group; current members and the system may (a former
// member keeps the history, not the group).
func (c *Core) GetGroup(ctx context.Context, actor string, req *chorusv1.GetGroupRequest) (*chorusv1.GetGroupResponse, error) {
	id, err := c.readableGroup(ctx, actor, req.GetGroupId())
	g, err := c.groupAfter(ctx, id, err)
	if err != nil {
		return nil, err
	}
	return &chorusv1.GetGroupResponse{Group: g}, nil
}

// UpdateGroup changes a group's fields; admins only.
func (c *Core) UpdateGroup(ctx context.Context, actor string, req *chorusv1.UpdateGroupRequest) (*chorusv1.UpdateGroupResponse, error) {
	if req == nil {
		req = &chorusv1.UpdateGroupRequest{}
	}
	id, err := groupID(req.GetGroupId())
	if err != nil {
		return nil, err
	}
	upd := im.GroupUpdate{
		Name:              req.Name,
		AvatarURL:         req.AvatarUrl,
		Attributes:        req.GetAttributes(),
		ReplaceAttributes: req.GetReplaceAttributes(),
		JoinPolicy:        req.JoinPolicy,
		Muted:             req.Muted,
	}
	if upd.Name == nil && upd.AvatarURL == nil && upd.Attributes == nil && !upd.ReplaceAttributes && upd.JoinPolicy == nil && upd.Muted == nil {
		return nil, errInvalid("nothing to change")
	}
	if err := checkUserFields(req.GetName(), req.GetAvatarUrl(), req.GetAttributes()); err != nil {
		return nil, err
	}
	if p := req.JoinPolicy; p != nil {
		if _, ok := chorusv1.JoinPolicy_name[int32(*p)]; !ok {
			return nil, errInvalid("unknown join_policy %d", *p)
		}
	}
	err = c.changeGroup(ctx, id, actor, func(ctx context.Context, ci *convInfo) (*chorusv1.Message, []string, *convInfo, error) {
		if err := ci.group.atLeast(actor, chorusv1.GroupRole_GROUP_ROLE_ADMIN, id); err != nil {
			return nil, nil, nil, err
		}
		if n := mergedAttributes(ci.group.rec.Attributes, upd); n > maxAttributes {
			return nil, nil, nil, errInvalid("a group has at most %d attributes; this would make %d", maxAttributes, n)
		}
		// Muting alone is its own event, so clients can say "the group was
		// muted"; any other change reports every field's new value.
		kind := chorusv1.GroupEvent_KIND_UPDATED
		if upd.Muted != nil && upd.Name == nil && upd.AvatarURL == nil && upd.Attributes == nil &&
			!upd.ReplaceAttributes && upd.JoinPolicy == nil {
			kind = chorusv1.GroupEvent_KIND_GROUP_MUTED
		}
		// The event shows the values after the change.
		after := *ci.group.rec
		if upd.Name != nil {
			after.Name = *upd.Name
		}
		if upd.AvatarURL != nil {
			after.AvatarURL = *upd.AvatarURL
		}
		if upd.JoinPolicy != nil {
			after.JoinPolicy = *upd.JoinPolicy
		}
		if upd.Muted != nil {
			after.Muted = *upd.Muted
		}
		rec, ev, err := c.store.UpdateGroup(ctx, id, upd, c.groupEvent(id, &chorusv1.GroupEvent{
			Kind: kind, ActorId: actor, Name: after.Name, AvatarUrl: after.AvatarURL,
			JoinPolicy: after.JoinPolicy, Muted: after.Muted,
		}))
		if err != nil {
			return nil, nil, nil, err
		}
		next := &convInfo{kind: ci.kind, members: ci.members, group: &groupInfo{rec: rec, roles: ci.group.roles}}
		return ev, ci.members, next, nil
	})
	g, err := c.groupAfter(ctx, id, err)
	if err != nil {
		return nil, err
	}
	return &chorusv1.UpdateGroupResponse{Group: g}, nil
}

// AddGroupMembers adds users as members; admins only.
func (c *Core) AddGroupMembers(ctx context.Context, actor string, req *chorusv1.AddGroupMembersRequest) (*chorusv1.AddGroupMembersResponse, error) {
	id, err := groupID(req.GetGroupId())
	if err != nil {
		return nil, err
	}
	users, err := c.checkUsers(ctx, req.GetUserIds())
	if err != nil {
		return nil, err
	}
	mutes, err := c.priorMutes(ctx, id, users)
	if err != nil {
		return nil, err
	}
	var added []string
	err = c.changeGroup(ctx, id, actor, func(ctx context.Context, ci *convInfo) (*chorusv1.Message, []string, *convInfo, error) {
		if err := ci.group.atLeast(actor, chorusv1.GroupRole_GROUP_ROLE_ADMIN, id); err != nil {
			return nil, nil, nil, err
		}
		added = added[:0]
		for _, u := range users {
			if _, ok := ci.group.roles[u]; !ok {
				added = append(added, u)
			}
		}
		return c.addMembers(ctx, ci, id, added, mutes, &chorusv1.GroupEvent{
			Kind: chorusv1.GroupEvent_KIND_MEMBERS_ADDED, ActorId: actor, UserIds: added,
		})
	})
	g, err := c.groupAfter(ctx, id, err)
	if err != nil {
		return nil, err
	}
	return &chorusv1.AddGroupMembersResponse{Group: g, AddedUserIds: added}, nil
}

// JoinGroup adds actor to an open group.
func (c *Core) JoinGroup(ctx context.Context, actor string, req *chorusv1.JoinGroupRequest) (*chorusv1.JoinGroupResponse, error) {
	id, err := groupID(req.GetGroupId())
	if err != nil {
		return nil, err
	}
	if actor == "" {
		return nil, errInvalid("acting_user_id is required: it names the user who joins")
	}
	if _, err := c.checkUsers(ctx, []string{actor}); err != nil {
		return nil, err
	}
	mutes, err := c.priorMutes(ctx, id, []string{actor})
	if err != nil {
		return nil, err
	}
	err = c.changeGroup(ctx, id, actor, func(ctx context.Context, ci *convInfo) (*chorusv1.Message, []string, *convInfo, error) {
		if _, ok := ci.group.roles[actor]; ok {
			return nil, nil, nil, nil // already a member: nothing to do
		}
		if ci.group.rec.JoinPolicy != chorusv1.JoinPolicy_JOIN_POLICY_OPEN {
			return nil, nil, nil, im.Errorf(chorusv1.ErrorCode_ERROR_CODE_PERMISSION_DENIED, "group %s is invitation only", id)
		}
		return c.addMembers(ctx, ci, id, []string{actor}, mutes, &chorusv1.GroupEvent{
			Kind: chorusv1.GroupEvent_KIND_MEMBER_JOINED, ActorId: actor,
		})
	})
	g, err := c.groupAfter(ctx, id, err)
	if err != nil {
		return nil, err
	}
	return &chorusv1.JoinGroupResponse{Group: g}, nil
}

// priorMutes reads the mutes that users, when former members of group
// id, still carry: the store keeps a mute across leaving and rejoining,
// so leaving is no way out of it. It runs before the change, off the
// committer.
func (c *Core) priorMutes(ctx context.Context, id string, users []string) (map[string]int64, error) {
	mutes := map[string]int64{}
	now := c.now()
	for _, u := range users {
		m, err := c.store.GetMember(ctx, id, u)
		switch {
		case im.IsCode(err, chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER):
		case err != nil:
			return nil, err
		case m.LeftSeq > 0 && m.MutedUntilMs > now:
			mutes[u] = m.MutedUntilMs
		}
	}
	return mutes, nil
}

// addMembers stores users as new plain members with event, within a
// change run by changeGroup; mutes are those they carry from an earlier
// membership. No users is no change.
func (c *Core) addMembers(ctx context.Context, ci *convInfo, id string, users []string, mutes map[string]int64, ev *chorusv1.GroupEvent) (*chorusv1.Message, []string, *convInfo, error) {
	if len(users) == 0 {
		return nil, nil, nil, nil
	}
	if len(ci.members)+len(users) > c.cfg.MaxGroupMembers {
		return nil, nil, nil, im.Errorf(chorusv1.ErrorCode_ERROR_CODE_GROUP_FULL, "a group has at most %d members", c.cfg.MaxGroupMembers)
	}
	specs := make([]im.MemberSpec, len(users))
	for i, u := range users {
		specs[i] = im.MemberSpec{UserID: u, Role: chorusv1.GroupRole_GROUP_ROLE_MEMBER}
	}
	stored, err := c.store.ChangeMembers(ctx, id, im.MemberChange{Add: specs}, c.groupEvent(id, ev))
	if err != nil {
		return nil, nil, nil, err
	}
	next := ci.withMembers(stored.GetSeq(), func(roles map[string]memberState) {
		for _, u := range users {
			roles[u] = memberState{role: chorusv1.GroupRole_GROUP_ROLE_MEMBER, mutedUntilMs: mutes[u]}
		}
	})
	return stored, next.members, next, nil
}

// RemoveGroupMembers removes members; admins remove plain members, the
// owner also admins, nobody the owner.
func (c *Core) RemoveGroupMembers(ctx context.Context, actor string, req *chorusv1.RemoveGroupMembersRequest) (*chorusv1.RemoveGroupMembersResponse, error) {
	id, err := groupID(req.GetGroupId())
	if err != nil {
		return nil, err
	}
	users, err := distinctIDs(req.GetUserIds())
	if err != nil {
		return nil, err
	}
	if actor != "" && slices.Contains(users, actor) {
		return nil, errInvalid("to remove yourself, leave the group")
	}
	var removed []string
	err = c.changeGroup(ctx, id, actor, func(ctx context.Context, ci *convInfo) (*chorusv1.Message, []string, *convInfo, error) {
		g := ci.group
		if err := g.atLeast(actor, chorusv1.GroupRole_GROUP_ROLE_ADMIN, id); err != nil {
			return nil, nil, nil, err
		}
		removed = removed[:0]
		for _, u := range users {
			m, ok := g.roles[u]
			if !ok {
				continue
			}
			if err := g.outranks(actor, m.role); err != nil {
				return nil, nil, nil, err
			}
			removed = append(removed, u)
		}
		return c.removeMembers(ctx, ci, id, removed, &chorusv1.GroupEvent{
			Kind: chorusv1.GroupEvent_KIND_MEMBERS_REMOVED, ActorId: actor, UserIds: removed,
		})
	})
	g, err := c.groupAfter(ctx, id, err)
	if err != nil {
		return nil, err
	}
	return &chorusv1.RemoveGroupMembersResponse{Group: g, RemovedUserIds: removed}, nil
}

// LeaveGroup removes actor from a group. The owner transfers first.
func (c *Core) LeaveGroup(ctx context.Context, actor string, req *chorusv1.LeaveGroupRequest) (*chorusv1.LeaveGroupResponse, error) {
	id, err := groupID(req.GetGroupId())
	if err != nil {
		return nil, err
	}
	if actor == "" {
		return nil, errInvalid("acting_user_id is required: it names the user who leaves")
	}
	err = c.changeGroup(ctx, id, actor, func(ctx context.Context, ci *convInfo) (*chorusv1.Message, []string, *convInfo, error) {
		m, ok := ci.group.roles[actor]
		switch {
		case !ok:
			return nil, nil, nil, errNotMember(id)
		case m.role == chorusv1.GroupRole_GROUP_ROLE_OWNER:
			return nil, nil, nil, im.Errorf(chorusv1.ErrorCode_ERROR_CODE_OWNER_CANNOT_LEAVE, "the owner cannot leave: transfer ownership or dissolve the group")
		}
		return c.removeMembers(ctx, ci, id, []string{actor}, &chorusv1.GroupEvent{
			Kind: chorusv1.GroupEvent_KIND_MEMBER_LEFT, ActorId: actor,
		})
	})
	if err != nil {
		return nil, err
	}
	return &chorusv1.LeaveGroupResponse{}, nil
}

// removeMembers stores users' removal with event, within a change run by
// changeGroup. The event also goes to the removed users: it is the last
// message they can read.
func (c *Core) removeMembers(ctx context.Context, ci *convInfo, id string, users []string, ev *chorusv1.GroupEvent) (*chorusv1.Message, []string, *convInfo, error) {
	if len(users) == 0 {
		return nil, nil, nil, nil
	}
	stored, err := c.store.ChangeMembers(ctx, id, im.MemberChange{Remove: users}, c.groupEvent(id, ev))
	if err != nil {
		return nil, nil, nil, err
	}
	next := ci.withMembers(stored.GetSeq(), func(roles map[string]memberState) {
		for _, u := range users {
			delete(roles, u)
		}
	})
	return stored, append(slices.Clip(next.members), users...), next, nil
}

// DissolveGroup ends a group; owner only.
func (c *Core) DissolveGroup(ctx context.Context, actor string, req *chorusv1.DissolveGroupRequest) (*chorusv1.DissolveGroupResponse, error) {
	id, err := groupID(req.GetGroupId())
	if err != nil {
		return nil, err
	}
	err = c.changeGroup(ctx, id, actor, func(ctx context.Context, ci *convInfo) (*chorusv1.Message, []string, *convInfo, error) {
		if err := ci.group.atLeast(actor, chorusv1.GroupRole_GROUP_ROLE_OWNER, id); err != nil {
			return nil, nil, nil, err
		}
		rec, ev, err := c.store.UpdateGroup(ctx, id, im.GroupUpdate{Dissolve: true}, c.groupEvent(id, &chorusv1.GroupEvent{
			Kind: chorusv1.GroupEvent_KIND_DISSOLVED, ActorId: actor,
		}))
		if err != nil {
			return nil, nil, nil, err
		}
		next := &convInfo{kind: ci.kind, members: ci.members, group: &groupInfo{rec: rec, roles: ci.group.roles}}
		return ev, ci.members, next, nil
	})
	if err != nil {
		return nil, err
	}
	return &chorusv1.DissolveGroupResponse{}, nil
}

// SetGroupMemberRole makes a member an admin or a plain member; owner only.
func (c *Core) SetGroupMemberRole(ctx context.Context, actor string, req *chorusv1.SetGroupMemberRoleRequest) (*chorusv1.SetGroupMemberRoleResponse, error) {
	id, err := groupID(req.GetGroupId())
	if err != nil {
		return nil, err
	}
	user, role := req.GetUserId(), req.GetRole()
	if role != chorusv1.GroupRole_GROUP_ROLE_MEMBER && role != chorusv1.GroupRole_GROUP_ROLE_ADMIN {
		return nil, errInvalid("role must be GROUP_ROLE_MEMBER or GROUP_ROLE_ADMIN; use TransferGroupOwner to change the owner")
	}
	err = c.changeGroup(ctx, id, actor, func(ctx context.Context, ci *convInfo) (*chorusv1.Message, []string, *convInfo, error) {
		g := ci.group
		if err := g.atLeast(actor, chorusv1.GroupRole_GROUP_ROLE_OWNER, id); err != nil {
			return nil, nil, nil, err
		}
		m, ok := g.roles[user]
		switch {
		case !ok:
			return nil, nil, nil, im.Errorf(chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER, "%q is not a member of %s", user, id)
		case m.role == chorusv1.GroupRole_GROUP_ROLE_OWNER:
			return nil, nil, nil, errInvalid("the owner's role changes by TransferGroupOwner")
		case m.role == role:
			return nil, nil, nil, nil
		}
		return c.setRoles(ctx, ci, id, []im.MemberSpec{{UserID: user, Role: role}}, &chorusv1.GroupEvent{
			Kind: chorusv1.GroupEvent_KIND_ROLE_CHANGED, ActorId: actor, UserIds: []string{user}, Role: role,
		})
	})
	if err != nil {
		return nil, err
	}
	m, err := c.groupMember(ctx, id, user)
	if err != nil {
		return nil, err
	}
	return &chorusv1.SetGroupMemberRoleResponse{Member: m}, nil
}

// TransferGroupOwner makes another member the owner; the old owner becomes
// an admin. Owner only.
func (c *Core) TransferGroupOwner(ctx context.Context, actor string, req *chorusv1.TransferGroupOwnerRequest) (*chorusv1.TransferGroupOwnerResponse, error) {
	id, err := groupID(req.GetGroupId())
	if err != nil {
		return nil, err
	}
	to := req.GetNewOwnerId()
	err = c.changeGroup(ctx, id, actor, func(ctx context.Context, ci *convInfo) (*chorusv1.Message, []string, *convInfo, error) {
		g := ci.group
		if err := g.atLeast(actor, chorusv1.GroupRole_GROUP_ROLE_OWNER, id); err != nil {
			return nil, nil, nil, err
		}
		if _, ok := g.roles[to]; !ok {
			return nil, nil, nil, im.Errorf(chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER, "%q is not a member of %s", to, id)
		}
		old := g.rec.OwnerID
		if old == to {
			return nil, nil, nil, nil
		}
		roles := []im.MemberSpec{{UserID: to, Role: chorusv1.GroupRole_GROUP_ROLE_OWNER}}
		users := []string{to}
		if old != "" {
			roles = append(roles, im.MemberSpec{UserID: old, Role: chorusv1.GroupRole_GROUP_ROLE_ADMIN})
			users = append(users, old)
		}
		return c.setRoles(ctx, ci, id, roles, &chorusv1.GroupEvent{
			Kind: chorusv1.GroupEvent_KIND_OWNER_CHANGED, ActorId: actor, UserIds: users,
		})
	})
	g, err := c.groupAfter(ctx, id, err)
	if err != nil {
		return nil, err
	}
	return &chorusv1.TransferGroupOwnerResponse{Group: g}, nil
}

// setRoles stores role changes with event, within a change run by
// changeGroup.
func (c *Core) setRoles(ctx context.Context, ci *convInfo, id string, roles []im.MemberSpec, ev *chorusv1.GroupEvent) (*chorusv1.Message, []string, *convInfo, error) {
	stored, err := c.store.ChangeMembers(ctx, id, im.MemberChange{Roles: roles}, c.groupEvent(id, ev))
	if err != nil {
		return nil, nil, nil, err
	}
	next := ci.withMembers(stored.GetSeq(), func(m map[string]memberState) {
		for _, r := range roles {
			st := m[r.UserID]
			st.role = r.Role
			m[r.UserID] = st
		}
	})
	for _, r := range roles {
		if r.Role == chorusv1.GroupRole_GROUP_ROLE_OWNER {
			next.group.rec.OwnerID = r.UserID
		}
	}
	return stored, next.members, next, nil
}

// MuteGroupMember stops a member from sending for a while (0 unmutes).
// Admins mute plain members; the owner also admins; nobody the owner.
func (c *Core) MuteGroupMember(ctx context.Context, actor string, req *chorusv1.MuteGroupMemberRequest) (*chorusv1.MuteGroupMemberResponse, error) {
	id, err := groupID(req.GetGroupId())
	if err != nil {
		return nil, err
	}
	user, secs := req.GetUserId(), req.GetDurationSeconds()
	if secs > maxMuteSeconds {
		return nil, errInvalid("duration_seconds is at most %d", maxMuteSeconds)
	}
	var until int64
	if secs > 0 {
		until = c.now() + int64(secs)*1000
	}
	err = c.changeGroup(ctx, id, actor, func(ctx context.Context, ci *convInfo) (*chorusv1.Message, []string, *convInfo, error) {
		g := ci.group
		if err := g.atLeast(actor, chorusv1.GroupRole_GROUP_ROLE_ADMIN, id); err != nil {
			return nil, nil, nil, err
		}
		m, ok := g.roles[user]
		if !ok {
			return nil, nil, nil, im.Errorf(chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER, "%q is not a member of %s", user, id)
		}
		if err := g.outranks(actor, m.role); err != nil {
			return nil, nil, nil, err
		}
		stored, err := c.store.ChangeMembers(ctx, id, im.MemberChange{Mutes: []im.MemberMute{{UserID: user, MutedUntilMs: until}}},
			c.groupEvent(id, &chorusv1.GroupEvent{
				Kind: chorusv1.GroupEvent_KIND_MEMBER_MUTED, ActorId: actor, UserIds: []string{user}, MutedUntilMs: until,
			}))
		if err != nil {
			return nil, nil, nil, err
		}
		next := ci.withMembers(stored.GetSeq(), func(roles map[string]memberState) {
			st := roles[user]
			st.mutedUntilMs = until
			roles[user] = st
		})
		return stored, next.members, next, nil
	})
	if err != nil {
		return nil, err
	}
	m, err := c.groupMember(ctx, id, user)
	if err != nil {
		return nil, err
	}
	return &chorusv1.MuteGroupMemberResponse{Member: m}, nil
}

// ListGroupMembers pages through a group's current members by user id.
func (c *Core) ListGroupMembers(ctx context.Context, actor string, req *chorusv1.ListGroupMembersRequest) (*chorusv1.ListGroupMembersResponse, error) {
	id, err := c.readableGroup(ctx, actor, req.GetGroupId())
	if err != nil {
		return nil, err
	}
	limit := int(req.GetLimit())
	switch {
	case limit == 0:
		limit = defaultMembersPage
	case limit > maxMembersPage:
		limit = maxMembersPage
	}
	ms, err := c.store.ListMembers(ctx, id, req.GetAfterUserId(), limit+1)
	if err != nil {
		return nil, err
	}
	res := &chorusv1.ListGroupMembersResponse{}
	if len(ms) > limit {
		ms = ms[:limit]
		res.NextAfterUserId = ms[limit-1].UserID
	}
	res.Members = make([]*chorusv1.GroupMember, len(ms))
	for i, m := range ms {
		res.Members[i] = memberProto(m)
	}
	return res, nil
}

// Group runs the operation in a client's GroupRequest frame as actor.
func (c *Core) Group(ctx context.Context, actor string, req *chorusv1.GroupRequest) (*chorusv1.GroupResult, error) {
	var (
		res *chorusv1.GroupResult
		err error
	)
	switch op := req.GetOp().(type) {
	case *chorusv1.GroupRequest_Create:
		var r *chorusv1.CreateGroupResponse
		r, err = c.CreateGroup(ctx, actor, op.Create)
		res = &chorusv1.GroupResult{Op: &chorusv1.GroupResult_Create{Create: r}}
	case *chorusv1.GroupRequest_Get:
		var r *chorusv1.GetGroupResponse
		r, err = c.GetGroup(ctx, actor, op.Get)
		res = &chorusv1.GroupResult{Op: &chorusv1.GroupResult_Get{Get: r}}
	case *chorusv1.GroupRequest_Update:
		var r *chorusv1.UpdateGroupResponse
		r, err = c.UpdateGroup(ctx, actor, op.Update)
		res = &chorusv1.GroupResult{Op: &chorusv1.GroupResult_Update{Update: r}}
	case *chorusv1.GroupRequest_AddMembers:
		var r *chorusv1.AddGroupMembersResponse
		r, err = c.AddGroupMembers(ctx, actor, op.AddMembers)
		res = &chorusv1.GroupResult{Op: &chorusv1.GroupResult_AddMembers{AddMembers: r}}
	case *chorusv1.GroupRequest_RemoveMembers:
		var r *chorusv1.RemoveGroupMembersResponse
		r, err = c.RemoveGroupMembers(ctx, actor, op.RemoveMembers)
		res = &chorusv1.GroupResult{Op: &chorusv1.GroupResult_RemoveMembers{RemoveMembers: r}}
	case *chorusv1.GroupRequest_Join:
		var r *chorusv1.JoinGroupResponse
		r, err = c.JoinGroup(ctx, actor, op.Join)
		res = &chorusv1.GroupResult{Op: &chorusv1.GroupResult_Join{Join: r}}
	case *chorusv1.GroupRequest_Leave:
		var r *chorusv1.LeaveGroupResponse
		r, err = c.LeaveGroup(ctx, actor, op.Leave)
		res = &chorusv1.GroupResult{Op: &chorusv1.GroupResult_Leave{Leave: r}}
	case *chorusv1.GroupRequest_Dissolve:
		var r *chorusv1.DissolveGroupResponse
		r, err = c.DissolveGroup(ctx, actor, op.Dissolve)
		res = &chorusv1.GroupResult{Op: &chorusv1.GroupResult_Dissolve{Dissolve: r}}
	case *chorusv1.GroupRequest_SetRole:
		var r *chorusv1.SetGroupMemberRoleResponse
		r, err = c.SetGroupMemberRole(ctx, actor, op.SetRole)
		res = &chorusv1.GroupResult{Op: &chorusv1.GroupResult_SetRole{SetRole: r}}
	case *chorusv1.GroupRequest_TransferOwner:
		var r *chorusv1.TransferGroupOwnerResponse
		r, err = c.TransferGroupOwner(ctx, actor, op.TransferOwner)
		res = &chorusv1.GroupResult{Op: &chorusv1.GroupResult_TransferOwner{TransferOwner: r}}
	case *chorusv1.GroupRequest_MuteMember:
		var r *chorusv1.MuteGroupMemberResponse
		r, err = c.MuteGroupMember(ctx, actor, op.MuteMember)
		res = &chorusv1.GroupResult{Op: &chorusv1.GroupResult_MuteMember{MuteMember: r}}
	case *chorusv1.GroupRequest_ListMembers:
		var r *chorusv1.ListGroupMembersResponse
		r, err = c.ListGroupMembers(ctx, actor, op.ListMembers)
		res = &chorusv1.GroupResult{Op: &chorusv1.GroupResult_ListMembers{ListMembers: r}}
	default:
		return nil, errInvalid("the group request names no operation")
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// changeGroup runs a change of group id on the committer. change sees the
// group's current state and returns the stored event, its recipients and
// the group's new state; a nil event means nothing changed.
func (c *Core) changeGroup(ctx context.Context, id, actor string, change func(ctx context.Context, ci *convInfo) (*chorusv1.Message, []string, *convInfo, error)) error {
	// Load the group here rather than on the committer, where reading a
	// large group's members would hold up every send.
	if _, err := c.conversation(ctx, id, im.ParsedConversation{Kind: chorusv1.ConversationKind_CONVERSATION_KIND_GROUP}); err != nil {
		return err
	}
	return c.enqueueOp(ctx, func(ctx context.Context) (*chorusv1.Message, []string, error) {
		ci := c.convs.get(id)
		if ci == nil { // evicted meanwhile
			var err error
			if ci, err = c.loadGroup(ctx, id); err != nil {
				return nil, nil, err
			}
		}
		if ci.group.rec.Dissolved {
			if _, ok := ci.group.roles[actor]; actor != "" && !ok {
				return nil, nil, errNotMember(id)
			}
			return nil, nil, errDissolved(id)
		}
		ev, recipients, next, err := change(ctx, ci)
		if err != nil || ev == nil {
			return nil, nil, err
		}
		c.convs.put(id, next)
		c.readOwnEvent(ctx, id, actor, ev)
		return ev, recipients, nil
	})
}

// readOwnEvent marks a group event read for the user who caused it, as a
// sender has read what they sent. The change is stored either way, so a
// failure is only logged.
func (c *Core) readOwnEvent(ctx context.Context, id, actor string, ev *chorusv1.Message) {
	if actor == "" {
		return
	}
	if _, err := c.store.MarkRead(ctx, id, actor, ev.GetSeq()); err != nil {
		c.log.WarnContext(ctx, "marking a group event read for its actor failed", "conversation", id, "err", err)
	}
}
