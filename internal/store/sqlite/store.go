package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pressly/goose/v3"
	sqlitedriver "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
	schema "github.com/chorus-im/chorus/sql"
)

// Config configures the embedded store. The zero value of every field but
// Path means its default.
type Config struct {
	// Path is the database file. It is required; its parent directory is
	// created if missing. SQLite keeps two more files beside it while open
	// (Path-wal and Path-shm), so the directory must be writable.
	Path string
	// Synchronous is "full" (the default) or "normal". With "full" a
	// message is on disk when AppendMessages returns, which is what the
	// delivery contract promises ("acknowledged only after durable").
	// "normal" is faster but the last transactions before a power loss or
	// OS crash may be lost (never corrupted); a process crash loses nothing.
	Synchronous string
	// BusyTimeout is how long a statement waits for a lock held by another
	// connection before failing with UNAVAILABLE. Default 5s. Within one
	// process writes queue on the single writer connection and never wait
	// here; this only matters if something else (a backup, a CLI) opens the
	// file.
	BusyTimeout time.Duration
	// MaxReadConns is the size of the read pool. Default: GOMAXPROCS, at
	// least 4. Readers never block the writer nor each other in WAL mode,
	// so this bounds read parallelism and memory (each connection has its
	// own page cache).
	MaxReadConns int
}

const (
	defaultBusyTimeout = 5 * time.Second
	minReadConns       = 4
)

// withDefaults validates cfg and fills in the defaults.
func (cfg Config) withDefaults() (Config, error) {
	if cfg.Path == "" {
		return cfg, errors.New("sqlite: Config.Path is empty: the store needs a database file")
	}
	switch strings.ToLower(cfg.Synchronous) {
	case "", "full":
		cfg.Synchronous = "FULL"
	case "normal":
		cfg.Synchronous = "NORMAL"
	default:
		return cfg, fmt.Errorf("sqlite: Config.Synchronous is %q: want \"full\" or \"normal\"", cfg.Synchronous)
	}
	if cfg.BusyTimeout < 0 {
		return cfg, fmt.Errorf("sqlite: Config.BusyTimeout is negative (%v)", cfg.BusyTimeout)
	}
	if cfg.BusyTimeout == 0 {
		cfg.BusyTimeout = defaultBusyTimeout
	}
	if cfg.MaxReadConns < 0 {
		return cfg, fmt.Errorf("sqlite: Config.MaxReadConns is negative (%d)", cfg.MaxReadConns)
	}
	if cfg.MaxReadConns == 0 {
		cfg.MaxReadConns = max(minReadConns, runtime.GOMAXPROCS(0))
	}
	return cfg, nil
}

// Store is the SQLite implementation of im.Store. It is safe for concurrent
// use.
type Store struct {
	// write has exactly one connection: every write transaction runs on it,
	// in turn. Never use write inside a transaction of write: the
	// transaction holds the only connection and the call would wait forever.
	write *sql.DB
	// read is the pool of query_only connections.
	read *sql.DB

	// Statements prepared once at Open and reused by every call; on write
	// they stay prepared on its one connection.
	stmts statements

	closed    atomic.Bool
	closeOnce sync.Once
	closeErr  error
}

var _ im.Store = (*Store)(nil)

// Open opens (creating if needed) the database at cfg.Path, brings its
// schema up to date and prepares the store's statements.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	path, err := filepath.Abs(cfg.Path)
	if err != nil {
		return nil, fmt.Errorf("sqlite: database path %q: %w", cfg.Path, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("sqlite: create the directory of database %s: %w", path, err)
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("sqlite: database path %s is a directory", path)
	}

	s := &Store{}
	s.write, err = openDB(ctx, path, writerParams(cfg), 1)
	if err != nil {
		return nil, err
	}
	if err := migrate(ctx, s.write); err != nil {
		s.write.Close()
		return nil, fmt.Errorf("sqlite: migrate %s: %w", path, err)
	}
	s.read, err = openDB(ctx, path, readerParams(cfg), cfg.MaxReadConns)
	if err != nil {
		s.write.Close()
		return nil, err
	}
	if err := s.stmts.prepare(ctx, s.write, s.read); err != nil {
		s.read.Close()
		s.write.Close()
		return nil, fmt.Errorf("sqlite: prepare statements on %s: %w", path, err)
	}
	return s, nil
}

// writerParams are the connection settings of the writer. WAL lets readers
// run beside it; _txlock=immediate takes the write lock at BEGIN, so a
// transaction never fails half-way when upgrading from a read lock.
func writerParams(cfg Config) url.Values {
	q := url.Values{}
	q.Set("_busy_timeout", busyMs(cfg))
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", cfg.Synchronous)
	q.Set("_foreign_keys", "1")
	q.Set("_txlock", "immediate")
	// A larger page cache (the default is 2 MiB) keeps the hot part of the
	// message and member indexes in memory across transactions.
	q.Add("_pragma", "cache_size(-16384)")
	return q
}

// readerParams are the connection settings of the read pool. query_only
// turns a write that slips into the read path into an error instead of a
// second writer.
func readerParams(cfg Config) url.Values {
	q := url.Values{}
	q.Set("_busy_timeout", busyMs(cfg))
	q.Set("_foreign_keys", "1")
	q.Set("_query_only", "1")
	return q
}

// busyMs is cfg.BusyTimeout in SQLite's unit, rounded up so that a short
// timeout does not become 0, which means "fail at once".
func busyMs(cfg Config) string {
	return strconv.FormatInt((cfg.BusyTimeout + time.Millisecond - 1).Milliseconds(), 10)
}

// openDB opens a pool of at most conns connections to path and checks that
// one can be made, so a bad path fails Open rather than the first request.
func openDB(ctx context.Context, path string, params url.Values, conns int) (*sql.DB, error) {
	// A file: URI with an escaped path, so that a path holding '?' or '#'
	// is not taken for the start of the parameters.
	dsn := (&url.URL{Scheme: "file", Path: path, RawQuery: params.Encode()}).String()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	// Connections are never recycled: each carries prepared statements and
	// a warm page cache.
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	return db, nil
}

// migrate applies the pending migrations of schema.SQLite.
func migrate(ctx context.Context, db *sql.DB) error {
	p, err := goose.NewProvider(goose.DialectSQLite3, db, schema.SQLite,
		goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return err
	}
	_, err = p.Up(ctx)
	return err
}

// Close closes the store. Calls made after it fail with UNAVAILABLE; a
// second Close returns the result of the first.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		s.closed.Store(true)
		s.stmts.close()
		// Readers first: the last connection to close checkpoints the WAL
		// into the database file, and only the writer may write it.
		s.closeErr = errors.Join(s.read.Close(), s.write.Close())
	})
	return s.closeErr
}

// fail turns an error of operation op, called with ctx, into what the
// store returns: catalogue errors pass through; when ctx has ended, that is
// the cause, whatever the driver said (database/sql rolls back a
// transaction whose context ends, and later statements only report "the
// transaction is done"); a closed store or a busy database become
// UNAVAILABLE, which tells the caller to retry; anything else is wrapped
// with the operation for the log.
func (s *Store) fail(ctx context.Context, op string, err error) error {
	var ie *im.Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ie):
		return err
	case ctx.Err() != nil:
		return fmt.Errorf("sqlite: %s: %w", op, context.Cause(ctx))
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	case s.closed.Load():
		return im.Errorf(chorusv1.ErrorCode_ERROR_CODE_UNAVAILABLE, "the store is closed")
	case isBusy(err):
		return im.Errorf(chorusv1.ErrorCode_ERROR_CODE_UNAVAILABLE, "the database is busy; retry")
	}
	return fmt.Errorf("sqlite: %s: %w", op, err)
}

// isBusy reports whether err is SQLite's "database is locked": another
// connection held a lock longer than the busy timeout. Retrying can succeed.
func isBusy(err error) bool {
	var se *sqlitedriver.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return true
	}
	return false
}

// isConstraint reports whether err is a violation of the constraint with
// the given extended result code (sqlite3.SQLITE_CONSTRAINT_...).
func isConstraint(err error, code int) bool {
	var se *sqlitedriver.Error
	return errors.As(err, &se) && se.Code() == code
}

// clip shortens untrusted input before it goes into an error message.
func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "..."
	}
	return s
}

// nowMs is the store's clock for the times it sets itself (user creation
// and update, defaults of conversation times).
func nowMs() int64 { return time.Now().UnixMilli() }
