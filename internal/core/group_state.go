package core

import (
	"context"
	"maps"
	"strings"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
)

// The group state the changes in groups.go check and produce, the group
// records they answer with, and the validation of their arguments.

// withMembers returns a copy of a group's state at seq with its member
// roles changed by edit: cached states are shared, so never edited.
func (ci *convInfo) withMembers(seq uint64, edit func(map[string]memberState)) *convInfo {
	roles := maps.Clone(ci.group.roles)
	edit(roles)
	rec := *ci.group.rec
	rec.LastSeq = seq
	rec.MemberCount = len(roles)
	ids := make([]string, 0, len(roles))
	for u := range roles {
		ids = append(ids, u)
	}
	return &convInfo{kind: ci.kind, members: ids, group: &groupInfo{rec: &rec, roles: roles}}
}

// atLeast checks that actor (or the system) has at least role in g.
func (g *groupInfo) atLeast(actor string, role chorusv1.GroupRole, id string) error {
	if actor == "" {
		return nil
	}
	m, ok := g.roles[actor]
	switch {
	case !ok:
		return errNotMember(id)
	case m.role < role:
		who := "admins"
		if role == chorusv1.GroupRole_GROUP_ROLE_OWNER {
			who = "the owner"
		}
		return im.Errorf(chorusv1.ErrorCode_ERROR_CODE_PERMISSION_DENIED, "only %s of %s may do this", who, id)
	}
	return nil
}

// outranks checks that actor may act on a member with role: admins act on
// plain members, the owner (and the system) also on admins, nobody on the
// owner.
func (g *groupInfo) outranks(actor string, role chorusv1.GroupRole) error {
	if role == chorusv1.GroupRole_GROUP_ROLE_OWNER {
		return im.Errorf(chorusv1.ErrorCode_ERROR_CODE_PERMISSION_DENIED, "the owner cannot be removed or muted")
	}
	if actor == "" || role == chorusv1.GroupRole_GROUP_ROLE_MEMBER || g.roles[actor].role == chorusv1.GroupRole_GROUP_ROLE_OWNER {
		return nil
	}
	return im.Errorf(chorusv1.ErrorCode_ERROR_CODE_PERMISSION_DENIED, "only the owner acts on admins")
}

// readableGroup checks that actor may read group gid and its members (a
// current member, or the system) and returns its conversation id. A
// former member keeps the history up to their removal, not the group. A
// group that does not exist is CONVERSATION_NOT_FOUND for the system and
// NOT_MEMBER for a user, who learns nothing about which groups exist.
func (c *Core) readableGroup(ctx context.Context, actor, gid string) (string, error) {
	id, err := groupID(gid)
	if err != nil {
		return "", err
	}
	if actor == "" {
		// The system may read any group, so the group must exist.
		if _, err := c.store.GetGroup(ctx, id); err != nil {
			return "", err
		}
		return id, nil
	}
	m, err := c.store.GetMember(ctx, id, actor)
	if err != nil {
		return "", err
	}
	if m.LeftSeq > 0 {
		return "", errNotMember(id)
	}
	return id, nil
}

// groupEvent makes the system message that records a group change. It
// runs on the committer, inside the change, so the event is stamped in
// commit order like the messages around it.
func (c *Core) groupEvent(id string, ev *chorusv1.GroupEvent) *chorusv1.Message {
	// No client_msg_id: nobody retries an event, and the store keeps it
	// out of the idempotency check.
	m := &chorusv1.Message{
		ConversationId: id,
		Content:        &chorusv1.Content{Body: &chorusv1.Content_GroupEvent{GroupEvent: ev}},
	}
	c.stamp(m)
	return m
}

// groupAfter reads the group after a change that ended with err, so an
// operation answers with the group as it now is.
func (c *Core) groupAfter(ctx context.Context, id string, err error) (*chorusv1.Group, error) {
	if err != nil {
		return nil, err
	}
	return c.groupProto(ctx, id)
}

func (c *Core) groupProto(ctx context.Context, id string) (*chorusv1.Group, error) {
	rec, err := c.store.GetGroup(ctx, id)
	if err != nil {
		return nil, err
	}
	return &chorusv1.Group{
		Id:             strings.TrimPrefix(id, im.GroupConversationID("")),
		ConversationId: id,
		Name:           rec.Name,
		AvatarUrl:      rec.AvatarURL,
		Attributes:     rec.Attributes,
		JoinPolicy:     rec.JoinPolicy,
		Muted:          rec.Muted,
		OwnerId:        rec.OwnerID,
		MemberCount:    uint32(rec.MemberCount),
		Dissolved:      rec.Dissolved,
		LastSeq:        rec.LastSeq,
		CreatedAtMs:    rec.CreatedAtMs,
		UpdatedAtMs:    rec.UpdatedAtMs,
	}, nil
}

func (c *Core) groupMember(ctx context.Context, id, user string) (*chorusv1.GroupMember, error) {
	m, err := c.store.GetMember(ctx, id, user)
	if err != nil {
		return nil, err
	}
	return memberProto(m), nil
}

func memberProto(m *im.Member) *chorusv1.GroupMember {
	return &chorusv1.GroupMember{
		UserId:       m.UserID,
		Role:         m.Role,
		MutedUntilMs: m.MutedUntilMs,
		JoinedAtMs:   m.JoinedAtMs,
		JoinedSeq:    m.JoinedSeq,
		ReadSeq:      m.ReadSeq,
		DeliveredSeq: m.DeliveredSeq,
	}
}

// groupID validates a group id and returns its conversation id.
func groupID(gid string) (string, error) {
	if !im.ValidID(gid) {
		return "", errInvalid("group_id must be 1 to 64 characters of A-Z a-z 0-9 _ . @ -")
	}
	return im.GroupConversationID(gid), nil
}

// distinctIDs validates a request's user ids (1 to maxUsersPerChange) and
// drops repeats, keeping the order.
func distinctIDs(ids []string) ([]string, error) {
	if len(ids) == 0 || len(ids) > maxUsersPerChange {
		return nil, errInvalid("name 1 to %d users", maxUsersPerChange)
	}
	seen := make(map[string]bool, len(ids))
	out := make([]string, 0, len(ids))
	for _, u := range ids {
		if !im.ValidID(u) {
			return nil, errInvalid("%q is not a valid user id", u)
		}
		if !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	return out, nil
}

// checkUsers validates ids as distinctIDs does and checks that each user
// exists (USER_NOT_FOUND otherwise).
func (c *Core) checkUsers(ctx context.Context, ids []string) ([]string, error) {
	out, err := distinctIDs(ids)
	if err != nil {
		return nil, err
	}
	for _, u := range out {
		if _, err := c.store.GetUser(ctx, u); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// mergedAttributes counts the attributes a group would have after upd.
func mergedAttributes(have map[string]string, upd im.GroupUpdate) int {
	if upd.ReplaceAttributes {
		return len(withoutEmpty(upd.Attributes))
	}
	n := len(have)
	for k, v := range upd.Attributes {
		_, had := have[k]
		switch {
		case v == "" && had:
			n--
		case v != "" && !had:
			n++
		}
	}
	return n
}

// withoutEmpty drops attributes with empty values, which mean "none".
func withoutEmpty(attrs map[string]string) map[string]string {
	out := make(map[string]string, len(attrs))
	for k, v := range attrs {
		if v != "" {
			out[k] = v
		}
	}
	return out
}
