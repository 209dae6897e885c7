package core

import (
	"context"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
)

// Limits on user fields, so one user record stays small.
const (
	maxNameLen       = 128
	maxURLLen        = 2048
	maxAttributes    = 64
	maxAttrKeyLen    = 64
	maxAttrValueLen  = 1024
	maxNotifyUsers   = 10_000
	maxNotifyTypeLen = 64
	// maxProfiles bounds the users one GetUsers request reads.
	maxProfiles = 100
)

// CreateUser validates and stores a new user.
func (c *Core) CreateUser(ctx context.Context, u *chorusv1.User) (*chorusv1.User, error) {
	if u == nil {
		return nil, errInvalid("user is missing")
	}
	if !im.ValidID(u.GetId()) {
		return nil, errInvalid("user id must be 1 to 64 characters of A-Z a-z 0-9 _ . @ -")
	}
	if err := checkUserFields(u.GetName(), u.GetAvatarUrl(), u.GetAttributes()); err != nil {
		return nil, err
	}
	return c.store.CreateUser(ctx, u)
}

// UpdateUser validates and applies upd.
func (c *Core) UpdateUser(ctx context.Context, id string, upd im.UserUpdate) (*chorusv1.User, error) {
	if !im.ValidID(id) {
		return nil, errInvalid("user id is not valid")
	}
	var name, avatar string
	if upd.Name != nil {
		name = *upd.Name
	}
	if upd.AvatarURL != nil {
		avatar = *upd.AvatarURL
	}
	if err := checkUserFields(name, avatar, upd.Attributes); err != nil {
		return nil, err
	}
	return c.store.UpdateUser(ctx, id, upd)
}

// GetUser reads a user.
func (c *Core) GetUser(ctx context.Context, id string) (*chorusv1.User, error) {
	if !im.ValidID(id) {
		return nil, errInvalid("user id is not valid")
	}
	return c.store.GetUser(ctx, id)
}

// GetUsers reads the profiles of up to 100 users for a client: name and
// avatar, never the back end's attributes. Any signed-in user may read
// any profile, as a chat app shows who sent what. Ids with no user are
// left out; repeats are answered once.
func (c *Core) GetUsers(ctx context.Context, ids []string) (*chorusv1.GetUsersResult, error) {
	if len(ids) == 0 || len(ids) > maxProfiles {
		return nil, errInvalid("name 1 to %d users", maxProfiles)
	}
	res := &chorusv1.GetUsersResult{}
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		if !im.ValidID(id) {
			return nil, errInvalid("%q is not a valid user id", id)
		}
		if seen[id] {
			continue
		}
		seen[id] = true
		u, err := c.store.GetUser(ctx, id)
		if im.IsCode(err, chorusv1.ErrorCode_ERROR_CODE_USER_NOT_FOUND) {
			continue
		}
		if err != nil {
			return nil, err
		}
		res.Users = append(res.Users, &chorusv1.UserProfile{
			Id: u.GetId(), Name: u.GetName(), AvatarUrl: u.GetAvatarUrl(), UpdatedAtMs: u.GetUpdatedAtMs(),
		})
	}
	return res, nil
}

func checkUserFields(name, avatar string, attrs map[string]string) error {
	if len(name) > maxNameLen {
		return errInvalid("name longer than %d bytes", maxNameLen)
	}
	if len(avatar) > maxURLLen {
		return errInvalid("avatar_url longer than %d bytes", maxURLLen)
	}
	if len(attrs) > maxAttributes {
		return errInvalid("more than %d attributes", maxAttributes)
	}
	for k, v := range attrs {
		if k == "" || len(k) > maxAttrKeyLen || len(v) > maxAttrValueLen {
			return errInvalid("attribute keys must be 1-%d bytes and values at most %d", maxAttrKeyLen, maxAttrValueLen)
		}
	}
	return nil
}

// Notify pushes a custom notification to the online devices of users and
// returns how many sessions it was queued to. Nothing is stored.
func (c *Core) Notify(users []string, n *chorusv1.Notification) (int, error) {
	if len(users) == 0 || len(users) > maxNotifyUsers {
		return 0, errInvalid("name 1 to %d users", maxNotifyUsers)
	}
	seen := make(map[string]bool, len(users))
	uniq := users[:0:0]
	for _, u := range users {
		if !im.ValidID(u) {
			return 0, errInvalid("%q is not a valid user id", u)
		}
		if !seen[u] {
			seen[u] = true
			uniq = append(uniq, u)
		}
	}
	if t := n.GetType(); t == "" || len(t) > maxNotifyTypeLen {
		return 0, errInvalid("notification type must be 1 to %d bytes", maxNotifyTypeLen)
	}
	if len(n.GetData()) > c.cfg.MaxContentSize {
		return 0, im.Errorf(chorusv1.ErrorCode_ERROR_CODE_CONTENT_TOO_LARGE, "notification data is %d bytes, the limit is %d", len(n.GetData()), c.cfg.MaxContentSize)
	}
	out := &chorusv1.Notification{Type: n.GetType(), Data: n.GetData(), ServerTimeMs: c.now()}
	return c.push.Push(uniq, &chorusv1.Frame{Body: &chorusv1.Frame_Notification{Notification: out}}, 0), nil
}
