package core

import (
	"context"
	"testing"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
	"github.com/chorus-im/chorus/internal/mock"
	"github.com/chorus-im/chorus/internal/snowflake"
)

func TestCursorRoundTrip(t *testing.T) {
	for _, c := range []*chorusv1.Conversation{
		{Id: "g:a.b.c", UpdatedAtMs: 1700000000123, Pinned: true},
		{Id: "p:alice:bob", UpdatedAtMs: 0},
	} {
		got, err := decodeCursor(encodeCursor(c))
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != c.Id || got.UpdatedAtMs != c.UpdatedAtMs || got.Pinned != c.Pinned {
			t.Errorf("cursor of %v decoded to %+v", c, got)
		}
	}
	for _, bad := range []string{"", "!!", "MS4y", "Mi4xLmc6YQ", "MS54Lmc6YQ", "MS4xLnp6"} {
		if _, err := decodeCursor(bad); !im.IsCode(err, chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT) {
			t.Errorf("decodeCursor(%q) = %v, want INVALID_ARGUMENT", bad, err)
		}
	}
}

// TestSyncPagesNeverSplitAVersion: a sync page must not end between two
// entries of one version, or the next page (after that version) would
// skip the second.
func TestSyncPagesNeverSplitAVersion(t *testing.T) {
	entries := []*chorusv1.Conversation{
		{Id: "p:a:b", Version: 5}, {Id: "p:a:c", Version: 7}, {Id: "p:a:d", Version: 7}, {Id: "p:a:e", Version: 9},
	}
	st := &mock.Store{ListConversationsFn: func(_ context.Context, _ string, q im.ConversationQuery) (*im.ConversationPage, error) {
		var out []*chorusv1.Conversation
		for _, e := range entries {
			if e.Version > q.SinceVersion && (q.Limit <= 0 || len(out) < q.Limit) {
				out = append(out, e)
			}
		}
		return &im.ConversationPage{Conversations: out, Version: 9}, nil
	}}
	ids, _ := snowflake.New(1)
	c := New(st, ids, &pushRecorder{}, Config{})
	defer c.Close()
	var got []string
	var since uint64
	for range 10 {
		res, err := c.SyncConversations(t.Context(), "a", &chorusv1.SyncConversationsRequest{SinceVersion: since, Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range res.Conversations {
			got = append(got, e.Id)
		}
		since = res.Version
		if !res.HasMore {
			break
		}
	}
	want := []string{"p:a:b", "p:a:c", "p:a:d", "p:a:e"}
	if len(got) != len(want) {
		t.Fatalf("synced %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("synced %v, want %v", got, want)
		}
	}
	if since != 9 {
		t.Errorf("final version %d, want 9", since)
	}
	// A page that would hold only entries of one version reads them all.
	res, err := c.SyncConversations(t.Context(), "a", &chorusv1.SyncConversationsRequest{SinceVersion: 5, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Conversations) != 3 || res.HasMore || res.Version != 9 {
		t.Errorf("one-version page: %d entries, has_more %v, version %d; want 3, false, 9", len(res.Conversations), res.HasMore, res.Version)
	}
}

func TestListReceipt(t *testing.T) {
	members := []*im.Member{
		{UserID: "alice", JoinedSeq: 0, ReadSeq: 9, DeliveredSeq: 9},
		{UserID: "bob", JoinedSeq: 0, ReadSeq: 4, DeliveredSeq: 6},
		{UserID: "carol", JoinedSeq: 5, ReadSeq: 9, DeliveredSeq: 9}, // joined after seq 5
		{UserID: "dan", JoinedSeq: 2, ReadSeq: 5, DeliveredSeq: 5},
	}
	r := listReceipt(&chorusv1.Message{Seq: 5, SenderId: "alice"}, members)
	if r.MemberCount != 2 || r.ReadCount != 1 || r.DeliveredCount != 2 || !r.ReadersListed ||
		len(r.ReadBy) != 1 || r.ReadBy[0] != "dan" {
		t.Errorf("receipt = %v; want 2 members (bob, dan), read by dan, delivered to both", r)
	}
}

func TestCheckMentions(t *testing.T) {
	group := &convInfo{group: &groupInfo{roles: map[string]memberState{
		"admin": {role: chorusv1.GroupRole_GROUP_ROLE_ADMIN},
		"plain": {role: chorusv1.GroupRole_GROUP_ROLE_MEMBER},
	}}}
	direct := &convInfo{}
	many := make([]string, maxMentions+1)
	for i := range many {
		many[i] = "u" + string(rune('a'+i%26)) + string(rune('a'+i/26))
	}
	for _, tc := range []struct {
		name string
		req  SendRequest
		ci   *convInfo
		code chorusv1.ErrorCode
		ids  int
	}{
		{"ids deduped", SendRequest{SenderID: "plain", MentionUserIDs: []string{"x", "y", "x"}}, group, 0, 2},
		{"admin mentions all", SendRequest{SenderID: "admin", MentionAll: true}, group, 0, 0},
		{"system mentions all", SendRequest{MentionAll: true}, group, 0, 0},
		{"member mentions all", SendRequest{SenderID: "plain", MentionAll: true}, group, chorusv1.ErrorCode_ERROR_CODE_PERMISSION_DENIED, 0},
		{"all outside a group", SendRequest{SenderID: "plain", MentionAll: true}, direct, chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT, 0},
		{"bad id", SendRequest{SenderID: "plain", MentionUserIDs: []string{"a:b"}}, group, chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT, 0},
		{"too many", SendRequest{SenderID: "plain", MentionUserIDs: many}, group, chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT, 0},
	} {
		ids, err := checkMentions(tc.req, tc.ci)
		if tc.code != 0 {
			if !im.IsCode(err, tc.code) {
				t.Errorf("%s: err = %v, want %v", tc.name, err, tc.code)
			}
			continue
		}
		if err != nil || len(ids) != tc.ids {
			t.Errorf("%s: ids %v, err %v; want %d ids", tc.name, ids, err, tc.ids)
		}
	}
}

func TestGroupRanks(t *testing.T) {
	g := &groupInfo{roles: map[string]memberState{
		"owner": {role: chorusv1.GroupRole_GROUP_ROLE_OWNER},
		"admin": {role: chorusv1.GroupRole_GROUP_ROLE_ADMIN},
		"plain": {role: chorusv1.GroupRole_GROUP_ROLE_MEMBER},
	}}
	admin, owner := chorusv1.GroupRole_GROUP_ROLE_ADMIN, chorusv1.GroupRole_GROUP_ROLE_OWNER
	member := chorusv1.GroupRole_GROUP_ROLE_MEMBER
	for _, tc := range []struct {
		actor string
		need  chorusv1.GroupRole
		code  chorusv1.ErrorCode
	}{
		{"", owner, 0}, {"owner", owner, 0}, {"admin", admin, 0}, {"owner", admin, 0},
		{"admin", owner, chorusv1.ErrorCode_ERROR_CODE_PERMISSION_DENIED},
		{"plain", admin, chorusv1.ErrorCode_ERROR_CODE_PERMISSION_DENIED},
		{"stranger", member, chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER},
	} {
		if err := g.atLeast(tc.actor, tc.need, "g:x"); im.ErrorCodeOf(err) != tc.code && !(tc.code == 0 && err == nil) {
			t.Errorf("atLeast(%q, %v) = %v, want %v", tc.actor, tc.need, err, tc.code)
		}
	}
	for _, tc := range []struct {
		actor  string
		target chorusv1.GroupRole
		ok     bool
	}{
		{"admin", member, true}, {"admin", admin, false}, {"owner", admin, true},
		{"", admin, true}, {"", owner, false}, {"owner", owner, false},
	} {
		if err := g.outranks(tc.actor, tc.target); (err == nil) != tc.ok {
			t.Errorf("outranks(%q, %v) = %v, want ok=%v", tc.actor, tc.target, err, tc.ok)
		}
	}
}
