// Package sqlite is the embedded implementation of im.Store: one SQLite
// database file, opened with the pure-Go driver modernc.org/sqlite, so a
// single Chorus node needs no database server and no cgo.
//
// The database runs in WAL mode. All writes go through one connection (a
// *sql.DB limited to one open connection), which makes SQLite's single
// writer explicit: write transactions queue in Go instead of failing with
// SQLITE_BUSY, and sequence numbers can be assigned inside the transaction
// that stores the messages without any other lock. Reads use a separate pool
// of read-only connections, so history, sync and conversation lists never
// wait for the writer (WAL readers see the last committed state).
//
// The schema lives in the top-level sql package and is applied by goose when
// the store opens.
//
// What it must not do:
//   - hold business rules: membership checks, permissions and validation of
//     ids and sizes belong to the messaging core; the store keeps the
//     invariants of its data (gapless seqs, idempotent sends, monotonic
//     positions, a group's member count and owner, versions that grow in
//     commit order) and nothing more;
//   - write per member on the send path: a group message is one row (and
//     one per member it mentions by id), and
//     every member's view of it (unread and mention counts, version)
//     derives from the conversation's row and their own position;
//   - be opened twice on one file, by two nodes or two processes: seq
//     assignment is correct under SQLite's locking, but a second writer only
//     adds contention. A cluster uses the MySQL store;
//   - leak driver errors as catalogue errors it cannot vouch for: only the
//     cases im.Store documents, and a busy database (UNAVAILABLE), become
//     *im.Error; the rest are wrapped as "sqlite: <operation>: <cause>".
package sqlite
