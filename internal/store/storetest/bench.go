package storetest

import (
	"fmt"
	"strconv"
	"testing"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
)

// BenchmarkAppendMessages measures AppendMessages, the group commit of the
// send path, and reports msgs/s. Batches of 1 show the cost of a commit;
// 64 and 512 what group commit buys. Messages go either to one busy
// conversation or round-robin over many direct conversations (each
// message then costs its own seq read and position updates), which
// bracket real traffic. ns/op is per batch; msgs/s is the figure to
// compare across batch sizes. newStore must return a new, empty store and close
// it in a b.Cleanup.
func BenchmarkAppendMessages(b *testing.B, newStore func(b *testing.B) im.Store) {
	for _, convs := range []int{1, 1000} {
		for _, size := range []int{1, 64, 512} {
			b.Run(fmt.Sprintf("convs=%d/batch=%d", convs, size), func(b *testing.B) {
				benchmarkAppend(b, newStore(b), convs, size)
			})
		}
	}
}

func benchmarkAppend(b *testing.B, s im.Store, convs, size int) {
	ids := make([]string, convs)
	senders := make([]string, convs)
	for i := range ids {
		senders[i] = "u" + strconv.Itoa(i)
		ids[i] = im.DirectConversationID(senders[i], "v"+strconv.Itoa(i))
	}
	// Setup, not timed: b.Loop starts the clock at its first call.
	for i, id := range ids {
		rec := &im.ConversationRecord{ID: id, Kind: chorusv1.ConversationKind_CONVERSATION_KIND_DIRECT, CreatedAtMs: 1}
		if _, err := s.CreateConversation(b.Context(), rec, []string{senders[i], "v" + strconv.Itoa(i)}); err != nil {
			b.Fatalf("CreateConversation: %v", err)
		}
	}
	content := &chorusv1.Content{Body: &chorusv1.Content_Text{Text: &chorusv1.Text{
		Text: "a typical chat message, about sixty bytes long, give or take",
	}}}
	batch := make([]*chorusv1.Message, size)
	sent := 0
	b.ReportAllocs()
	for b.Loop() {
		for i := range batch {
			c := sent % convs
			batch[i] = &chorusv1.Message{
				Id:             int64(sent + 1),
				ConversationId: ids[c],
				SenderId:       senders[c],
				ClientMsgId:    "bench-" + strconv.Itoa(sent),
				ServerTimeMs:   1_700_000_000_000 + int64(sent),
				Content:        content,
			}
			sent++
		}
		if _, err := s.AppendMessages(b.Context(), batch); err != nil {
			b.Fatalf("AppendMessages: %v", err)
		}
	}
	b.ReportMetric(float64(sent)/b.Elapsed().Seconds(), "msgs/s")
}
