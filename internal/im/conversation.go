package im

import (
	"strings"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
)

// Conversation ids carry their kind, so routing and permission checks of
// direct and system conversations need no lookup:
//
//	p:<a>:<b>   direct conversation of users a and b, a < b
//	g:<group>   group conversation
//	s:<user>    system notices to one user
//
// User ids cannot contain ':', so the parts are unambiguous.
const (
	prefixDirect = "p:"
	prefixGroup  = "g:"
	prefixSystem = "s:"
)

// MaxIDLen is the longest user, device or group id.
const MaxIDLen = 64

// ValidID reports whether s is a valid user, device or group id: 1 to 64
// characters of [A-Za-z0-9_.@-].
func ValidID(s string) bool {
	if len(s) == 0 || len(s) > MaxIDLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == '_', c == '.', c == '@', c == '-':
		default:
			return false
		}
	}
	return true
}

// DirectConversationID is the id of the direct conversation of users a and b.
func DirectConversationID(a, b string) string {
	if b < a {
		a, b = b, a
	}
	return prefixDirect + a + ":" + b
}

// SystemConversationID is the id of user's system-notice conversation.
func SystemConversationID(user string) string { return prefixSystem + user }

// GroupConversationID is the id of group's conversation.
func GroupConversationID(group string) string { return prefixGroup + group }

// ParsedConversation is a conversation id taken apart.
type ParsedConversation struct {
	Kind chorusv1.ConversationKind
	// Users holds the two users of a direct conversation, or the one user of
	// a system conversation.
	Users []string
	// Group is the group id of a group conversation.
	Group string
}

// ParseConversationID takes a conversation id apart. It fails with
// INVALID_ARGUMENT when id is not well formed.
func ParseConversationID(id string) (ParsedConversation, error) {
	bad := func() (ParsedConversation, error) {
		return ParsedConversation{}, Errorf(chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT, "malformed conversation id %q", clip(id))
	}
	switch {
	case strings.HasPrefix(id, prefixDirect):
		a, b, ok := strings.Cut(id[len(prefixDirect):], ":")
		if !ok || !ValidID(a) || !ValidID(b) || a >= b {
			return bad()
		}
		return ParsedConversation{Kind: chorusv1.ConversationKind_CONVERSATION_KIND_DIRECT, Users: []string{a, b}}, nil
	case strings.HasPrefix(id, prefixGroup):
		g := id[len(prefixGroup):]
		if !ValidID(g) {
			return bad()
		}
		return ParsedConversation{Kind: chorusv1.ConversationKind_CONVERSATION_KIND_GROUP, Group: g}, nil
	case strings.HasPrefix(id, prefixSystem):
		u := id[len(prefixSystem):]
		if !ValidID(u) {
			return bad()
		}
		return ParsedConversation{Kind: chorusv1.ConversationKind_CONVERSATION_KIND_SYSTEM, Users: []string{u}}, nil
	}
	return bad()
}

// Peer returns the other user of a direct conversation, or "".
func (p ParsedConversation) Peer(user string) string {
	if p.Kind != chorusv1.ConversationKind_CONVERSATION_KIND_DIRECT {
		return ""
	}
	if p.Users[0] == user {
		return p.Users[1]
	}
	if p.Users[1] == user {
		return p.Users[0]
	}
	return ""
}

// clip shortens untrusted input before it goes into an error message.
func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "..."
	}
	return s
}
