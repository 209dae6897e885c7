package sqlite

import (
	"strconv"
	"strings"
	"testing"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
)

// createBigGroup creates group conv with n members u0..u(n-1), u0 the
// owner.
func createBigGroup(t testing.TB, s *Store, conv string, n int) {
	t.Helper()
	specs := make([]im.MemberSpec, n)
	for i := range specs {
		specs[i] = im.MemberSpec{UserID: "u" + strconv.Itoa(i), Role: chorusv1.GroupRole_GROUP_ROLE_MEMBER}
	}
	specs[0].Role = chorusv1.GroupRole_GROUP_ROLE_OWNER
	if _, err := s.CreateGroup(t.Context(), &im.GroupRecord{ConversationID: conv}, specs, nil); err != nil {
		t.Fatalf("CreateGroup: %v", err)
	}
}

// totalChanges is the number of rows the writer's connection has inserted,
// updated or deleted since it opened.
func totalChanges(t *testing.T, s *Store) int64 {
	t.Helper()
	var n int64
	if err := s.write.QueryRowContext(t.Context(), `SELECT total_changes()`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A message to a group writes the same rows whatever the group's size:
// the message, the conversation, the sender's positions, the version
// counter; a mention by id adds its rows and the mentioned member's.
func TestAppendWritesDoNotGrowWithMembers(t *testing.T) {
	for _, n := range []int{2, 2000} {
		s := newStore(t)
		createBigGroup(t, s, "g:big", n)
		before := totalChanges(t, s)
		m := &chorusv1.Message{Id: 1, ConversationId: "g:big", SenderId: "u1", ClientMsgId: "a"}
		if _, err := s.AppendMessages(t.Context(), []*chorusv1.Message{m}); err != nil {
			t.Fatal(err)
		}
		if got := totalChanges(t, s) - before; got != 4 {
			t.Errorf("%d members: a message changed %d rows, want 4 (message, conversation, sender, version)", n, got)
		}
		before = totalChanges(t, s)
		m = &chorusv1.Message{Id: 2, ConversationId: "g:big", SenderId: "u1", ClientMsgId: "b",
			MentionUserIds: []string{"u0"}, MentionAll: true}
		if _, err := s.AppendMessages(t.Context(), []*chorusv1.Message{m}); err != nil {
			t.Fatal(err)
		}
		if got := totalChanges(t, s) - before; got != 6 {
			t.Errorf("%d members: a message mentioning everyone and u0 changed %d rows, want 6 (+ the '*' mention, u0's version)", n, got)
		}
	}
}

// queryPlan returns SQLite's plan of query, one step a line.
func queryPlan(t *testing.T, s *Store, query string, args ...any) string {
	t.Helper()
	rows, err := s.read.QueryContext(t.Context(), `EXPLAIN QUERY PLAN `+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		b.WriteString(detail + "\n")
	}
	return b.String()
}

// Receipt counts must stay ranges of the partial indexes, on either side
// of the seq: a scan of the members of a large group per seq is what they
// exist to avoid.
func TestCountReceiptsUsesIndexes(t *testing.T) {
	s := newStore(t)
	plan := queryPlan(t, s, countReceiptsQuery, "g:x", 1, true, true, true, 10)
	for _, idx := range []string{"members_current_joined", "members_current_read", "members_current_delivered"} {
		// SQLite words a range as "(conversation_id=? AND joined_seq>?)".
		if n := strings.Count(plan, "COVERING INDEX "+idx+" (conversation_id=? AND "); n != 2 {
			t.Errorf("%d of the 2 receipt counts of %s range over it:\n%s", n, idx, plan)
		}
	}
}

// An event is appended without the idempotency check, but the unique
// index on client ids still holds: a clash fails the whole change.
func TestEventClientIDClashIsAtomic(t *testing.T) {
	s := newStore(t)
	ctx := t.Context()
	if _, err := s.CreateGroup(ctx, &im.GroupRecord{ConversationID: "g:team"},
		[]im.MemberSpec{{UserID: "alice", Role: chorusv1.GroupRole_GROUP_ROLE_OWNER}, {UserID: "bob"}},
		&chorusv1.Message{Id: 1, ConversationId: "g:team", ClientMsgId: "ev-1"}); err != nil {
		t.Fatal(err)
	}
	_, err := s.ChangeMembers(ctx, "g:team", im.MemberChange{Remove: []string{"bob"}, Add: []im.MemberSpec{{UserID: "carol"}}},
		&chorusv1.Message{Id: 2, ConversationId: "g:team", ClientMsgId: "ev-1"})
	if err == nil || im.ErrorCodeOf(err) != chorusv1.ErrorCode_ERROR_CODE_INTERNAL {
		t.Fatalf("ChangeMembers with a used event client id: %v, want an internal error", err)
	}
	g, err := s.GetGroup(ctx, "g:team")
	if err != nil {
		t.Fatal(err)
	}
	if g.LastSeq != 1 || g.MemberCount != 2 {
		t.Fatalf("after the failed change: %+v, want last seq 1 and 2 members", *g)
	}
	if m, err := s.GetMember(ctx, "g:team", "bob"); err != nil || m.LeftSeq != 0 {
		t.Fatalf("bob after the failed change: %+v, %v; want a current member", m, err)
	}
	if _, err := s.GetMember(ctx, "g:team", "carol"); !im.IsCode(err, chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER) {
		t.Fatalf("carol after the failed change: %v, want NOT_MEMBER", err)
	}
	_, _, err = s.UpdateGroup(ctx, "g:team", im.GroupUpdate{Dissolve: true},
		&chorusv1.Message{Id: 3, ConversationId: "g:team", ClientMsgId: "ev-1"})
	if err == nil {
		t.Fatal("UpdateGroup with a used event client id succeeded")
	}
	if g, _ := s.GetGroup(ctx, "g:team"); g == nil || g.Dissolved || g.LastSeq != 1 {
		t.Fatalf("after the failed update: %+v, want it unchanged", g)
	}
}

// versionOf reads the stored version of a member row, or of the
// conversation when user is "".
func versionOf(t *testing.T, s *Store, conv, user string) int64 {
	t.Helper()
	var v int64
	var err error
	if user == "" {
		err = s.read.QueryRowContext(t.Context(), `SELECT version FROM conversations WHERE id = ?`, conv).Scan(&v)
	} else {
		err = s.read.QueryRowContext(t.Context(), `SELECT version FROM members WHERE conversation_id = ? AND user_id = ?`, conv, user).Scan(&v)
	}
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// Being mentioned by id moves the member row's own version (the
// interface promises it, though through the entries it is hidden behind
// the conversation's, which moves too); being mentioned as everyone does
// not, or a message to everyone would write every member.
func TestMentionMovesMemberVersion(t *testing.T) {
	s := newStore(t)
	createBigGroup(t, s, "g:team", 3)
	before := versionOf(t, s, "g:team", "u2")
	for i, m := range []*chorusv1.Message{
		{Id: 1, ConversationId: "g:team", SenderId: "u0", ClientMsgId: "a", MentionAll: true},
		{Id: 2, ConversationId: "g:team", SenderId: "u0", ClientMsgId: "b", MentionUserIds: []string{"u1"}},
	} {
		if _, err := s.AppendMessages(t.Context(), []*chorusv1.Message{m}); err != nil {
			t.Fatal(err)
		}
		conv := versionOf(t, s, "g:team", "")
		if u1 := versionOf(t, s, "g:team", "u1"); (i == 1) != (u1 == conv) {
			t.Fatalf("message %d: u1's version %d, conversation's %d; want equal only once u1 is named", i, u1, conv)
		}
		if u2 := versionOf(t, s, "g:team", "u2"); u2 != before {
			t.Fatalf("message %d moved u2's version, never named, from %d to %d", i, before, u2)
		}
	}
}

// LeftSeq 0 means "current member", so a removal needs a seq to leave at:
// from a group without messages, only with an event.
func TestRemoveFromEmptyGroupNeedsEvent(t *testing.T) {
	s := newStore(t)
	ctx := t.Context()
	createBigGroup(t, s, "g:team", 2)
	_, err := s.ChangeMembers(ctx, "g:team", im.MemberChange{Remove: []string{"u1"}}, nil)
	if !im.IsCode(err, chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT) {
		t.Fatalf("removal without a seq to leave at: %v, want INVALID_ARGUMENT", err)
	}
	if m, err := s.GetMember(ctx, "g:team", "u1"); err != nil || m.LeftSeq != 0 {
		t.Fatalf("u1 after the failed removal: %+v, %v", m, err)
	}
	ev, err := s.ChangeMembers(ctx, "g:team", im.MemberChange{Remove: []string{"u1"}},
		&chorusv1.Message{Id: 1, ConversationId: "g:team", ClientMsgId: "e"})
	if err != nil || ev.Seq != 1 {
		t.Fatalf("removal with an event: %v, %v", ev, err)
	}
	if m, err := s.GetMember(ctx, "g:team", "u1"); err != nil || m.LeftSeq != 1 {
		t.Fatalf("u1 after the removal: %+v, %v; want LeftSeq 1", m, err)
	}
}
