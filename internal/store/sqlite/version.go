package sqlite

import (
	"context"
	"database/sql"
	"fmt"
)

// versions hands out store versions inside one write transaction.
//
// The counter row is read at the first use and written back once, by
// flush, before the commit: like last_seq, the single writer makes the
// read-count-write safe, and a transaction that rolls back takes its
// versions with it (they are handed out again; nobody saw them).
//
// Every conversation a transaction changes gets its own version, shared by
// all of its rows the transaction writes (the conversation and any of its
// members). One user's entries therefore never share a version, whatever
// else the transaction touched, so a sync that pages by version can resume
// after any entry without skipping one that tied with it.
type versions struct {
	read   *sql.Stmt
	write  *sql.Stmt
	loaded bool
	stored uint64 // the counter as read
	last   uint64 // the newest version handed out
	byConv map[string]uint64
}

// newVersions returns the version allocator of tx, a transaction on the
// writer.
func (s *Store) newVersions(ctx context.Context, tx *sql.Tx) *versions {
	return &versions{
		read:  tx.StmtContext(ctx, s.stmts.readVersion),
		write: tx.StmtContext(ctx, s.stmts.writeVersion),
	}
}

// of returns the version of this transaction's changes to conversation id.
func (v *versions) of(ctx context.Context, id string) (uint64, error) {
	if n, ok := v.byConv[id]; ok {
		return n, nil
	}
	if !v.loaded {
		var n int64
		if err := v.read.QueryRowContext(ctx).Scan(&n); err != nil {
			return 0, fmt.Errorf("read the store version: %w", err)
		}
		v.loaded, v.stored, v.last = true, uint64(n), uint64(n)
		v.byConv = make(map[string]uint64)
	}
	v.last++
	v.byConv[id] = v.last
	return v.last, nil
}

// flush writes the counter back if the transaction took versions. It must
// run before the commit, inside the transaction.
func (v *versions) flush(ctx context.Context) error {
	if !v.loaded || v.last == v.stored {
		return nil
	}
	if _, err := v.write.ExecContext(ctx, int64(v.last)); err != nil {
		return fmt.Errorf("write the store version: %w", err)
	}
	v.stored = v.last
	return nil
}
