package main

import (
	"flag"
	"fmt"
	"time"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
)

var userCommands = []*command{
	{
		name: "user create", args: "<id> [--name N] [--avatar URL] [--attr k=v]...",
		summary: "Creates a user.",
		minArgs: 1, maxArgs: 1,
		setup: func(fs *flag.FlagSet) action {
			name := fs.String("name", "", "display name")
			avatar := fs.String("avatar", "", "avatar URL")
			attrs := attrMap{}
			fs.Var(attrs, "attr", "attribute `key=value` (repeatable)")
			return func(c *cli, args []string) error {
				res, err := call(c, c.api.CreateUser, &chorusv1.CreateUserRequest{User: &chorusv1.User{
					Id: args[0], Name: *name, AvatarUrl: *avatar, Attributes: attrs,
				}})
				if err != nil {
					return err
				}
				return c.print(res, func() *table { return userTable(res.GetUser()) })
			}
		},
	},
	{
		name: "user get", args: "<id>",
		summary: "Shows a user.",
		minArgs: 1, maxArgs: 1,
		setup: func(fs *flag.FlagSet) action {
			return func(c *cli, args []string) error {
				res, err := call(c, c.api.GetUser, &chorusv1.GetUserRequest{UserId: args[0]})
				if err != nil {
					return err
				}
				return c.print(res, func() *table { return userTable(res.GetUser()) })
			}
		},
	},
	{
		name: "user update", args: "<id> [--name N] [--avatar URL] [--attr k=v]... [--replace-attrs]",
		summary: "Changes the fields given. Attributes are merged (an empty value deletes a key) unless --replace-attrs.",
		minArgs: 1, maxArgs: 1,
		setup: func(fs *flag.FlagSet) action {
			name := fs.String("name", "", "display name")
			avatar := fs.String("avatar", "", "avatar URL")
			attrs := attrMap{}
			fs.Var(attrs, "attr", "attribute `key=value` (repeatable; empty value deletes the key)")
			replace := fs.Bool("replace-attrs", false, "replace all attributes with the --attr ones")
			return func(c *cli, args []string) error {
				req := &chorusv1.UpdateUserRequest{UserId: args[0], Attributes: attrs, ReplaceAttributes: *replace}
				if isSet(fs, "name") {
					req.Name = name
				}
				if isSet(fs, "avatar") {
					req.AvatarUrl = avatar
				}
				res, err := call(c, c.api.UpdateUser, req)
				if err != nil {
					return err
				}
				return c.print(res, func() *table { return userTable(res.GetUser()) })
			}
		},
	},
	{
		name: "token", args: "<user> [--ttl DURATION]",
		summary: "Issues a client token for the user. Table output is the token alone, for $(imctl token bob).",
		minArgs: 1, maxArgs: 1,
		setup: func(fs *flag.FlagSet) action {
			ttl := fs.Duration("ttl", 0, "lifetime (default: the node's auth.token_ttl)")
			return func(c *cli, args []string) error {
				if *ttl < 0 || *ttl > 366*24*time.Hour {
					return usagef(nil, "--ttl out of range")
				}
				secs := uint32((*ttl + time.Second - 1) / time.Second)
				res, err := call(c, c.api.IssueToken, &chorusv1.IssueTokenRequest{UserId: args[0], TtlSeconds: secs})
				if err != nil {
					return err
				}
				if c.json {
					return writeJSON(c.stdout, res)
				}
				_, err = fmt.Fprintln(c.stdout, res.GetToken())
				return err
			}
		},
	},
}

// isSet reports whether the flag name was given on the command line.
func isSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == name {
			set = true
		}
	})
	return set
}
