package core

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
	"github.com/chorus-im/chorus/internal/store/sqlite"
	"github.com/chorus-im/chorus/internal/testutil"
)

// gatedStore is the embedded store whose next AppendMessages waits for a
// test to open the gate, so a test can line requests up behind a commit.
type gatedStore struct {
	im.Store
	mu      sync.Mutex
	armed   bool
	entered chan struct{}
	gate    chan struct{}
}

func (s *gatedStore) arm() {
	s.mu.Lock()
	s.armed, s.entered, s.gate = true, make(chan struct{}), make(chan struct{})
	s.mu.Unlock()
}

func (s *gatedStore) AppendMessages(ctx context.Context, msgs []*chorusv1.Message) ([]im.AppendResult, error) {
	s.mu.Lock()
	armed := s.armed
	s.armed = false
	entered, gate := s.entered, s.gate
	s.mu.Unlock()
	if armed {
		close(entered)
		<-gate
	}
	return s.Store.AppendMessages(ctx, msgs)
}

// groupCore is a core on a real embedded store with users alice, bob and
// ali, and the group "g" of alice (owner), bob and ali.
func groupCore(t *testing.T, policy chorusv1.JoinPolicy) (*Core, *gatedStore) {
	t.Helper()
	st, err := sqlite.Open(t.Context(), sqlite.Config{Path: filepath.Join(t.TempDir(), "chorus.db")})
	if err != nil {
		t.Fatal(err)
	}
	gs := &gatedStore{Store: st}
	c, _ := newCore(t, gs, Config{})
	t.Cleanup(func() { st.Close() })
	for _, u := range []string{"alice", "bob", "ali"} {
		if _, err := c.CreateUser(t.Context(), &chorusv1.User{Id: u}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.CreateGroup(t.Context(), "alice", &chorusv1.CreateGroupRequest{GroupId: "g", MemberIds: []string{"bob", "ali"}, JoinPolicy: policy}); err != nil {
		t.Fatal(err)
	}
	return c, gs
}

// TestSendQueuedBehindARemovalIsRefused: a send checked against the group
// before a removal, but committed after it, is refused at commit time, so
// nothing of a removed member lands after their removal.
func TestSendQueuedBehindARemovalIsRefused(t *testing.T) {
	c, gs := groupCore(t, chorusv1.JoinPolicy_JOIN_POLICY_INVITE_ONLY)
	ctx := t.Context()
	text := &chorusv1.Content{Body: &chorusv1.Content_Text{Text: &chorusv1.Text{Text: "hi"}}}

	// Hold the committer in bob's commit, queue the removal behind it,
	// and ali's send behind that: her send passes the checks made when it
	// is queued, as she is still a member then.
	gs.arm()
	bobDone := make(chan error, 1)
	c.Send(ctx, SendRequest{SenderID: "bob", ConversationID: "g:g", Content: text}, func(_ *chorusv1.SendAck, err error) { bobDone <- err })
	<-gs.entered
	removed := make(chan error, 1)
	go func() {
		_, err := c.RemoveGroupMembers(ctx, "alice", &chorusv1.RemoveGroupMembersRequest{GroupId: "g", UserIds: []string{"ali"}})
		removed <- err
	}()
	testutil.WaitFor(t, "the removal to queue", func() bool { return len(c.sendq) == 1 })
	aliDone := make(chan error, 1)
	c.Send(ctx, SendRequest{SenderID: "ali", ConversationID: "g:g", Content: text}, func(_ *chorusv1.SendAck, err error) { aliDone <- err })
	close(gs.gate)

	if err := <-bobDone; err != nil {
		t.Fatal(err)
	}
	if err := <-removed; err != nil {
		t.Fatal(err)
	}
	if err := <-aliDone; !im.IsCode(err, chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER) {
		t.Fatalf("ali's send queued behind her removal: %v, want NOT_MEMBER", err)
	}
	msgs, err := gs.ListMessages(ctx, im.MessageQuery{ConversationID: "g:g"})
	if err != nil {
		t.Fatal(err)
	}
	if last := msgs[len(msgs)-1]; last.GetContent().GetGroupEvent().GetKind() != chorusv1.GroupEvent_KIND_MEMBERS_REMOVED {
		t.Fatalf("the group's last message is %v, want the removal", last)
	}
}

// TestMuteOutlivesLeavingAndRejoining: leaving an open group and joining
// again is no way out of a mute.
func TestMuteOutlivesLeavingAndRejoining(t *testing.T) {
	c, _ := groupCore(t, chorusv1.JoinPolicy_JOIN_POLICY_OPEN)
	ctx := t.Context()
	if _, err := c.MuteGroupMember(ctx, "alice", &chorusv1.MuteGroupMemberRequest{GroupId: "g", UserId: "ali", DurationSeconds: 3600}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.LeaveGroup(ctx, "ali", &chorusv1.LeaveGroupRequest{GroupId: "g"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.JoinGroup(ctx, "ali", &chorusv1.JoinGroupRequest{GroupId: "g"}); err != nil {
		t.Fatal(err)
	}
	sendCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	_, err := c.SendWait(sendCtx, SendRequest{SenderID: "ali", ConversationID: "g:g",
		Content: &chorusv1.Content{Body: &chorusv1.Content_Text{Text: &chorusv1.Text{Text: "free?"}}}})
	if !im.IsCode(err, chorusv1.ErrorCode_ERROR_CODE_MUTED) {
		t.Fatalf("send after leaving and rejoining: %v, want MUTED", err)
	}
}

// TestFormerMembersDoNotReadTheGroup: a removed member keeps their
// history, not the group's current state, members or receipts.
func TestFormerMembersDoNotReadTheGroup(t *testing.T) {
	c, _ := groupCore(t, chorusv1.JoinPolicy_JOIN_POLICY_INVITE_ONLY)
	ctx := t.Context()
	if _, err := c.RemoveGroupMembers(ctx, "alice", &chorusv1.RemoveGroupMembersRequest{GroupId: "g", UserIds: []string{"ali"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetGroup(ctx, "ali", &chorusv1.GetGroupRequest{GroupId: "g"}); !im.IsCode(err, chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER) {
		t.Errorf("GetGroup by a former member: %v", err)
	}
	if _, err := c.ListGroupMembers(ctx, "ali", &chorusv1.ListGroupMembersRequest{GroupId: "g"}); !im.IsCode(err, chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER) {
		t.Errorf("ListGroupMembers by a former member: %v", err)
	}
	if _, err := c.GetReceipts(ctx, "ali", &chorusv1.GetReceiptsRequest{ConversationId: "g:g", Seqs: []uint64{1}}); !im.IsCode(err, chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER) {
		t.Errorf("GetReceipts by a former member: %v", err)
	}
	res, err := c.Pull(ctx, "ali", &chorusv1.PullMessagesRequest{ConversationId: "g:g"})
	if err != nil || len(res.GetMessages()) != 2 {
		t.Errorf("a former member's history: %v %v, want the creation and the removal", res, err)
	}
}
