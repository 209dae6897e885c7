package core

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
	"github.com/chorus-im/chorus/internal/mock"
	"github.com/chorus-im/chorus/internal/snowflake"
	"github.com/chorus-im/chorus/internal/testutil"
)

// pushRecorder is a Pusher that remembers what was pushed to whom.
type pushRecorder struct {
	mu     sync.Mutex
	pushes []recordedPush
}

type recordedPush struct {
	users  []string
	frame  *chorusv1.Frame
	except uint64
}

func (p *pushRecorder) Push(users []string, f *chorusv1.Frame, except uint64) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pushes = append(p.pushes, recordedPush{users, f, except})
	return len(users)
}

func (p *pushRecorder) PushBatch(users []string, fs []*chorusv1.Frame, except uint64) int {
	for _, f := range fs {
		p.Push(users, f, except)
	}
	return len(users)
}

func (p *pushRecorder) all() []recordedPush {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]recordedPush(nil), p.pushes...)
}

// memStore is a mock.Store keeping just enough state for the send path:
// users, conversations and per-conversation seqs with client-id dedupe.
func memStore() *mock.Store {
	var mu sync.Mutex
	users := map[string]bool{"alice": true, "bob": true, "carol": true}
	convs := map[string]uint64{}
	byClientID := map[string]*chorusv1.Message{}
	return &mock.Store{
		GetUserFn: func(_ context.Context, id string) (*chorusv1.User, error) {
			mu.Lock()
			defer mu.Unlock()
			if !users[id] {
				return nil, im.Errorf(chorusv1.ErrorCode_ERROR_CODE_USER_NOT_FOUND, "no user %s", id)
			}
			return &chorusv1.User{Id: id}, nil
		},
		GetConversationFn: func(_ context.Context, id string) (*im.ConversationRecord, error) {
			mu.Lock()
			defer mu.Unlock()
			last, ok := convs[id]
			if !ok {
				return nil, im.Errorf(chorusv1.ErrorCode_ERROR_CODE_CONVERSATION_NOT_FOUND, "no conversation %s", id)
			}
			return &im.ConversationRecord{ID: id, LastSeq: last}, nil
		},
		CreateConversationFn: func(_ context.Context, c *im.ConversationRecord, _ []string) (bool, error) {
			mu.Lock()
			defer mu.Unlock()
			if _, ok := convs[c.ID]; ok {
				return false, nil
			}
			convs[c.ID] = 0
			return true, nil
		},
		AppendMessagesFn: func(_ context.Context, msgs []*chorusv1.Message) ([]im.AppendResult, error) {
			mu.Lock()
			defer mu.Unlock()
			out := make([]im.AppendResult, len(msgs))
			for i, m := range msgs {
				key := m.SenderId + "\x00" + m.ClientMsgId
				if orig, ok := byClientID[key]; ok {
					out[i] = im.AppendResult{Message: orig, Duplicate: true}
					continue
				}
				convs[m.ConversationId]++
				m.Seq = convs[m.ConversationId]
				byClientID[key] = m
				out[i] = im.AppendResult{Message: m}
			}
			return out, nil
		},
		MarkDeliveredFn: func(context.Context, []im.DeliveryMark) error { return nil },
	}
}

func newCore(t *testing.T, st im.Store, cfg Config) (*Core, *pushRecorder) {
	t.Helper()
	ids, _ := snowflake.New(1)
	push := &pushRecorder{}
	c := New(st, ids, push, cfg)
	t.Cleanup(c.Close)
	return c, push
}

func textContent(s string) *chorusv1.Content {
	return &chorusv1.Content{Body: &chorusv1.Content_Text{Text: &chorusv1.Text{Text: s}}}
}

func TestSendAcksThenPushesToEveryDeviceButTheOrigin(t *testing.T) {
	c, push := newCore(t, memStore(), Config{})
	ctx := context.Background()
	ack, err := c.SendWait(ctx, SendRequest{SenderID: "alice", ToUserID: "bob", ClientMsgID: "m1", Content: textContent("hi"), Origin: 42})
	if err != nil {
		t.Fatal(err)
	}
	if ack.ConversationId != "p:alice:bob" || ack.Seq != 1 || ack.Duplicate || ack.MessageId == 0 {
		t.Fatalf("ack %v", ack)
	}
	waitUntil(t, func() bool { return len(push.all()) == 1 })
	p := push.all()[0]
	if strings.Join(p.users, ",") != "alice,bob" || p.except != 42 {
		t.Fatalf("push to %v except %d", p.users, p.except)
	}
	if m := p.frame.GetDeliver().GetMessage(); m.GetSeq() != 1 || m.GetContent().GetText().GetText() != "hi" {
		t.Fatalf("pushed %v", p.frame)
	}

	// A retry with the same client id is acked with the original and not
	// pushed again.
	again, err := c.SendWait(ctx, SendRequest{SenderID: "alice", ToUserID: "bob", ClientMsgID: "m1", Content: textContent("hi")})
	if err != nil {
		t.Fatal(err)
	}
	if !again.Duplicate || again.Seq != 1 || again.MessageId != ack.MessageId {
		t.Fatalf("duplicate ack %v", again)
	}
	next, _ := c.SendWait(ctx, SendRequest{SenderID: "bob", ToUserID: "alice", ClientMsgID: "m1", Content: textContent("yo")})
	if next.Seq != 2 || next.Duplicate {
		t.Fatalf("bob's m1 is not alice's m1: %v", next)
	}
	waitUntil(t, func() bool { return len(push.all()) == 2 })
}

func TestSendValidation(t *testing.T) {
	c, _ := newCore(t, memStore(), Config{MaxContentSize: 300})
	ctx := context.Background()
	big := textContent(strings.Repeat("x", 400))
	for name, tc := range map[string]struct {
		req  SendRequest
		code chorusv1.ErrorCode
	}{
		"no content":        {SendRequest{SenderID: "alice", ToUserID: "bob"}, chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT},
		"empty text":        {SendRequest{SenderID: "alice", ToUserID: "bob", Content: textContent("")}, chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT},
		"media without url": {SendRequest{SenderID: "alice", ToUserID: "bob", Content: &chorusv1.Content{Body: &chorusv1.Content_Media{Media: &chorusv1.Media{Kind: chorusv1.MediaKind_MEDIA_KIND_IMAGE}}}}, chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT},
		"too large":         {SendRequest{SenderID: "alice", ToUserID: "bob", Content: big}, chorusv1.ErrorCode_ERROR_CODE_CONTENT_TOO_LARGE},
		"no target":         {SendRequest{SenderID: "alice", Content: textContent("x")}, chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT},
		"two targets":       {SendRequest{SenderID: "alice", ToUserID: "bob", ConversationID: "p:alice:bob", Content: textContent("x")}, chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT},
		"to self":           {SendRequest{SenderID: "alice", ToUserID: "alice", Content: textContent("x")}, chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT},
		"missing user":      {SendRequest{SenderID: "alice", ToUserID: "zed", Content: textContent("x")}, chorusv1.ErrorCode_ERROR_CODE_USER_NOT_FOUND},
		"not a member":      {SendRequest{SenderID: "carol", ConversationID: "p:alice:bob", Content: textContent("x")}, chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER},
		"user into system":  {SendRequest{SenderID: "alice", ConversationID: "s:alice", Content: textContent("x")}, chorusv1.ErrorCode_ERROR_CODE_PERMISSION_DENIED},
		"long client id":    {SendRequest{SenderID: "alice", ToUserID: "bob", ClientMsgID: strings.Repeat("c", 65), Content: textContent("x")}, chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT},
		"bad conversation":  {SendRequest{SenderID: "alice", ConversationID: "nope", Content: textContent("x")}, chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := c.SendWait(ctx, tc.req)
			if !im.IsCode(err, tc.code) {
				t.Fatalf("error %v, want %v", err, tc.code)
			}
		})
	}
	// The system may write into a user's system conversation.
	ack, err := c.SendWait(ctx, SendRequest{ToUserID: "carol", Content: textContent("welcome")})
	if err != nil || ack.ConversationId != "s:carol" {
		t.Fatalf("system send: %v %v", ack, err)
	}
}

func TestBatchFailureIsolatesTheBadMessage(t *testing.T) {
	st := memStore()
	inner := st.AppendMessagesFn
	gate := make(chan struct{})
	var calls sync.Mutex
	first := true
	st.AppendMessagesFn = func(ctx context.Context, msgs []*chorusv1.Message) ([]im.AppendResult, error) {
		calls.Lock()
		wasFirst := first
		first = false
		calls.Unlock()
		if wasFirst {
			<-gate // hold the first batch so the rest queue into one batch
		}
		for _, m := range msgs {
			if m.ClientMsgId == "poison" {
				return nil, im.Errorf(chorusv1.ErrorCode_ERROR_CODE_CONVERSATION_NOT_FOUND, "gone")
			}
		}
		return inner(ctx, msgs)
	}
	c, _ := newCore(t, st, Config{})
	type outcome struct {
		ack *chorusv1.SendAck
		err error
	}
	results := make(map[string]chan outcome)
	send := func(cmid string) {
		ch := make(chan outcome, 1)
		results[cmid] = ch
		c.Send(context.Background(), SendRequest{SenderID: "alice", ToUserID: "bob", ClientMsgID: cmid, Content: textContent(cmid)},
			func(a *chorusv1.SendAck, err error) { ch <- outcome{a, err} })
	}
	send("warmup")
	waitUntil(t, func() bool { calls.Lock(); defer calls.Unlock(); return !first })
	for _, id := range []string{"a", "poison", "b"} {
		send(id)
	}
	close(gate)
	for id, ch := range results {
		o := <-ch
		if id == "poison" {
			if !im.IsCode(o.err, chorusv1.ErrorCode_ERROR_CODE_CONVERSATION_NOT_FOUND) {
				t.Errorf("poison: %v", o.err)
			}
		} else if o.err != nil {
			t.Errorf("%s failed with the poison message: %v", id, o.err)
		}
	}
}

func TestStoreOutageFailsTheBatchTemporarily(t *testing.T) {
	st := memStore()
	st.AppendMessagesFn = func(context.Context, []*chorusv1.Message) ([]im.AppendResult, error) {
		return nil, errors.New("disk on fire")
	}
	c, push := newCore(t, st, Config{})
	_, err := c.SendWait(context.Background(), SendRequest{SenderID: "alice", ToUserID: "bob", Content: textContent("x")})
	pub := im.Public(err)
	if pub.Code != chorusv1.ErrorCode_ERROR_CODE_INTERNAL || !pub.Temporary() || strings.Contains(pub.Message, "fire") {
		t.Fatalf("store failure surfaced as %v", pub)
	}
	if len(push.all()) != 0 {
		t.Fatal("a message that was not stored was pushed")
	}
}

func TestOverloadAndCloseDrain(t *testing.T) {
	st := memStore()
	inner := st.AppendMessagesFn
	gate := make(chan struct{})
	st.AppendMessagesFn = func(ctx context.Context, msgs []*chorusv1.Message) ([]im.AppendResult, error) {
		<-gate
		return inner(ctx, msgs)
	}
	c, _ := newCore(t, st, Config{QueueSize: 2, BatchSize: 1})
	var wg sync.WaitGroup
	errs := make(chan error, 10)
	acks := make(chan *chorusv1.SendAck, 10)
	send := func(i int) {
		wg.Add(1)
		c.Send(context.Background(), SendRequest{SenderID: "alice", ToUserID: "bob", Content: textContent("x")},
			func(a *chorusv1.SendAck, err error) {
				defer wg.Done()
				if err != nil {
					errs <- err
				} else {
					acks <- a
				}
			})
	}
	// One send sits in the blocked committer, two fill the queue, the
	// rest are refused at once instead of waiting.
	send(0)
	waitUntil(t, func() bool { return len(c.sendq) == 0 })
	for i := 1; i < 6; i++ {
		send(i)
	}
	for i := 0; i < 3; i++ {
		if err := <-errs; !im.IsCode(err, chorusv1.ErrorCode_ERROR_CODE_OVERLOADED) {
			t.Fatalf("want OVERLOADED, got %v", err)
		}
	}
	// Close waits for what was queued: all three are stored and acked.
	close(gate)
	c.Close()
	wg.Wait()
	if len(acks) != 3 {
		t.Fatalf("%d acks after drain, want 3", len(acks))
	}
	_, err := c.SendWait(context.Background(), SendRequest{SenderID: "alice", ToUserID: "bob", Content: textContent("x")})
	if !im.IsCode(err, chorusv1.ErrorCode_ERROR_CODE_UNAVAILABLE) {
		t.Fatalf("send after close: %v", err)
	}
}

func TestPullChecksMembershipAndPages(t *testing.T) {
	st := memStore()
	var gotQuery im.MessageQuery
	st.ListMessagesFn = func(_ context.Context, q im.MessageQuery) ([]*chorusv1.Message, error) {
		gotQuery = q
		var out []*chorusv1.Message
		for s := q.FromSeq; s < q.FromSeq+uint64(q.Limit); s++ {
			out = append(out, &chorusv1.Message{Seq: s})
		}
		return out, nil
	}
	c, _ := newCore(t, st, Config{})
	ctx := context.Background()
	res, err := c.Pull(ctx, "alice", &chorusv1.PullMessagesRequest{ConversationId: "p:alice:bob", FromSeq: 5, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Messages) != maxPullLimit || !res.HasMore || gotQuery.Limit != maxPullLimit+1 {
		t.Fatalf("%d messages, has_more %v, asked %d", len(res.Messages), res.HasMore, gotQuery.Limit)
	}
	if _, err := c.Pull(ctx, "carol", &chorusv1.PullMessagesRequest{ConversationId: "p:alice:bob"}); !im.IsCode(err, chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER) {
		t.Fatalf("non-member pull: %v", err)
	}
	if _, err := c.Pull(ctx, "alice", &chorusv1.PullMessagesRequest{ConversationId: "p:alice:bob", FromSeq: 9, ToSeq: 3}); !im.IsCode(err, chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT) {
		t.Fatalf("inverted range: %v", err)
	}
	if _, err := c.Pull(ctx, "", &chorusv1.PullMessagesRequest{ConversationId: "p:alice:bob"}); err != nil {
		t.Fatalf("system pull: %v", err)
	}
}

func TestDeliveryMarksAreCoalesced(t *testing.T) {
	st := memStore()
	got := make(chan []im.DeliveryMark, 10)
	st.MarkDeliveredFn = func(_ context.Context, marks []im.DeliveryMark) error {
		got <- marks
		return nil
	}
	// The store caps positions at the last seq (7 here): the receipt the
	// peer gets says what was stored, not what the client claimed.
	st.GetMemberFn = func(_ context.Context, conv, user string) (*im.Member, error) {
		return &im.Member{ConversationID: conv, UserID: user, DeliveredSeq: 7}, nil
	}
	c, push := newCore(t, st, Config{DeliveryFlushInterval: time.Hour})
	for _, seq := range []uint64{3, 9, 5} {
		if err := c.MarkDelivered("bob", "p:alice:bob", seq); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.MarkDelivered("bob", "bogus", 1); err == nil {
		t.Fatal("malformed conversation id accepted")
	}
	c.Close() // flushes
	marks := <-got
	if len(marks) != 1 || marks[0].Seq != 9 || marks[0].UserID != "bob" {
		t.Fatalf("flushed %v", marks)
	}
	var receipts []*chorusv1.Receipt
	for _, p := range push.all() {
		if r := p.frame.GetReceipt(); r != nil && len(p.users) == 1 && p.users[0] == "alice" {
			receipts = append(receipts, r)
		}
	}
	if len(receipts) != 1 || receipts[0].GetDeliveredSeq() != 7 || receipts[0].GetUserId() != "bob" {
		t.Fatalf("alice got receipts %v, want one of bob's at the stored seq 7", receipts)
	}
}

func waitUntil(t *testing.T, cond func() bool) { testutil.WaitFor(t, "condition", cond) }

func TestPullPagesByBytes(t *testing.T) {
	st := memStore()
	big := textContent(strings.Repeat("x", 30<<10))
	st.ListMessagesFn = func(_ context.Context, q im.MessageQuery) ([]*chorusv1.Message, error) {
		var out []*chorusv1.Message
		for s := q.FromSeq; s < q.FromSeq+uint64(q.Limit); s++ {
			out = append(out, &chorusv1.Message{Seq: s, Content: big})
		}
		return out, nil
	}
	c, _ := newCore(t, st, Config{})
	res, err := c.Pull(context.Background(), "alice", &chorusv1.PullMessagesRequest{ConversationId: "p:alice:bob", FromSeq: 1, Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(res.Messages); n == 0 || n >= 200 || !res.HasMore || proto.Size(res) > maxPullBytes+(32<<10) {
		t.Fatalf("%d messages of %d bytes, has_more %v", n, proto.Size(res), res.HasMore)
	}
	if res.Messages[len(res.Messages)-1].Seq != uint64(len(res.Messages)) {
		t.Fatal("page is not a prefix of the range")
	}
}

// A clock that steps back while the node runs does not make a later
// message look older: its time is held at the last one given.
func TestServerTimeNeverGoesBack(t *testing.T) {
	var mu sync.Mutex
	now := time.UnixMilli(5_000)
	c, _ := newCore(t, memStore(), Config{Now: func() time.Time { mu.Lock(); defer mu.Unlock(); return now }})
	set := func(ms int64) { mu.Lock(); now = time.UnixMilli(ms); mu.Unlock() }
	var times []int64
	var last int64
	for _, ms := range []int64{5_000, 3_000, 4_000, 9_000} {
		set(ms)
		ack, err := c.SendWait(context.Background(), SendRequest{SenderID: "alice", ToUserID: "bob", Content: textContent("t")})
		if err != nil {
			t.Fatal(err)
		}
		if ack.GetMessageId() <= last {
			t.Fatalf("message id %d after %d", ack.GetMessageId(), last)
		}
		last = ack.GetMessageId()
		times = append(times, ack.GetServerTimeMs())
	}
	if want := []int64{5_000, 5_000, 5_000, 9_000}; !slices.Equal(times, want) {
		t.Fatalf("server times %v with the clock at 5000, 3000, 4000, 9000; want %v", times, want)
	}
}
