package test

import (
	"context"
	"testing"
	"time"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/client"
)

// TestGetUsersShowsProfilesNotAttributes: a client reads other users'
// names and avatars (several per request, unknown ids left out, repeats
// once), never the back end's attributes, and bad requests are refused.
func TestGetUsersShowsProfilesNotAttributes(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	tn := startNode(t, "", nil)
	tok := tn.createUser(t, "alice")
	tn.mustCall(t, "CreateUser", &chorusv1.CreateUserRequest{User: &chorusv1.User{
		Id: "bob", Name: "Bob Builder", AvatarUrl: "https://example.com/bob.png", Attributes: map[string]string{"plan": "pro"},
	}}, &chorusv1.CreateUserResponse{})

	c := dial(t, ctx, client.Options{Addr: "tcp://" + tn.TCPAddr(), Token: tok, DeviceID: "d1"})
	got, err := c.GetUsers(ctx, "bob", "nobody", "alice", "bob")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].GetId() != "bob" || got[1].GetId() != "alice" {
		t.Fatalf("profiles %v, want bob then alice", got)
	}
	if got[0].GetName() != "Bob Builder" || got[0].GetAvatarUrl() != "https://example.com/bob.png" || got[0].GetUpdatedAtMs() == 0 {
		t.Fatalf("bob's profile %v", got[0])
	}

	raw := dialRaw(t, tn.TCPAddr())
	raw.auth(tok, "d2")
	for _, ids := range [][]string{nil, {"bad id"}, make([]string, 101)} {
		raw.send(&chorusv1.Frame{Id: 7, Body: &chorusv1.Frame_GetUsers{GetUsers: &chorusv1.GetUsersRequest{UserIds: ids}}})
		f := raw.read()
		if code := errorCode(t, f); code != chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT || f.GetId() != 7 {
			t.Fatalf("get_users %d ids answered %v", len(ids), f)
		}
	}
}
