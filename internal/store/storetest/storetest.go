// Package storetest is the conformance suite of im.Store: the contract
// written down once, as tests, and run against every implementation
// through a factory, so that the embedded and the clustered stores cannot
// drift apart.
//
// An implementation's test file calls Run (and RunReopen, if its data
// outlives a Store), and its benchmark file calls BenchmarkAppendMessages.
//
// The suite tests only what im.Store documents, through the interface, and
// asserts outcomes, never timings: no sleeps, no deadlines. It must not
// reach into an implementation; checks specific to one backend belong in
// that backend's own tests.
package storetest

import (
	"slices"
	"strconv"
	"sync/atomic"
	"testing"

	"google.golang.org/protobuf/proto"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
)

// Run runs the suite. newStore must return a new, empty store and close
// it in a t.Cleanup; that Close may come after the suite closed the store
// itself (to test Close), and its error is the factory's to ignore.
func Run(t *testing.T, newStore func(t *testing.T) im.Store) {
	t.Run("User", func(t *testing.T) { testUser(t, newStore) })
	t.Run("Conversation", func(t *testing.T) { testConversation(t, newStore) })
	t.Run("AppendMessages", func(t *testing.T) { testAppend(t, newStore) })
	t.Run("ListMessages", func(t *testing.T) { testListMessages(t, newStore) })
	t.Run("MarkRead", func(t *testing.T) { testMarkRead(t, newStore) })
	t.Run("MarkDelivered", func(t *testing.T) { testMarkDelivered(t, newStore) })
	t.Run("ListConversations", func(t *testing.T) { testListConversations(t, newStore) })
	t.Run("Close", func(t *testing.T) { testClose(t, newStore) })
}

// Opener opens a Store on one database; every call opens the same data.
type Opener func() (im.Store, error)

// RunReopen runs the tests of data that outlives a Store: what one Store
// wrote, the next one opened on the same data reads and continues (seqs
// stay gapless, retries are still recognised). newDatabase returns an
// Opener for a new, empty database; the suite closes every store it opens.
func RunReopen(t *testing.T, newDatabase func(t *testing.T) Opener) {
	t.Run("Reopen", func(t *testing.T) { testReopen(t, newDatabase(t)) })
}

// The users of the suite.
const (
	alice = "alice"
	bob   = "bob"
	carol = "carol"
	dave  = "dave"
)

// The conversations of the suite: alice and bob's, a group, and alice's
// system notices.
var (
	direct    = im.DirectConversationID(alice, bob)
	group     = im.GroupConversationID("team")
	systemIDA = im.SystemConversationID(alice)
)

// msgIDs and clientIDs make message ids and client message ids unique
// across every store of a test binary.
var msgIDs, clientIDs atomic.Int64

// newClientID returns a client message id no other message of the test
// binary has.
func newClientID() string { return "cm-" + strconv.FormatInt(clientIDs.Add(1), 10) }

// msg returns a new text message. serverTime 0 means "some time": tests
// that care about times pass one.
func msg(conv, sender, clientMsgID, text string, serverTime int64) *chorusv1.Message {
	if serverTime == 0 {
		serverTime = 1_700_000_000_000
	}
	return &chorusv1.Message{
		Id:             msgIDs.Add(1),
		ConversationId: conv,
		SenderId:       sender,
		ClientMsgId:    clientMsgID,
		ServerTimeMs:   serverTime,
		Content:        &chorusv1.Content{Body: &chorusv1.Content_Text{Text: &chorusv1.Text{Text: text}}},
	}
}

// kindOf is the kind a conversation id says it has.
func kindOf(t testing.TB, id string) chorusv1.ConversationKind {
	t.Helper()
	p, err := im.ParseConversationID(id)
	if err != nil {
		t.Fatalf("bad conversation id in the suite: %v", err)
	}
	return p.Kind
}

// createConv creates conversation id with members, at time createdAt (0
// means 1000), and fails the test unless it is new.
func createConv(t testing.TB, s im.Store, id string, createdAt int64, members ...string) {
	t.Helper()
	if createdAt == 0 {
		createdAt = 1000
	}
	rec := &im.ConversationRecord{ID: id, Kind: kindOf(t, id), CreatedAtMs: createdAt, UpdatedAtMs: createdAt}
	created, err := s.CreateConversation(t.Context(), rec, members)
	if err != nil {
		t.Fatalf("CreateConversation(%s): %v", id, err)
	}
	if !created {
		t.Fatalf("CreateConversation(%s) = false, want a new conversation", id)
	}
}

// appendOK appends msgs and fails the test on error.
func appendOK(t testing.TB, s im.Store, msgs ...*chorusv1.Message) []im.AppendResult {
	t.Helper()
	res, err := s.AppendMessages(t.Context(), msgs)
	if err != nil {
		t.Fatalf("AppendMessages: %v", err)
	}
	if len(res) != len(msgs) {
		t.Fatalf("AppendMessages returned %d results for %d messages", len(res), len(msgs))
	}
	return res
}

// sendN appends n messages from sender to conv, one batch, and returns the
// stored messages.
func sendN(t testing.TB, s im.Store, conv, sender string, n int) []*chorusv1.Message {
	t.Helper()
	msgs := make([]*chorusv1.Message, n)
	for i := range msgs {
		msgs[i] = msg(conv, sender, newClientID(), "hi "+strconv.Itoa(i), 0)
	}
	res := appendOK(t, s, msgs...)
	out := make([]*chorusv1.Message, n)
	for i, r := range res {
		if r.Duplicate {
			t.Fatalf("message %d of sendN was taken for a duplicate", i)
		}
		out[i] = r.Message
	}
	return out
}

// wantCode fails the test unless err carries code.
func wantCode(t testing.TB, err error, code chorusv1.ErrorCode) {
	t.Helper()
	if !im.IsCode(err, code) {
		t.Fatalf("error = %v, want %s", err, im.CodeName(code))
	}
}

// wantMessage fails the test unless got is want (proto equality).
func wantMessage(t testing.TB, what string, got, want *chorusv1.Message) {
	t.Helper()
	if !proto.Equal(got, want) {
		t.Fatalf("%s:\n got %v\nwant %v", what, got, want)
	}
}

// stored returns what in is once stored at seq: the same fields, with seq.
func stored(in *chorusv1.Message, seq uint64) *chorusv1.Message {
	out := proto.CloneOf(in)
	out.Seq = seq
	return out
}

// listAll returns every message of conv in seq order.
func listAll(t testing.TB, s im.Store, conv string) []*chorusv1.Message {
	t.Helper()
	msgs, err := s.ListMessages(t.Context(), im.MessageQuery{ConversationID: conv})
	if err != nil {
		t.Fatalf("ListMessages(%s): %v", conv, err)
	}
	return msgs
}

// seqsOf returns the seqs of msgs.
func seqsOf(msgs []*chorusv1.Message) []uint64 {
	out := make([]uint64, len(msgs))
	for i, m := range msgs {
		out[i] = m.Seq
	}
	return out
}

// span returns from, from+1, ..., to (descending when to < from).
func span(from, to uint64) []uint64 {
	var out []uint64
	if from <= to {
		for s := from; s <= to; s++ {
			out = append(out, s)
		}
		return out
	}
	for s := from; s >= to; s-- {
		out = append(out, s)
	}
	return out
}

// wantSeqs fails the test unless msgs have exactly the seqs want, in order.
func wantSeqs(t testing.TB, what string, msgs []*chorusv1.Message, want []uint64) {
	t.Helper()
	if got := seqsOf(msgs); !slices.Equal(got, want) {
		t.Fatalf("%s: seqs %v, want %v", what, got, want)
	}
}

// member reads a member and fails the test on error.
func member(t testing.TB, s im.Store, conv, user string) *im.Member {
	t.Helper()
	m, err := s.GetMember(t.Context(), conv, user)
	if err != nil {
		t.Fatalf("GetMember(%s, %s): %v", conv, user, err)
	}
	return m
}

// wantPositions fails the test unless user's read and delivered positions
// in conv are read and delivered.
func wantPositions(t testing.TB, s im.Store, conv, user string, read, delivered uint64) {
	t.Helper()
	m := member(t, s, conv, user)
	if m.ReadSeq != read || m.DeliveredSeq != delivered {
		t.Fatalf("%s in %s: read %d delivered %d, want read %d delivered %d",
			user, conv, m.ReadSeq, m.DeliveredSeq, read, delivered)
	}
}

// lastSeq reads a conversation's last seq.
func lastSeq(t testing.TB, s im.Store, conv string) uint64 {
	t.Helper()
	c, err := s.GetConversation(t.Context(), conv)
	if err != nil {
		t.Fatalf("GetConversation(%s): %v", conv, err)
	}
	return c.LastSeq
}
