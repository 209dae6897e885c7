// Package storetest is the conformance suite of im.Store: the contract
// written down once, as tests, and run against every implementation
// through a factory, so that the embedded and the clustered stores cannot
// drift apart.
//
// An implementation's test file calls Run (and RunReopen, if its data
// outlives a Store), and its benchmark file calls BenchmarkAppendMessages,
// BenchmarkAppendGroup and BenchmarkCountReceipts.
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
	t.Run("GetUserConversation", func(t *testing.T) { testGetUserConversation(t, newStore) })
	t.Run("MemberSettings", func(t *testing.T) { testMemberSettings(t, newStore) })
	t.Run("Versions", func(t *testing.T) { testVersions(t, newStore) })
	t.Run("Group", func(t *testing.T) { testGroup(t, newStore) })
	t.Run("ChangeMembers", func(t *testing.T) { testChangeMembers(t, newStore) })
	t.Run("ListMembers", func(t *testing.T) { testListMembers(t, newStore) })
	t.Run("Mentions", func(t *testing.T) { testMentions(t, newStore) })
	t.Run("CountReceipts", func(t *testing.T) { testCountReceipts(t, newStore) })
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
	erin  = "erin"
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

// event returns a new group event message from the system (sender "")
// for conv, at time 1000 (the suite's default creation time, so that an
// event does not reorder conversation lists). The suite gives events
// client message ids, as the core does.
func event(conv string, kind chorusv1.GroupEvent_Kind, actor string, users ...string) *chorusv1.Message {
	return &chorusv1.Message{
		Id:             msgIDs.Add(1),
		ConversationId: conv,
		ClientMsgId:    newClientID(),
		ServerTimeMs:   1000,
		Content: &chorusv1.Content{Body: &chorusv1.Content_GroupEvent{GroupEvent: &chorusv1.GroupEvent{
			Kind: kind, ActorId: actor, UserIds: users,
		}}},
	}
}

// Roles, short.
const (
	roleMember = chorusv1.GroupRole_GROUP_ROLE_MEMBER
	roleAdmin  = chorusv1.GroupRole_GROUP_ROLE_ADMIN
	roleOwner  = chorusv1.GroupRole_GROUP_ROLE_OWNER
)

// createGroup creates group conv owned by owner with plain members, with
// its creation event at seq 1, and returns the stored event.
func createGroup(t testing.TB, s im.Store, conv, owner string, members ...string) *chorusv1.Message {
	t.Helper()
	specs := []im.MemberSpec{{UserID: owner, Role: roleOwner}}
	for _, m := range members {
		specs = append(specs, im.MemberSpec{UserID: m, Role: roleMember})
	}
	ev := event(conv, chorusv1.GroupEvent_KIND_CREATED, owner, append([]string{owner}, members...)...)
	got, err := s.CreateGroup(t.Context(), &im.GroupRecord{ConversationID: conv, Name: "Team", CreatedAtMs: 1000}, specs, ev)
	if err != nil {
		t.Fatalf("CreateGroup(%s): %v", conv, err)
	}
	if got == nil || got.Seq != 1 {
		t.Fatalf("CreateGroup(%s) stored its event as %v, want seq 1", conv, got)
	}
	return got
}

// changeOK applies ch to conv with an event of kind and returns the stored
// event.
func changeOK(t testing.TB, s im.Store, conv string, ch im.MemberChange, kind chorusv1.GroupEvent_Kind) *chorusv1.Message {
	t.Helper()
	got, err := s.ChangeMembers(t.Context(), conv, ch, event(conv, kind, ""))
	if err != nil {
		t.Fatalf("ChangeMembers(%s, %+v): %v", conv, ch, err)
	}
	if got == nil {
		t.Fatalf("ChangeMembers(%s) returned no event", conv)
	}
	return got
}

// add adds users to conv as plain members, with an event, and returns the
// event's seq.
func add(t testing.TB, s im.Store, conv string, users ...string) uint64 {
	t.Helper()
	var ch im.MemberChange
	for _, u := range users {
		ch.Add = append(ch.Add, im.MemberSpec{UserID: u, Role: roleMember})
	}
	return changeOK(t, s, conv, ch, chorusv1.GroupEvent_KIND_MEMBERS_ADDED).Seq
}

// remove removes users from conv, with an event, and returns the event's
// seq.
func remove(t testing.TB, s im.Store, conv string, users ...string) uint64 {
	t.Helper()
	return changeOK(t, s, conv, im.MemberChange{Remove: users}, chorusv1.GroupEvent_KIND_MEMBERS_REMOVED).Seq
}

// getGroup reads a group and fails the test on error.
func getGroup(t testing.TB, s im.Store, conv string) *im.GroupRecord {
	t.Helper()
	g, err := s.GetGroup(t.Context(), conv)
	if err != nil {
		t.Fatalf("GetGroup(%s): %v", conv, err)
	}
	return g
}

// entry reads user's entry of conv and fails the test on error.
func entry(t testing.TB, s im.Store, user, conv string) *chorusv1.Conversation {
	t.Helper()
	c, err := s.GetUserConversation(t.Context(), user, conv)
	if err != nil {
		t.Fatalf("GetUserConversation(%s, %s): %v", user, conv, err)
	}
	return c
}

// listPage reads one page of user's conversation list.
func listPage(t testing.TB, s im.Store, user string, q im.ConversationQuery) *im.ConversationPage {
	t.Helper()
	p, err := s.ListConversations(t.Context(), user, q)
	if err != nil {
		t.Fatalf("ListConversations(%s, %+v): %v", user, q, err)
	}
	if p == nil {
		t.Fatalf("ListConversations(%s, %+v) returned no page", user, q)
	}
	return p
}

// idsOf returns the ids of convs, in order.
func idsOf(convs []*chorusv1.Conversation) []string {
	out := make([]string, 0, len(convs))
	for _, c := range convs {
		out = append(out, c.Id)
	}
	return out
}

// markRead moves user's read position and fails the test on error.
func markRead(t testing.TB, s im.Store, conv, user string, seq uint64) im.Position {
	t.Helper()
	p, err := s.MarkRead(t.Context(), conv, user, seq)
	if err != nil {
		t.Fatalf("MarkRead(%s, %s, %d): %v", conv, user, seq, err)
	}
	return p
}

// memberIDs returns the sorted ids of conv's current members.
func memberIDs(t testing.TB, s im.Store, conv string) []string {
	t.Helper()
	ids, err := s.ListMemberIDs(t.Context(), conv)
	if err != nil {
		t.Fatalf("ListMemberIDs(%s): %v", conv, err)
	}
	slices.Sort(ids)
	return ids
}
