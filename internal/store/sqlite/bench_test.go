package sqlite

import (
	"testing"

	"github.com/chorus-im/chorus/internal/im"
	"github.com/chorus-im/chorus/internal/store/storetest"
)

// BenchmarkAppendMessages measures the send path's group commit on a file
// in the test's temporary directory, with the default (full) synchronous
// mode, so every batch waits for its fsync.
func BenchmarkAppendMessages(b *testing.B) {
	storetest.BenchmarkAppendMessages(b, func(b *testing.B) im.Store { return newStore(b) })
}

// BenchmarkAppendGroup shows that a group message costs the same in a
// group of 2 and of 100,000 members.
func BenchmarkAppendGroup(b *testing.B) {
	storetest.BenchmarkAppendGroup(b, func(b *testing.B) im.Store { return newStore(b) })
}

// BenchmarkCountReceipts measures read receipts in a group of 100,000.
func BenchmarkCountReceipts(b *testing.B) {
	storetest.BenchmarkCountReceipts(b, func(b *testing.B) im.Store { return newStore(b) })
}
