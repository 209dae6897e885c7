package storetest

import (
	"testing"

	"google.golang.org/protobuf/proto"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
)

func testReopen(t *testing.T, open Opener) {
	reopen := func(t *testing.T) im.Store {
		t.Helper()
		s, err := open()
		if err != nil {
			t.Fatalf("open: %v", err)
		}
		return s
	}
	closeStore := func(t *testing.T, s im.Store) {
		t.Helper()
		if err := s.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
	}

	s := reopen(t)
	u, err := s.CreateUser(t.Context(), &chorusv1.User{Id: alice, Name: "Alice", Attributes: map[string]string{"k": "v"}})
	if err != nil {
		t.Fatalf("CreateUser: %v", err)
	}
	createConv(t, s, direct, 0, alice, bob)
	first := msg(direct, alice, "first", "1", 0)
	appendOK(t, s, first)
	sendN(t, s, direct, bob, 2)
	if _, err := s.MarkRead(t.Context(), direct, alice, 2); err != nil {
		t.Fatalf("MarkRead: %v", err)
	}
	closeStore(t, s)

	s = reopen(t)
	defer closeStore(t, s)
	got, err := s.GetUser(t.Context(), alice)
	if err != nil {
		t.Fatalf("GetUser after reopen: %v", err)
	}
	if !proto.Equal(got, u) {
		t.Fatalf("user after reopen %v, want %v", got, u)
	}
	wantPositions(t, s, direct, alice, 2, 2)
	wantPositions(t, s, direct, bob, 3, 3)

	// Seqs continue where they stopped, and retries of messages stored
	// before the reopen are still recognised.
	res := appendOK(t, s, msg(direct, alice, "first", "1 again", 0), msg(direct, bob, newClientID(), "4", 0))
	if !res[0].Duplicate {
		t.Fatal("a retry of a message stored before the reopen was not a duplicate")
	}
	wantMessage(t, "retry after reopen", res[0].Message, stored(first, 1))
	if res[1].Duplicate || res[1].Message.Seq != 4 {
		t.Fatalf("first new message after reopen: seq %d, want 4", res[1].Message.Seq)
	}
	wantSeqs(t, "after reopen", listAll(t, s, direct), span(1, 4))
}
