package main

import (
	"testing"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
)

// TestGroupEventText: an unmute is written as the same event kind as a
// mute, with the mute cleared; history and listen must not show it as a
// mute.
func TestGroupEventText(t *testing.T) {
	event := func(e *chorusv1.GroupEvent) *chorusv1.Content {
		return &chorusv1.Content{Body: &chorusv1.Content_GroupEvent{GroupEvent: e}}
	}
	for want, e := range map[string]*chorusv1.GroupEvent{
		"[group member_muted by alice: carol]":   {Kind: chorusv1.GroupEvent_KIND_MEMBER_MUTED, ActorId: "alice", UserIds: []string{"carol"}, MutedUntilMs: 1796167115900},
		"[group member_unmuted by alice: carol]": {Kind: chorusv1.GroupEvent_KIND_MEMBER_MUTED, ActorId: "alice", UserIds: []string{"carol"}},
		"[group group_muted by bob]":             {Kind: chorusv1.GroupEvent_KIND_GROUP_MUTED, ActorId: "bob", Muted: true},
		"[group group_unmuted]":                  {Kind: chorusv1.GroupEvent_KIND_GROUP_MUTED},
		"[group created: alice,bob]":             {Kind: chorusv1.GroupEvent_KIND_CREATED, UserIds: []string{"alice", "bob"}},
	} {
		if got := contentText(event(e)); got != want {
			t.Errorf("%v: got %q, want %q", e, got, want)
		}
	}
}
