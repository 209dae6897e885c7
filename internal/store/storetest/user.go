package storetest

import (
	"maps"
	"testing"

	"google.golang.org/protobuf/proto"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
)

func testUser(t *testing.T, newStore func(t *testing.T) im.Store) {
	// create makes a store holding one user, alice, with two attributes.
	create := func(t *testing.T) (im.Store, *chorusv1.User) {
		s := newStore(t)
		u, err := s.CreateUser(t.Context(), &chorusv1.User{
			Id: alice, Name: "Alice", AvatarUrl: "https://cdn.example/a.png",
			Attributes: map[string]string{"team": "blue", "level": "3"},
		})
		if err != nil {
			t.Fatalf("CreateUser: %v", err)
		}
		return s, u
	}
	get := func(t *testing.T, s im.Store, id string) *chorusv1.User {
		t.Helper()
		u, err := s.GetUser(t.Context(), id)
		if err != nil {
			t.Fatalf("GetUser(%s): %v", id, err)
		}
		return u
	}
	str := func(s string) *string { return &s }

	t.Run("CreateAndGet", func(t *testing.T) {
		s, u := create(t)
		if u.Id != alice || u.Name != "Alice" || u.AvatarUrl != "https://cdn.example/a.png" ||
			!maps.Equal(u.Attributes, map[string]string{"team": "blue", "level": "3"}) {
			t.Fatalf("CreateUser returned %v", u)
		}
		if u.CreatedAtMs <= 0 || u.UpdatedAtMs != u.CreatedAtMs {
			t.Fatalf("CreateUser times: created %d updated %d, want set and equal", u.CreatedAtMs, u.UpdatedAtMs)
		}
		if got := get(t, s, alice); !proto.Equal(got, u) {
			t.Fatalf("GetUser = %v, want what CreateUser returned, %v", got, u)
		}
	})
	t.Run("CreateExisting", func(t *testing.T) {
		s, u := create(t)
		_, err := s.CreateUser(t.Context(), &chorusv1.User{Id: alice, Name: "Impostor"})
		wantCode(t, err, chorusv1.ErrorCode_ERROR_CODE_USER_ALREADY_EXISTS)
		if got := get(t, s, alice); !proto.Equal(got, u) {
			t.Fatalf("after a failed create GetUser = %v, want it unchanged, %v", got, u)
		}
	})
	t.Run("GetMissing", func(t *testing.T) {
		s, _ := create(t)
		_, err := s.GetUser(t.Context(), bob)
		wantCode(t, err, chorusv1.ErrorCode_ERROR_CODE_USER_NOT_FOUND)
	})
	t.Run("UpdateMissing", func(t *testing.T) {
		s, _ := create(t)
		_, err := s.UpdateUser(t.Context(), bob, im.UserUpdate{Name: str("Bob")})
		wantCode(t, err, chorusv1.ErrorCode_ERROR_CODE_USER_NOT_FOUND)
	})
	t.Run("UpdateFields", func(t *testing.T) {
		s, u := create(t)
		got, err := s.UpdateUser(t.Context(), alice, im.UserUpdate{Name: str("Alice B.")})
		if err != nil {
			t.Fatalf("UpdateUser: %v", err)
		}
		want := proto.CloneOf(u)
		want.Name = "Alice B."
		want.UpdatedAtMs = got.UpdatedAtMs
		if !proto.Equal(got, want) {
			t.Fatalf("UpdateUser(name) = %v, want %v (nil fields unchanged)", got, want)
		}
		if got.UpdatedAtMs < u.UpdatedAtMs {
			t.Fatalf("updated time went back: %d < %d", got.UpdatedAtMs, u.UpdatedAtMs)
		}
		// A pointer to "" sets the field to "", unlike nil.
		got, err = s.UpdateUser(t.Context(), alice, im.UserUpdate{AvatarURL: str("")})
		if err != nil {
			t.Fatalf("UpdateUser: %v", err)
		}
		if got.AvatarUrl != "" || got.Name != "Alice B." {
			t.Fatalf("UpdateUser(avatar \"\") = %v, want no avatar and the new name", got)
		}
		if read := get(t, s, alice); !proto.Equal(read, got) {
			t.Fatalf("GetUser = %v, want what UpdateUser returned, %v", read, got)
		}
	})
	t.Run("MergeAttributes", func(t *testing.T) {
		s, _ := create(t)
		got, err := s.UpdateUser(t.Context(), alice, im.UserUpdate{
			Attributes: map[string]string{"level": "", "city": "Oslo", "team": "red"},
		})
		if err != nil {
			t.Fatalf("UpdateUser: %v", err)
		}
		want := map[string]string{"team": "red", "city": "Oslo"}
		if !maps.Equal(got.Attributes, want) {
			t.Fatalf("merged attributes = %v, want %v (empty value deletes)", got.Attributes, want)
		}
		if got.Name != "Alice" {
			t.Fatalf("name = %q, want it unchanged", got.Name)
		}
		if read := get(t, s, alice); !maps.Equal(read.Attributes, want) {
			t.Fatalf("GetUser attributes = %v, want %v", read.Attributes, want)
		}
	})
	t.Run("ReplaceAttributes", func(t *testing.T) {
		s, _ := create(t)
		got, err := s.UpdateUser(t.Context(), alice, im.UserUpdate{
			Attributes: map[string]string{"city": "Oslo"}, ReplaceAttributes: true,
		})
		if err != nil {
			t.Fatalf("UpdateUser: %v", err)
		}
		if want := map[string]string{"city": "Oslo"}; !maps.Equal(got.Attributes, want) {
			t.Fatalf("replaced attributes = %v, want %v", got.Attributes, want)
		}
		got, err = s.UpdateUser(t.Context(), alice, im.UserUpdate{ReplaceAttributes: true})
		if err != nil {
			t.Fatalf("UpdateUser: %v", err)
		}
		if len(got.Attributes) != 0 || len(get(t, s, alice).Attributes) != 0 {
			t.Fatalf("replacing with nothing left attributes %v", got.Attributes)
		}
	})
	t.Run("UpdateNothing", func(t *testing.T) {
		s, u := create(t)
		got, err := s.UpdateUser(t.Context(), alice, im.UserUpdate{})
		if err != nil {
			t.Fatalf("UpdateUser: %v", err)
		}
		if got.Name != u.Name || got.AvatarUrl != u.AvatarUrl || !maps.Equal(got.Attributes, u.Attributes) ||
			got.CreatedAtMs != u.CreatedAtMs {
			t.Fatalf("an empty update changed the user: %v, was %v", got, u)
		}
	})
}
