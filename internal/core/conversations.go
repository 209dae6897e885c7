package core

import (
	"context"
	"sync"
	"time"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
)

// convInfo is what the send path needs to know about a conversation that
// exists: who receives its messages and, for a group, who may send. A
// convInfo is never changed once cached (sends hold on to it): a group
// change caches a new one.
type convInfo struct {
	kind    chorusv1.ConversationKind
	members []string   // current members: who receives pushes
	group   *groupInfo // nil unless kind is GROUP
}

// groupInfo is a group's state as the core checks it.
type groupInfo struct {
	rec   *im.GroupRecord
	roles map[string]memberState // current members
}

// memberState is a current group member's standing.
type memberState struct {
	role         chorusv1.GroupRole
	mutedUntilMs int64
}

// convCache remembers conversations known to exist, so that only the first
// send to a conversation costs store reads. It is bounded: past max entries
// it forgets an arbitrary half, which only costs those conversations one
// more lookup.
type convCache struct {
	mu  sync.RWMutex
	m   map[string]*convInfo // guarded by mu
	max int
	// changed is the seq of the last change the committer applied to each
	// group, never forgotten: a group state read from the store before
	// that change (its LastSeq is lower) must not be cached after it,
	// even when eviction emptied its place meanwhile.
	changed map[string]uint64 // guarded by mu
}

func newConvCache(max int) *convCache {
	return &convCache{m: make(map[string]*convInfo), max: max, changed: make(map[string]uint64)}
}

func (cc *convCache) get(id string) *convInfo {
	cc.mu.RLock()
	ci := cc.m[id]
	cc.mu.RUnlock()
	return ci
}

// add caches ci unless id is cached already: a send that loaded ci from
// the store must not replace what a group change cached meanwhile.
func (cc *convCache) add(id string, ci *convInfo) *convInfo {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if old := cc.m[id]; old != nil {
		return old
	}
	if ci.group != nil && ci.group.rec.LastSeq < cc.changed[id] {
		return ci // outdated already: good for the caller's checks, not for others
	}
	cc.putLocked(id, ci)
	return ci
}

// put caches ci, replacing what is there; group changes use it from the
// committer, which orders them.
func (cc *convCache) put(id string, ci *convInfo) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if ci.group != nil {
		cc.changed[id] = ci.group.rec.LastSeq
	}
	cc.putLocked(id, ci)
}

func (cc *convCache) putLocked(id string, ci *convInfo) {
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

// mayRead checks that user (or the system, "") may read a conversation
// and returns the range they may read: seqs after from, up to to (0: no
// end). Direct and system conversations answer from the id alone; groups
// ask the store, as former members still read up to their removal.
func (c *Core) mayRead(ctx context.Context, user string, id string, p im.ParsedConversation) (from, to uint64, err error) {
	if user == "" {
		return 0, 0, nil
	}
	switch p.Kind {
	case chorusv1.ConversationKind_CONVERSATION_KIND_DIRECT, chorusv1.ConversationKind_CONVERSATION_KIND_SYSTEM:
		for _, u := range p.Users {
			if u == user {
				return 0, 0, nil
			}
		}
		return 0, 0, errNotMember(id)
	default:
		m, err := c.store.GetMember(ctx, id, user)
		if err != nil {
			return 0, 0, err
		}
		return m.JoinedSeq, m.LeftSeq, nil
	}
}

func errNotMember(id string) *im.Error {
	return im.Errorf(chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER, "not a member of %s", id)
}

// mayWrite checks that sender (or the system, "") may send into a
// conversation that exists, described by ci.
func (c *Core) mayWrite(sender, id string, p im.ParsedConversation, ci *convInfo) error {
	switch p.Kind {
	case chorusv1.ConversationKind_CONVERSATION_KIND_SYSTEM:
		if sender != "" {
			return im.Errorf(chorusv1.ErrorCode_ERROR_CODE_PERMISSION_DENIED, "only the system writes to system conversations")
		}
		return nil
	case chorusv1.ConversationKind_CONVERSATION_KIND_GROUP:
		// Membership first: a non-member learns nothing about the group.
		g := ci.group
		m, ok := g.roles[sender]
		switch {
		case sender != "" && !ok:
			return errNotMember(id)
		case g.rec.Dissolved:
			return errDissolved(id)
		case sender == "":
			return nil
		case m.mutedUntilMs > c.now():
			return mutedUntil(m.mutedUntilMs)
		case g.rec.Muted && m.role < chorusv1.GroupRole_GROUP_ROLE_ADMIN:
			return im.Errorf(chorusv1.ErrorCode_ERROR_CODE_MUTED, "the group is muted: only admins send")
		}
		return nil
	default:
		if sender == "" || sender == p.Users[0] || sender == p.Users[1] {
			return nil
		}
		return errNotMember(id)
	}
}

func mutedUntil(ms int64) *im.Error {
	return im.Errorf(chorusv1.ErrorCode_ERROR_CODE_MUTED, "you are muted in this group until %s",
		time.UnixMilli(ms).UTC().Format(time.RFC3339))
}

func errDissolved(id string) *im.Error {
	return im.Errorf(chorusv1.ErrorCode_ERROR_CODE_GROUP_DISSOLVED, "group %s was dissolved", id)
}

// conversation returns a conversation that exists, creating a direct or
// system conversation on its first message (after checking that its users
// exist). Groups are created explicitly, so a missing group is an error.
// Callers check permissions first: a direct conversation is created for
// its own users only.
func (c *Core) conversation(ctx context.Context, id string, p im.ParsedConversation) (*convInfo, error) {
	if ci := c.convs.get(id); ci != nil {
		return ci, nil
	}
	if p.Kind == chorusv1.ConversationKind_CONVERSATION_KIND_GROUP {
		ci, err := c.loadGroup(ctx, id)
		if err != nil {
			return nil, err
		}
		return c.convs.add(id, ci), nil
	}
	_, err := c.store.GetConversation(ctx, id)
	switch {
	case err == nil:
	case im.IsCode(err, chorusv1.ErrorCode_ERROR_CODE_CONVERSATION_NOT_FOUND):
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
	return c.convs.add(id, &convInfo{kind: p.Kind, members: p.Users}), nil
}

// loadGroup reads a group and its current members from the store.
func (c *Core) loadGroup(ctx context.Context, id string) (*convInfo, error) {
	rec, err := c.store.GetGroup(ctx, id)
	if err != nil {
		return nil, err
	}
	members, err := c.store.ListMembers(ctx, id, "", 0)
	if err != nil {
		return nil, err
	}
	g := &groupInfo{rec: rec, roles: make(map[string]memberState, len(members))}
	ids := make([]string, len(members))
	for i, m := range members {
		ids[i] = m.UserID
		g.roles[m.UserID] = memberState{role: m.Role, mutedUntilMs: m.MutedUntilMs}
	}
	return &convInfo{kind: chorusv1.ConversationKind_CONVERSATION_KIND_GROUP, members: ids, group: g}, nil
}
