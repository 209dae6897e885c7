package storetest

import (
	"slices"
	"testing"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
)

func testConversation(t *testing.T, newStore func(t *testing.T) im.Store) {
	t.Run("CreateAndGet", func(t *testing.T) {
		s := newStore(t)
		createConv(t, s, group, 1234, alice, bob, carol)
		got, err := s.GetConversation(t.Context(), group)
		if err != nil {
			t.Fatalf("GetConversation: %v", err)
		}
		want := im.ConversationRecord{ID: group, Kind: chorusv1.ConversationKind_CONVERSATION_KIND_GROUP,
			CreatedAtMs: 1234, UpdatedAtMs: 1234}
		if *got != want {
			t.Fatalf("GetConversation = %+v, want %+v", *got, want)
		}
		if ids := memberIDs(t, s, group); !slices.Equal(ids, []string{alice, bob, carol}) {
			t.Fatalf("members = %v, want alice, bob, carol", ids)
		}
	})
	t.Run("CreateIsIdempotent", func(t *testing.T) {
		s := newStore(t)
		createConv(t, s, group, 1234, alice, bob)
		sendN(t, s, group, alice, 2)
		before, err := s.GetConversation(t.Context(), group)
		if err != nil {
			t.Fatalf("GetConversation: %v", err)
		}
		again := &im.ConversationRecord{ID: group, Kind: chorusv1.ConversationKind_CONVERSATION_KIND_DIRECT,
			CreatedAtMs: 9999, UpdatedAtMs: 9999}
		created, err := s.CreateConversation(t.Context(), again, []string{carol, dave})
		if err != nil {
			t.Fatalf("CreateConversation again: %v", err)
		}
		if created {
			t.Fatal("CreateConversation of a taken id reported true")
		}
		after, err := s.GetConversation(t.Context(), group)
		if err != nil {
			t.Fatalf("GetConversation: %v", err)
		}
		if *after != *before {
			t.Fatalf("CreateConversation of a taken id changed it: %+v, was %+v", *after, *before)
		}
		if ids := memberIDs(t, s, group); !slices.Equal(ids, []string{alice, bob}) {
			t.Fatalf("members = %v, want alice and bob only", ids)
		}
		wantPositions(t, s, group, alice, 2, 2)
	})
	t.Run("DuplicateMembersStoredOnce", func(t *testing.T) {
		s := newStore(t)
		createConv(t, s, group, 0, alice, bob, alice)
		if ids := memberIDs(t, s, group); !slices.Equal(ids, []string{alice, bob}) {
			t.Fatalf("members = %v, want alice and bob once each", ids)
		}
	})
	t.Run("GetMissing", func(t *testing.T) {
		s := newStore(t)
		_, err := s.GetConversation(t.Context(), group)
		wantCode(t, err, chorusv1.ErrorCode_ERROR_CODE_CONVERSATION_NOT_FOUND)
	})
	t.Run("GetMember", func(t *testing.T) {
		s := newStore(t)
		createConv(t, s, direct, 1500, alice, bob)
		got := member(t, s, direct, bob)
		want := im.Member{ConversationID: direct, UserID: bob, JoinedAtMs: got.JoinedAtMs, Role: roleMember}
		if *got != want {
			t.Fatalf("GetMember = %+v, want every position 0, a plain member: %+v", *got, want)
		}
	})
	t.Run("GetMemberNotMember", func(t *testing.T) {
		s := newStore(t)
		createConv(t, s, direct, 0, alice, bob)
		_, err := s.GetMember(t.Context(), direct, carol)
		wantCode(t, err, chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER)
		_, err = s.GetMember(t.Context(), group, alice)
		wantCode(t, err, chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER)
	})
	t.Run("ListMemberIDsMissing", func(t *testing.T) {
		s := newStore(t)
		if ids := memberIDs(t, s, group); len(ids) != 0 {
			t.Fatalf("members of a missing conversation = %v, want none", ids)
		}
	})
	t.Run("NoMembers", func(t *testing.T) {
		s := newStore(t)
		createConv(t, s, group, 0)
		if ids := memberIDs(t, s, group); len(ids) != 0 {
			t.Fatalf("members = %v, want none", ids)
		}
		if got := lastSeq(t, s, group); got != 0 {
			t.Fatalf("last seq of a new conversation = %d, want 0", got)
		}
	})
}

func testClose(t *testing.T, newStore func(t *testing.T) im.Store) {
	s := newStore(t)
	createConv(t, s, direct, 0, alice, bob)
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, err := s.GetConversation(t.Context(), direct); err == nil {
		t.Fatal("GetConversation after Close succeeded")
	}
	if _, err := s.AppendMessages(t.Context(), []*chorusv1.Message{msg(direct, alice, newClientID(), "late", 0)}); err == nil {
		t.Fatal("AppendMessages after Close succeeded")
	}
}
