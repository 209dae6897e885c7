package im

import (
	"strings"
	"testing"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
)

func TestConversationIDs(t *testing.T) {
	id := DirectConversationID("bob", "alice")
	if id != "p:alice:bob" || DirectConversationID("alice", "bob") != id {
		t.Fatalf("direct id %q", id)
	}
	p, err := ParseConversationID(id)
	if err != nil || p.Kind != chorusv1.ConversationKind_CONVERSATION_KIND_DIRECT {
		t.Fatalf("%+v %v", p, err)
	}
	if p.Peer("alice") != "bob" || p.Peer("bob") != "alice" || p.Peer("carol") != "" {
		t.Fatal("Peer")
	}
	if p, err := ParseConversationID(SystemConversationID("carol")); err != nil || p.Users[0] != "carol" {
		t.Fatalf("system: %+v %v", p, err)
	}
	if p, err := ParseConversationID(GroupConversationID("team-1")); err != nil || p.Group != "team-1" {
		t.Fatalf("group: %+v %v", p, err)
	}
	for _, bad := range []string{"", "x:a", "p:alice", "p:bob:alice", "p:a:a", "p:a:b:c", "g:", "s:", "g:a b",
		"p:" + strings.Repeat("a", 65) + ":b", "s:é"} {
		if _, err := ParseConversationID(bad); !IsCode(err, chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT) {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestValidID(t *testing.T) {
	for _, ok := range []string{"a", "alice_1", "a.b@c-d", strings.Repeat("x", 64)} {
		if !ValidID(ok) {
			t.Errorf("%q rejected", ok)
		}
	}
	for _, bad := range []string{"", "a:b", "a b", "ü", strings.Repeat("x", 65), "a/b"} {
		if ValidID(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
}
