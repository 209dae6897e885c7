package schema_test

import (
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite"

	schema "github.com/chorus-im/chorus/sql"
)

// tables lists the user tables of db.
func tables(t *testing.T, db *sql.DB) map[string]bool {
	t.Helper()
	rows, err := db.QueryContext(t.Context(),
		`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'goose%' AND name NOT LIKE 'sqlite%'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		out[name] = true
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSQLiteUpDownUp applies every migration, reverts them all and applies
// them again, so that a broken Down section is caught here and not during
// an operator's rollback.
func TestSQLiteUpDownUp(t *testing.T) {
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "schema.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p, err := goose.NewProvider(goose.DialectSQLite3, db, schema.SQLite, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		t.Fatalf("NewProvider: %v", err)
	}
	if len(p.ListSources()) == 0 {
		t.Fatal("no SQLite migrations embedded")
	}
	want := []string{"users", "conversations", "members", "messages", "mentions", "store_version"}

	if _, err := p.Up(t.Context()); err != nil {
		t.Fatalf("Up: %v", err)
	}
	got := tables(t, db)
	for _, name := range want {
		if !got[name] {
			t.Fatalf("after Up, tables %v lack %s", got, name)
		}
	}
	if _, err := p.DownTo(t.Context(), 0); err != nil {
		t.Fatalf("DownTo(0): %v", err)
	}
	if got := tables(t, db); len(got) != 0 {
		t.Fatalf("after DownTo(0), tables %v remain", got)
	}
	if _, err := p.Up(t.Context()); err != nil {
		t.Fatalf("Up again: %v", err)
	}
	if got := tables(t, db); len(got) != len(want) {
		t.Fatalf("after Up again, tables %v, want %v", got, want)
	}
}
