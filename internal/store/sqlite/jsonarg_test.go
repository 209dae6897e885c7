package sqlite

import (
	"slices"
	"strings"
	"testing"
)

// roundTrip passes ss through jsonStrings and SQLite's json_each.
func roundTrip(t *testing.T, s *Store, ss []string) []string {
	t.Helper()
	rows, err := s.read.QueryContext(t.Context(), `SELECT value FROM json_each(?) ORDER BY key`, jsonStrings(ss))
	if err != nil {
		t.Fatalf("json_each(%q): %v", jsonStrings(ss), err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestJSONStrings(t *testing.T) {
	s := newStore(t)
	for _, ss := range [][]string{
		nil,
		{""},
		{"p:alice:bob", "g:team", "s:alice"},
		{`quote " and backslash \ and slash /`, "tab\tnewline\n\x01\x1f\x7f", "héllo 👋", "\xff\xfe not UTF-8 \xc3"},
		{strings.Repeat("x", 10000)},
	} {
		if got := roundTrip(t, s, ss); !slices.Equal(got, ss) {
			t.Errorf("round trip of %q = %q", ss, got)
		}
	}
}

func FuzzJSONStrings(f *testing.F) {
	f.Add("p:alice:bob", `a"b\c`)
	f.Add("\x00", "\xff")
	s := newStore(f)
	f.Fuzz(func(t *testing.T, a, b string) {
		if got := roundTrip(t, s, []string{a, b}); !slices.Equal(got, []string{a, b}) {
			t.Fatalf("round trip of %q, %q = %q", a, b, got)
		}
	})
}
