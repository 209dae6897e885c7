package core

import (
	"context"
	"sync"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
)

// convInfo is what the send path needs to know about a conversation that
// exists: who receives its messages.
type convInfo struct {
	kind    chorusv1.ConversationKind
	members []string
}

// convCache remembers conversations known to exist, so that only the first
// send to a conversation costs store reads. It is bounded: past max entries
// it forgets an arbitrary half, which only costs those conversations one
// more lookup.
type convCache struct {
	mu  sync.RWMutex
	m   map[string]*convInfo // guarded by mu
	max int
}

func newConvCache(max int) *convCache {
	return &convCache{m: make(map[string]*convInfo), max: max}
}

func (cc *convCache) get(id string) *convInfo {
	cc.mu.RLock()
	ci := cc.m[id]
	cc.mu.RUnlock()
	return ci
}

func (cc *convCache) put(id string, ci *convInfo) {
	cc.mu.Lock()
	if len(cc.m) >= cc.max {
		n := 0
		for k := range cc.m {
			delete(cc.m, k)
			if n++; n >= cc.max/2 {
				break
			}
		}
	}
	cc.m[id] = ci
	cc.mu.Unlock()
}

// sendTarget resolves the conversation a send goes to.
func sendTarget(sender, conversationID, toUser string) (string, im.ParsedConversation, error) {
	switch {
	case conversationID != "" && toUser != "":
		return "", im.ParsedConversation{}, errInvalid("set conversation_id or to_user_id, not both")
	case conversationID == "" && toUser == "":
		return "", im.ParsedConversation{}, errInvalid("set conversation_id or to_user_id")
	case toUser != "":
		if !im.ValidID(toUser) {
			return "", im.ParsedConversation{}, errInvalid("to_user_id is not a valid user id")
		}
		if toUser == sender {
			return "", im.ParsedConversation{}, errInvalid("cannot send a direct message to yourself")
		}
		if sender == "" {
			conversationID = im.SystemConversationID(toUser)
		} else {
			conversationID = im.DirectConversationID(sender, toUser)
		}
	}
	p, err := im.ParseConversationID(conversationID)
	return conversationID, p, err
}

// mayRead reports whether user (or the system, "") may read a
// conversation. Direct and system conversations answer from the id alone;
// groups ask the store.
func (c *Core) mayRead(ctx context.Context, user string, id string, p im.ParsedConversation) error {
	if user == "" {
		return nil
	}
	switch p.Kind {
	case chorusv1.ConversationKind_CONVERSATION_KIND_DIRECT, chorusv1.ConversationKind_CONVERSATION_KIND_SYSTEM:
		for _, u := range p.Users {
			if u == user {
				return nil
			}
		}
		return im.Errorf(chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER, "not a member of %s", id)
	default:
		_, err := c.store.GetMember(ctx, id, user)
		return err
	}
}

// mayWrite reports whether sender (or the system, "") may send into a
// conversation.
func (c *Core) mayWrite(ctx context.Context, sender, id string, p im.ParsedConversation) error {
	if p.Kind == chorusv1.ConversationKind_CONVERSATION_KIND_SYSTEM && sender != "" {
		return im.Errorf(chorusv1.ErrorCode_ERROR_CODE_PERMISSION_DENIED, "only the system writes to system conversations")
	}
	return c.mayRead(ctx, sender, id, p)
}

// conversation returns a conversation that exists, creating a direct or
// system conversation on its first message (after checking that its users
// exist). Groups are created explicitly, so a missing group is an error.
func (c *Core) conversation(ctx context.Context, id string, p im.ParsedConversation) (*convInfo, error) {
	if ci := c.convs.get(id); ci != nil {
		return ci, nil
	}
	_, err := c.store.GetConversation(ctx, id)
	switch {
	case err == nil:
	case im.IsCode(err, chorusv1.ErrorCode_ERROR_CODE_CONVERSATION_NOT_FOUND) && p.Kind != chorusv1.ConversationKind_CONVERSATION_KIND_GROUP:
		for _, u := range p.Users {
			if _, err := c.store.GetUser(ctx, u); err != nil {
				return nil, err
			}
		}
		now := c.now()
		rec := &im.ConversationRecord{ID: id, Kind: p.Kind, CreatedAtMs: now, UpdatedAtMs: now}
		if _, err := c.store.CreateConversation(ctx, rec, p.Users); err != nil {
			return nil, err
		}
	default:
		return nil, err
	}
	ci := &convInfo{kind: p.Kind, members: p.Users}
	if p.Kind == chorusv1.ConversationKind_CONVERSATION_KIND_GROUP {
		if ci.members, err = c.store.ListMemberIDs(ctx, id); err != nil {
			return nil, err
		}
	}
	c.convs.put(id, ci)
	return ci, nil
}
