package main

import (
	"flag"
	"strconv"
	"strings"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
)

// asFlag defines --as: the user a group call acts as. Empty acts as the
// system, which may do everything.
func asFlag(fs *flag.FlagSet) *string {
	return fs.String("as", "", "act as this `user`, with their permissions (default: the system)")
}

var groupCommands = []*command{
	{
		name: "group create", args: "<id> --owner <user> [--name N] [--avatar URL] [--member <user>]... [--open]",
		summary: "Creates a group owned by --owner, with the --member users as its first members.",
		minArgs: 1, maxArgs: 1,
		setup: func(fs *flag.FlagSet) action {
			owner := fs.String("owner", "", "the owner (required)")
			name := fs.String("name", "", "group name")
			avatar := fs.String("avatar", "", "avatar URL")
			var members stringList
			fs.Var(&members, "member", "a first `user` besides the owner (repeatable)")
			open := fs.Bool("open", false, "anyone may join (default: invite only)")
			return func(c *cli, args []string) error {
				if *owner == "" {
					return usagef(nil, "group create: --owner is required")
				}
				policy := chorusv1.JoinPolicy_JOIN_POLICY_INVITE_ONLY
				if *open {
					policy = chorusv1.JoinPolicy_JOIN_POLICY_OPEN
				}
				res, err := call(c, c.api.CreateGroup, &chorusv1.CreateGroupRequest{
					GroupId: args[0], OwnerId: *owner, Name: *name, AvatarUrl: *avatar,
					MemberIds: members, JoinPolicy: policy,
				})
				if err != nil {
					return err
				}
				return c.print(res, func() *table { return groupTable(res.GetGroup()) })
			}
		},
	},
	{
		name: "group get", args: "<id> [--as <user>]",
		summary: "Shows a group.",
		minArgs: 1, maxArgs: 1,
		setup: func(fs *flag.FlagSet) action {
			as := asFlag(fs)
			return func(c *cli, args []string) error {
				res, err := call(c, c.api.GetGroup, &chorusv1.GetGroupRequest{GroupId: args[0], ActingUserId: *as})
				if err != nil {
					return err
				}
				return c.print(res, func() *table { return groupTable(res.GetGroup()) })
			}
		},
	},
	{
		name: "group update", args: "<id> [--name N] [--avatar URL] [--open | --invite-only] [--mute | --unmute] [--as <user>]",
		summary: "Changes the group's fields given. --mute lets only admins and the owner send.",
		minArgs: 1, maxArgs: 1,
		setup: func(fs *flag.FlagSet) action {
			name := fs.String("name", "", "group name")
			avatar := fs.String("avatar", "", "avatar URL")
			open := fs.Bool("open", false, "anyone may join")
			inviteOnly := fs.Bool("invite-only", false, "only admins add members")
			mute := fs.Bool("mute", false, "mute the whole group")
			unmute := fs.Bool("unmute", false, "unmute the group")
			as := asFlag(fs)
			return func(c *cli, args []string) error {
				req := &chorusv1.UpdateGroupRequest{GroupId: args[0], ActingUserId: *as}
				if isSet(fs, "name") {
					req.Name = name
				}
				if isSet(fs, "avatar") {
					req.AvatarUrl = avatar
				}
				switch {
				case *open && *inviteOnly:
					return usagef(nil, "group update: --open and --invite-only exclude each other")
				case *open:
					req.JoinPolicy = chorusv1.JoinPolicy_JOIN_POLICY_OPEN.Enum()
				case *inviteOnly:
					req.JoinPolicy = chorusv1.JoinPolicy_JOIN_POLICY_INVITE_ONLY.Enum()
				}
				switch {
				case *mute && *unmute:
					return usagef(nil, "group update: --mute and --unmute exclude each other")
				case *mute || *unmute:
					req.Muted = mute
				}
				res, err := call(c, c.api.UpdateGroup, req)
				if err != nil {
					return err
				}
				return c.print(res, func() *table { return groupTable(res.GetGroup()) })
			}
		},
	},
	{
		name: "group add", args: "<id> <user>... [--as <user>]",
		summary: "Adds members; users already in the group are skipped.",
		minArgs: 2, maxArgs: -1,
		setup: func(fs *flag.FlagSet) action {
			as := asFlag(fs)
			return func(c *cli, args []string) error {
				res, err := call(c, c.api.AddGroupMembers, &chorusv1.AddGroupMembersRequest{
					GroupId: args[0], UserIds: args[1:], ActingUserId: *as,
				})
				if err != nil {
					return err
				}
				return c.print(res, func() *table {
					return changedTable("ADDED", res.GetGroup(), res.GetAddedUserIds())
				})
			}
		},
	},
	{
		name: "group remove", args: "<id> <user>... [--as <user>]",
		summary: "Removes members.",
		minArgs: 2, maxArgs: -1,
		setup: func(fs *flag.FlagSet) action {
			as := asFlag(fs)
			return func(c *cli, args []string) error {
				res, err := call(c, c.api.RemoveGroupMembers, &chorusv1.RemoveGroupMembersRequest{
					GroupId: args[0], UserIds: args[1:], ActingUserId: *as,
				})
				if err != nil {
					return err
				}
				return c.print(res, func() *table {
					return changedTable("REMOVED", res.GetGroup(), res.GetRemovedUserIds())
				})
			}
		},
	},
	{
		name: "group members", args: "<id> [--limit N] [--as <user>]",
		summary: "Lists the members by user id, all of them unless --limit.",
		minArgs: 1, maxArgs: 1,
		setup: func(fs *flag.FlagSet) action {
			limit := fs.Uint("limit", 0, "at most this many members (default: all)")
			as := asFlag(fs)
			return func(c *cli, args []string) error {
				all := &chorusv1.ListGroupMembersResponse{}
				after := ""
				for {
					page := uint32(1000)
					if *limit > 0 {
						page = uint32(min(uint(page), *limit-uint(len(all.Members))))
					}
					res, err := call(c, c.api.ListGroupMembers, &chorusv1.ListGroupMembersRequest{
						GroupId: args[0], AfterUserId: after, Limit: page, ActingUserId: *as,
					})
					if err != nil {
						return err
					}
					all.Members = append(all.Members, res.GetMembers()...)
					after = res.GetNextAfterUserId()
					if after == "" || len(res.GetMembers()) == 0 {
						break
					}
					if *limit > 0 && uint(len(all.Members)) >= *limit {
						all.NextAfterUserId = after // more remain
						break
					}
				}
				return c.print(all, func() *table { return memberTable(all.GetMembers()...) })
			}
		},
	},
	{
		name: "group role", args: "<id> <user> admin|member [--as <user>]",
		summary: "Makes a member an admin or a plain member (owner only).",
		minArgs: 3, maxArgs: 3,
		setup: func(fs *flag.FlagSet) action {
			as := asFlag(fs)
			return func(c *cli, args []string) error {
				var role chorusv1.GroupRole
				switch strings.ToLower(args[2]) {
				case "admin":
					role = chorusv1.GroupRole_GROUP_ROLE_ADMIN
				case "member":
					role = chorusv1.GroupRole_GROUP_ROLE_MEMBER
				default:
					return usagef(nil, "group role: the role is admin or member, not %q", args[2])
				}
				res, err := call(c, c.api.SetGroupMemberRole, &chorusv1.SetGroupMemberRoleRequest{
					GroupId: args[0], UserId: args[1], Role: role, ActingUserId: *as,
				})
				if err != nil {
					return err
				}
				return c.print(res, func() *table { return memberTable(res.GetMember()) })
			}
		},
	},
	{
		name: "group transfer", args: "<id> <new-owner> [--as <user>]",
		summary: "Makes another member the owner; the old owner becomes an admin.",
		minArgs: 2, maxArgs: 2,
		setup: func(fs *flag.FlagSet) action {
			as := asFlag(fs)
			return func(c *cli, args []string) error {
				res, err := call(c, c.api.TransferGroupOwner, &chorusv1.TransferGroupOwnerRequest{
					GroupId: args[0], NewOwnerId: args[1], ActingUserId: *as,
				})
				if err != nil {
					return err
				}
				return c.print(res, func() *table { return groupTable(res.GetGroup()) })
			}
		},
	},
	{
		name: "group mute", args: "<id> <user> <duration, 0 unmutes> [--as <user>]",
		summary: "Stops a member from sending for the duration (\"1h\", or seconds); 0 unmutes.",
		minArgs: 3, maxArgs: 3,
		setup: func(fs *flag.FlagSet) action {
			as := asFlag(fs)
			return func(c *cli, args []string) error {
				secs, err := parseSeconds(args[2])
				if err != nil {
					return usagef(nil, "group mute: %v", err)
				}
				res, err := call(c, c.api.MuteGroupMember, &chorusv1.MuteGroupMemberRequest{
					GroupId: args[0], UserId: args[1], DurationSeconds: secs, ActingUserId: *as,
				})
				if err != nil {
					return err
				}
				return c.print(res, func() *table { return memberTable(res.GetMember()) })
			}
		},
	},
	{
		name: "group dissolve", args: "<id> [--as <user>]",
		summary: "Ends the group: members keep its history read-only.",
		minArgs: 1, maxArgs: 1,
		setup: func(fs *flag.FlagSet) action {
			as := asFlag(fs)
			return func(c *cli, args []string) error {
				res, err := call(c, c.api.DissolveGroup, &chorusv1.DissolveGroupRequest{GroupId: args[0], ActingUserId: *as})
				if err != nil {
					return err
				}
				return c.print(res, func() *table {
					t := newTable("ID", "DISSOLVED")
					t.add(args[0], "yes")
					return t
				})
			}
		},
	},
}

// changedTable shows a group after members were added or removed, with
// who actually was.
func changedTable(what string, g *chorusv1.Group, users []string) *table {
	t := newTable("ID", "MEMBERS", what)
	t.add(g.GetId(), strconv.FormatUint(uint64(g.GetMemberCount()), 10), strings.Join(users, ","))
	return t
}
