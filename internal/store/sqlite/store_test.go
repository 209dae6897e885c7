package sqlite

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
	"github.com/chorus-im/chorus/internal/store/storetest"
)

// newStore opens a store on a fresh file and closes it when the test ends.
func newStore(tb testing.TB) *Store {
	tb.Helper()
	s, err := Open(tb.Context(), Config{Path: filepath.Join(tb.TempDir(), "db", "chorus.db")})
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) im.Store { return newStore(t) })
}

func TestConformanceReopen(t *testing.T) {
	storetest.RunReopen(t, func(t *testing.T) storetest.Opener {
		path := filepath.Join(t.TempDir(), "chorus.db")
		return func() (im.Store, error) { return Open(context.Background(), Config{Path: path}) }
	})
}

func TestOpenCreatesParentDirectory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a", "b", "chorus.db")
	s, err := Open(t.Context(), Config{Path: path})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer s.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("database file: %v", err)
	}
}

func TestOpenBadPath(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, []byte("not a database, and longer than a header would be........................................................................"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, want string
	}{
		{"Empty", "", "Config.Path is empty"},
		{"ParentIsFile", filepath.Join(file, "chorus.db"), file},
		{"IsDirectory", dir, "is a directory"},
		{"NotADatabase", file, file},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Open(t.Context(), Config{Path: tt.path})
			if err == nil {
				s.Close()
				t.Fatalf("Open(%q) succeeded", tt.path)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Open(%q) = %q, want it to mention %q", tt.path, err, tt.want)
			}
		})
	}
}

func TestOpenBadConfig(t *testing.T) {
	path := filepath.Join(t.TempDir(), "chorus.db")
	for _, cfg := range []Config{
		{Path: path, Synchronous: "off"},
		{Path: path, BusyTimeout: -1},
		{Path: path, MaxReadConns: -1},
	} {
		if s, err := Open(t.Context(), cfg); err == nil {
			s.Close()
			t.Errorf("Open(%+v) succeeded", cfg)
		}
	}
}

// pragma reads a pragma on the writer's connection.
func pragma(t *testing.T, s *Store, name string) string {
	t.Helper()
	var v string
	if err := s.write.QueryRowContext(t.Context(), "PRAGMA "+name).Scan(&v); err != nil {
		t.Fatalf("PRAGMA %s: %v", name, err)
	}
	return v
}

func TestPragmas(t *testing.T) {
	for _, tt := range []struct{ sync, want string }{{"", "2"}, {"FULL", "2"}, {"normal", "1"}} {
		s, err := Open(t.Context(), Config{Path: filepath.Join(t.TempDir(), "chorus.db"), Synchronous: tt.sync})
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		defer s.Close()
		if got := pragma(t, s, "synchronous"); got != tt.want {
			t.Errorf("Synchronous %q: PRAGMA synchronous = %s, want %s", tt.sync, got, tt.want)
		}
		if got := pragma(t, s, "journal_mode"); got != "wal" {
			t.Errorf("journal_mode = %s, want wal", got)
		}
		if got := pragma(t, s, "foreign_keys"); got != "1" {
			t.Errorf("foreign_keys = %s, want 1", got)
		}
	}
}

func TestMigrationsAppliedOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "chorus.db")
	for range 3 {
		s, err := Open(t.Context(), Config{Path: path})
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		var n1, n2 int
		err = s.write.QueryRowContext(t.Context(),
			`SELECT COUNT(*) FILTER (WHERE version_id = 1), COUNT(*) FILTER (WHERE version_id = 2)
			FROM goose_db_version WHERE is_applied`).Scan(&n1, &n2)
		s.Close()
		if err != nil {
			t.Fatalf("reading goose_db_version: %v", err)
		}
		if n1 != 1 || n2 != 1 {
			t.Fatalf("migrations 1 and 2 recorded %d and %d times, want once each", n1, n2)
		}
	}
}

func TestReadPoolIsReadOnly(t *testing.T) {
	s := newStore(t)
	if _, err := s.read.ExecContext(t.Context(), `DELETE FROM users`); err == nil {
		t.Fatal("a write through the read pool succeeded")
	}
}

func TestReadsDoNotWaitForWriter(t *testing.T) {
	s := newStore(t)
	ctx := t.Context()
	if _, err := s.CreateConversation(ctx, &im.ConversationRecord{ID: "g:team", Kind: 2}, []string{"alice"}); err != nil {
		t.Fatal(err)
	}
	// Hold the writer's only connection in an open transaction: every read
	// must still answer, from the last committed state.
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE conversations SET last_seq = 99`); err != nil {
		t.Fatal(err)
	}
	c, err := s.GetConversation(ctx, "g:team")
	if err != nil {
		t.Fatalf("GetConversation while a write is open: %v", err)
	}
	if c.LastSeq != 0 {
		t.Fatalf("read saw uncommitted last_seq %d", c.LastSeq)
	}
	if _, err := s.ListConversations(ctx, "alice", im.ConversationQuery{}); err != nil {
		t.Fatalf("ListConversations while a write is open: %v", err)
	}
}

func TestBusyIsUnavailable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "chorus.db")
	s, err := Open(t.Context(), Config{Path: path, BusyTimeout: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := t.Context()
	if _, err := s.CreateConversation(ctx, &im.ConversationRecord{ID: "g:team", Kind: 2}, nil); err != nil {
		t.Fatal(err)
	}
	// Another process (here another pool) holds the write lock.
	other, err := openDB(ctx, path, writerParams(Config{Synchronous: "FULL", BusyTimeout: time.Second}), 1)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	tx, err := other.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()

	_, err = s.AppendMessages(ctx, []*chorusv1.Message{{Id: 1, ConversationId: "g:team", SenderId: "alice", ClientMsgId: "x"}})
	if !im.IsCode(err, chorusv1.ErrorCode_ERROR_CODE_UNAVAILABLE) {
		t.Fatalf("AppendMessages under another writer's lock: %v, want UNAVAILABLE", err)
	}
	var ie *im.Error
	if errors.As(err, &ie) && !ie.Temporary() {
		t.Fatal("busy is not temporary")
	}
	// Once the lock is gone the same batch goes through.
	tx.Rollback()
	if _, err := s.AppendMessages(ctx, []*chorusv1.Message{{Id: 1, ConversationId: "g:team", SenderId: "alice", ClientMsgId: "x"}}); err != nil {
		t.Fatalf("AppendMessages after the lock was released: %v", err)
	}
}

func TestClosedIsUnavailable(t *testing.T) {
	s := newStore(t)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	_, err := s.GetUser(t.Context(), "alice")
	if !im.IsCode(err, chorusv1.ErrorCode_ERROR_CODE_UNAVAILABLE) {
		t.Fatalf("GetUser after Close: %v, want UNAVAILABLE", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

// Messages without a client_msg_id (system notices sent without one) are
// never taken for duplicates of each other.
func TestEmptyClientMsgIDNeverDuplicate(t *testing.T) {
	s := newStore(t)
	ctx := t.Context()
	if _, err := s.CreateConversation(ctx, &im.ConversationRecord{ID: "s:alice", Kind: 3}, []string{"alice"}); err != nil {
		t.Fatal(err)
	}
	batch := []*chorusv1.Message{{Id: 1, ConversationId: "s:alice"}, {Id: 2, ConversationId: "s:alice"}}
	for round := range 2 {
		res, err := s.AppendMessages(ctx, batch)
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range res {
			if r.Duplicate || r.Message.Seq != uint64(round*2+i+1) || r.Message.ClientMsgId != "" {
				t.Fatalf("round %d message %d: %v", round, i, r)
			}
		}
	}
}

func TestAppendWithEndedContextStoresNothing(t *testing.T) {
	s := newStore(t)
	if _, err := s.CreateConversation(t.Context(), &im.ConversationRecord{ID: "g:team", Kind: 2}, nil); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := s.AppendMessages(ctx, []*chorusv1.Message{{Id: 1, ConversationId: "g:team", SenderId: "alice", ClientMsgId: "x"}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("AppendMessages with a cancelled context: %v, want context.Canceled", err)
	}
	c, err := s.GetConversation(t.Context(), "g:team")
	if err != nil {
		t.Fatal(err)
	}
	if c.LastSeq != 0 {
		t.Fatalf("last seq %d after a cancelled append, want 0", c.LastSeq)
	}
}
