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

// BenchmarkAppendGroup measures AppendMessages into one group of 2, 1,000
// and 100,000 members, from a few senders, and reports msgs/s. A group
// message is stored once and moves one conversation row, so the figures
// must not fall as the group grows. newStore must return a new, empty
// store and close it in a b.Cleanup.
func BenchmarkAppendGroup(b *testing.B, newStore func(b *testing.B) im.Store) {
	for _, members := range []int{2, 1000, 100_000} {
		for _, size := range []int{1, 64} {
			b.Run(fmt.Sprintf("members=%d/batch=%d", members, size), func(b *testing.B) {
				benchmarkAppendGroup(b, newStore(b), members, size)
			})
		}
	}
}

// benchUsers returns the user ids u0..u(n-1).
func benchUsers(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "u" + strconv.Itoa(i)
	}
	return out
}

// benchGroup creates the group g:bench with members (the first the owner)
// and no messages.
func benchGroup(b *testing.B, s im.Store, members []string) string {
	conv := im.GroupConversationID("bench")
	specs := make([]im.MemberSpec, len(members))
	for i, u := range members {
		specs[i] = im.MemberSpec{UserID: u, Role: chorusv1.GroupRole_GROUP_ROLE_MEMBER}
	}
	specs[0].Role = chorusv1.GroupRole_GROUP_ROLE_OWNER
	if _, err := s.CreateGroup(b.Context(), &im.GroupRecord{ConversationID: conv, CreatedAtMs: 1}, specs, nil); err != nil {
		b.Fatalf("CreateGroup: %v", err)
	}
	return conv
}

func benchmarkAppendGroup(b *testing.B, s im.Store, members, size int) {
	users := benchUsers(members)
	conv := benchGroup(b, s, users)
	content := &chorusv1.Content{Body: &chorusv1.Content_Text{Text: &chorusv1.Text{
		Text: "a typical chat message, about sixty bytes long, give or take",
	}}}
	batch := make([]*chorusv1.Message, size)
	sent := 0
	b.ReportAllocs()
	for b.Loop() {
		for i := range batch {
			batch[i] = &chorusv1.Message{
				Id:             int64(sent + 1),
				ConversationId: conv,
				SenderId:       users[sent%min(members, 8)],
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

// BenchmarkCountReceipts measures CountReceipts of 10 seqs in a group of
// 100,000 members at the two ends of the index ranges it counts. "few":
// every member joined before the messages and only their 8 senders have
// read them (the usual case: a group's readers are its active few).
// "all": 8 members saw the messages and 99,992 joined after them, which
// puts every position past the seqs, so each range holds every member.
func BenchmarkCountReceipts(b *testing.B, newStore func(b *testing.B) im.Store) {
	const members, msgs = 100_000, 10
	for _, past := range []string{"few", "all"} {
		b.Run("members=100000/past="+past, func(b *testing.B) {
			s := newStore(b)
			users := benchUsers(members)
			first := users
			if past == "all" {
				first = users[:8]
			}
			conv := benchGroup(b, s, first)
			batch := make([]*chorusv1.Message, msgs)
			for i := range batch {
				batch[i] = &chorusv1.Message{Id: int64(i + 1), ConversationId: conv, SenderId: users[i%8],
					ClientMsgId: "bench-" + strconv.Itoa(i), ServerTimeMs: 1}
			}
			if _, err := s.AppendMessages(b.Context(), batch); err != nil {
				b.Fatalf("AppendMessages: %v", err)
			}
			wantMembers := members
			if past == "all" {
				var ch im.MemberChange
				for _, u := range users[8:] {
					ch.Add = append(ch.Add, im.MemberSpec{UserID: u, Role: chorusv1.GroupRole_GROUP_ROLE_MEMBER})
				}
				if _, err := s.ChangeMembers(b.Context(), conv, ch, nil); err != nil {
					b.Fatalf("ChangeMembers: %v", err)
				}
				wantMembers = 8
			}
			seqs := span(1, msgs)
			b.ReportAllocs()
			for b.Loop() {
				res, err := s.CountReceipts(b.Context(), conv, seqs)
				if err != nil {
					b.Fatalf("CountReceipts: %v", err)
				}
				if res[0].Members != wantMembers {
					b.Fatalf("seq %d: %d members, want %d", res[0].Seq, res[0].Members, wantMembers)
				}
			}
		})
	}
}
