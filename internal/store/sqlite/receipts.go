package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"

	"github.com/chorus-im/chorus/internal/im"
)

// CountReceipts implements im.Store, in one read transaction (one
// snapshot for every seq) and one statement per seq whose cost does not
// grow with the group but with the members on the smaller side of the seq.
//
// For a current member, delivered_seq >= read_seq >= joined_seq (positions
// start at joined_seq and only grow). So, with N the member count and
// J(s), R(s), D(s) the current members with joined_seq, read_seq,
// delivered_seq >= s:
//
//	members who joined before s  = N - J(s)
//	of them, who read s          = R(s) - J(s)  (everyone in J(s) is in R(s))
//	of them, who received s      = D(s) - J(s)
//
// Each of J, R and D is one range of a partial index of current members:
// the members at or past s, or N minus those behind it. Which is shorter
// depends on the group (in a large one, the recent readers are usually
// few, but an old message has been read by most), so the seqs are counted
// from the newest down: J, R and D only grow as s falls, and once one of
// them passes N/2 the rest of its counts take the other side. Each count
// thus walks at most about half the group: a request of k seqs at most
// about 3k·N/2 index entries, which is why the core asks large groups for
// few seqs at a time.
func (s *Store) CountReceipts(ctx context.Context, conversationID string, seqs []uint64) ([]im.ReceiptCount, error) {
	out, err := s.countReceipts(ctx, conversationID, seqs)
	if err != nil {
		return nil, s.fail(ctx, "count receipts", err)
	}
	return out, nil
}

func (s *Store) countReceipts(ctx context.Context, conversationID string, seqs []uint64) ([]im.ReceiptCount, error) {
	out := make([]im.ReceiptCount, len(seqs))
	for i, seq := range seqs {
		out[i].Seq = seq
	}
	if len(seqs) == 0 {
		return out, nil
	}
	tx, err := s.read.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var n int64
	err = tx.StmtContext(ctx, s.stmts.memberCount).QueryRowContext(ctx, conversationID).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return out, nil // no conversation: nobody to count
	}
	if err != nil {
		return nil, err
	}

	// Newest first; out keeps the order asked.
	order := make([]int, len(seqs))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(seqs[b], seqs[a]) })
	count := tx.StmtContext(ctx, s.stmts.countReceipts)
	above := [3]bool{true, true, true} // per J, R, D: count the range at or above s
	for _, i := range order {
		seq := seqs[i]
		if seq == 0 {
			continue // no message; nobody joined before it
		}
		var c [3]int64 // J, R, D
		if err := count.QueryRowContext(ctx, conversationID, clampSeq(seq), above[0], above[1], above[2], n).
			Scan(&c[0], &c[1], &c[2]); err != nil {
			return nil, err
		}
		for k := range c {
			above[k] = above[k] && c[k] <= n/2
		}
		out[i].Members, out[i].Read, out[i].Delivered = int(n-c[0]), int(c[1]-c[0]), int(c[2]-c[0])
	}
	return out, nil
}
