package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"testing"

	"github.com/pressly/goose/v3"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
	schema "github.com/chorus-im/chorus/sql"
)

// provider returns a goose provider of the store's migrations on the
// database at path, and the database, closed when the test ends.
func provider(t *testing.T, path string) (*goose.Provider, *sql.DB) {
	t.Helper()
	db, err := openDB(t.Context(), path, writerParams(Config{Synchronous: "FULL", BusyTimeout: defaultBusyTimeout}), 1)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	p, err := goose.NewProvider(goose.DialectSQLite3, db, schema.SQLite, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		t.Fatal(err)
	}
	return p, db
}

// exec runs statements on db and fails the test on error.
func exec(t *testing.T, db *sql.DB, stmts ...string) {
	t.Helper()
	for _, q := range stmts {
		if _, err := db.ExecContext(t.Context(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// A database written by the first schema gains versions and member counts
// that make it behave as if the new code had written it: a first sync
// sees every entry, one at a time if need be, and new changes come after.
func TestMigrateFromFirstSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "chorus.db")
	p, db := provider(t, path)
	if _, err := p.UpTo(t.Context(), 1); err != nil {
		t.Fatalf("UpTo(1): %v", err)
	}
	exec(t, db,
		`INSERT INTO conversations (id, kind, last_seq, created_at_ms, updated_at_ms) VALUES
			('p:alice:bob', 1, 0, 1, 1), ('g:team', 2, 0, 1, 2), ('s:alice', 3, 0, 1, 3)`,
		`INSERT INTO members (conversation_id, user_id, joined_seq, read_seq, delivered_seq, joined_at_ms) VALUES
			('p:alice:bob', 'alice', 0, 0, 0, 1), ('p:alice:bob', 'bob', 0, 0, 0, 1),
			('g:team', 'alice', 0, 0, 0, 1), ('g:team', 'bob', 0, 0, 0, 1), ('g:team', 'carol', 0, 0, 0, 1),
			('s:alice', 'alice', 0, 0, 0, 1)`)
	db.Close()

	s, err := Open(t.Context(), Config{Path: path})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer s.Close()
	ctx := t.Context()
	all, err := s.ListConversations(ctx, "alice", im.ConversationQuery{ByVersion: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Conversations) != 3 {
		t.Fatalf("first sync after the migration: %d entries, want 3", len(all.Conversations))
	}
	var versions []uint64
	for _, c := range all.Conversations {
		versions = append(versions, c.Version)
	}
	ascending := versions[0] > 0
	for i := 1; i < len(versions); i++ {
		ascending = ascending && versions[i] > versions[i-1]
	}
	if !ascending || all.Version != versions[len(versions)-1] {
		t.Fatalf("versions %v at page version %d, want distinct, ascending, from 1 up to the page's", versions, all.Version)
	}
	one, err := s.ListConversations(ctx, "alice", im.ConversationQuery{ByVersion: true, Limit: 1, SinceVersion: versions[0]})
	if err != nil || len(one.Conversations) != 1 || one.Conversations[0].Version != versions[1] {
		t.Fatalf("paging after the first: %v, %v", one, err)
	}
	g, err := s.GetGroup(ctx, "g:team")
	if err != nil {
		t.Fatal(err)
	}
	if g.MemberCount != 3 {
		t.Fatalf("member count %d after the migration, want 3", g.MemberCount)
	}
	if _, err := s.AppendMessages(ctx, []*chorusv1.Message{{Id: 1, ConversationId: "g:team", SenderId: "bob", ClientMsgId: "x"}}); err != nil {
		t.Fatal(err)
	}
	since, err := s.ListConversations(ctx, "alice", im.ConversationQuery{ByVersion: true, SinceVersion: all.Version})
	if err != nil || len(since.Conversations) != 1 || since.Conversations[0].Id != "g:team" {
		t.Fatalf("sync after a message: %v, %v; want the group only", since, err)
	}
}

// Reverting the groups migration leaves a database the first schema's code
// reads correctly: former members, which it has no notion of, are gone.
func TestMigrateDownFromGroups(t *testing.T) {
	path := filepath.Join(t.TempDir(), "chorus.db")
	s, err := Open(t.Context(), Config{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	if _, err := s.CreateGroup(ctx, &im.GroupRecord{ConversationID: "g:team"},
		[]im.MemberSpec{{UserID: "alice", Role: chorusv1.GroupRole_GROUP_ROLE_OWNER}, {UserID: "bob"}},
		&chorusv1.Message{Id: 1, ConversationId: "g:team", ClientMsgId: "e1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ChangeMembers(ctx, "g:team", im.MemberChange{Remove: []string{"bob"}}, nil); err != nil {
		t.Fatal(err)
	}
	s.Close()

	p, db := provider(t, path)
	if _, err := p.DownTo(ctx, 1); err != nil {
		t.Fatalf("DownTo(1): %v", err)
	}
	var users []string
	rows, err := db.QueryContext(ctx, `SELECT user_id FROM members WHERE conversation_id = 'g:team' ORDER BY user_id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			t.Fatal(err)
		}
		users = append(users, u)
	}
	rows.Close()
	if !slices.Equal(users, []string{"alice"}) {
		t.Fatalf("members after DownTo(1): %v, want alice only", users)
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatalf("Up again: %v", err)
	}
	db.Close()
	s, err = Open(context.Background(), Config{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if g, err := s.GetGroup(ctx, "g:team"); err != nil || g.MemberCount != 1 || g.LastSeq != 1 {
		t.Fatalf("after Up again: %+v, %v; want 1 member, last seq 1", g, err)
	}
}

// Members who left before the former-member snapshot existed get the
// group as it is at the upgrade (nothing older is known); the group's
// later changes then stay out of their entries as for anyone who leaves.
func TestMigrateFormerMembersKeepTheGroupAtTheUpgrade(t *testing.T) {
	path := filepath.Join(t.TempDir(), "chorus.db")
	p, db := provider(t, path)
	if _, err := p.UpTo(t.Context(), 2); err != nil {
		t.Fatalf("UpTo(2): %v", err)
	}
	exec(t, db,
		`INSERT INTO conversations (id, kind, last_seq, created_at_ms, updated_at_ms, name, avatar_url, member_count)
			VALUES ('g:team', 2, 2, 1, 2, 'Team', 'https://example.com/t.png', 1)`,
		`INSERT INTO members (conversation_id, user_id, joined_seq, read_seq, delivered_seq, joined_at_ms, role, left_seq)
			VALUES ('g:team', 'alice', 0, 0, 0, 1, 3, 0), ('g:team', 'bob', 0, 0, 0, 1, 1, 2)`)
	db.Close()

	s, err := Open(t.Context(), Config{Path: path})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer s.Close()
	ctx := t.Context()
	name := "Renamed after the upgrade"
	if _, _, err := s.UpdateGroup(ctx, "g:team", im.GroupUpdate{Name: &name}, nil); err != nil {
		t.Fatal(err)
	}
	c, err := s.GetUserConversation(ctx, "bob", "g:team")
	if err != nil {
		t.Fatal(err)
	}
	if !c.Left || c.Name != "Team" || c.AvatarUrl != "https://example.com/t.png" || c.MemberCount != 1 {
		t.Fatalf("bob, who left before the upgrade, sees %v; want the group as it was at the upgrade", c)
	}
}
