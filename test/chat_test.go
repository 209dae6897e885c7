package test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/client"
)

// inbox collects what a client's OnMessage receives.
type inbox struct {
	mu   sync.Mutex
	msgs []*chorusv1.Message
}

func (b *inbox) add(m *chorusv1.Message) {
	b.mu.Lock()
	b.msgs = append(b.msgs, m)
	b.mu.Unlock()
}

func (b *inbox) from(sender string) []*chorusv1.Message {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []*chorusv1.Message
	for _, m := range b.msgs {
		if m.GetSenderId() == sender {
			out = append(out, m)
		}
	}
	return out
}

func dial(t *testing.T, ctx context.Context, opts client.Options) *client.Client {
	t.Helper()
	c, err := client.Dial(ctx, opts)
	if err != nil {
		t.Fatalf("dial %s: %v", opts.Addr, err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// TestChatEndToEnd is the foundation's acceptance test: alice on TCP and
// bob on WebSocket chat; bob goes offline, misses three messages and gets
// exactly those after reconnecting; a resend is deduplicated; a restart
// keeps everything.
func TestChatEndToEnd(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	dir := t.TempDir()
	tn := startNode(t, dir, nil)
	aliceTok := tn.createUser(t, "alice")
	bobTok := tn.createUser(t, "bob")

	alice := dial(t, ctx, client.Options{Addr: "tcp://" + tn.TCPAddr(), Token: aliceTok, DeviceID: "alice-laptop", Platform: chorusv1.Platform_PLATFORM_DESKTOP})
	var bobBox inbox
	bob := dial(t, ctx, client.Options{Addr: tn.wsURL(), Token: bobTok, DeviceID: "bob-phone", Platform: chorusv1.Platform_PLATFORM_IOS, OnMessage: bobBox.add})

	// A on TCP sends to B on WebSocket; B receives it as a push.
	first, err := alice.Send(ctx, client.Outgoing{ToUserID: "bob", ClientMsgID: "msg-1", Content: text("hello bob")})
	if err != nil {
		t.Fatal(err)
	}
	if first.GetSeq() != 1 || first.GetConversationId() != "p:alice:bob" {
		t.Fatalf("first ack %v", first)
	}
	waitFor(t, "bob to receive the first message", func() bool { return len(bobBox.from("alice")) == 1 })
	if m := bobBox.from("alice")[0]; m.GetContent().GetText().GetText() != "hello bob" || m.GetSeq() != 1 {
		t.Fatalf("bob got %v", m)
	}

	// B goes offline; A sends three more.
	positions := bob.Positions()
	bob.Close()
	waitFor(t, "bob's session to end", func() bool { return tn.sessionsOf(t) == 1 })
	var sent []*chorusv1.SendAck
	for i := 2; i <= 4; i++ {
		ack, err := alice.Send(ctx, client.Outgoing{ToUserID: "bob", ClientMsgID: fmt.Sprintf("msg-%d", i), Content: text(fmt.Sprintf("missed %d", i))})
		if err != nil {
			t.Fatal(err)
		}
		sent = append(sent, ack)
	}

	// B reconnects with what it held and syncs: exactly the three, in order.
	var bob2Box inbox
	bob2 := dial(t, ctx, client.Options{Addr: tn.wsURL(), Token: bobTok, DeviceID: "bob-phone", Platform: chorusv1.Platform_PLATFORM_IOS, KnownSeqs: positions, OnMessage: bob2Box.add})
	missed, err := bob2.Sync(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(missed) != 3 {
		t.Fatalf("sync returned %d messages, want 3: %v", len(missed), missed)
	}
	for i, m := range missed {
		if m.GetSeq() != uint64(i+2) || m.GetContent().GetText().GetText() != fmt.Sprintf("missed %d", i+2) || m.GetId() != sent[i].GetMessageId() {
			t.Fatalf("missed[%d] = %v", i, m)
		}
	}
	if again, _ := bob2.Sync(ctx); len(again) != 0 {
		t.Fatalf("a second sync returned %v", again)
	}

	// A resend with the same client message id stores nothing new and
	// returns the original seq.
	dup, err := alice.Send(ctx, client.Outgoing{ToUserID: "bob", ClientMsgID: "msg-3", Content: text("missed 3")})
	if err != nil {
		t.Fatal(err)
	}
	if !dup.GetDuplicate() || dup.GetSeq() != 3 || dup.GetMessageId() != sent[1].GetMessageId() {
		t.Fatalf("resend ack %v", dup)
	}
	before := tn.history(t, "p:alice:bob")
	if len(before) != 4 {
		t.Fatalf("history has %d messages after the resend, want 4", len(before))
	}

	// Live traffic reaches the reconnected client as pushes.
	if _, err := alice.SendText(ctx, "bob", "welcome back"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "bob2 to get the live message", func() bool {
		got := bob2Box.from("alice")
		return len(got) == 4 && got[3].GetSeq() == 5
	})

	// Restart the node on the same data: history intact, old tokens valid,
	// seqs continue without reuse.
	alice.Close()
	bob2.Close()
	tn.stop(t)
	tn2 := startNode(t, dir, nil)
	after := tn2.history(t, "p:alice:bob")
	if len(after) != 5 {
		t.Fatalf("after restart history has %d messages, want 5", len(after))
	}
	for i := range before {
		if after[i].GetId() != before[i].GetId() || after[i].GetSeq() != before[i].GetSeq() ||
			after[i].GetContent().GetText().GetText() != before[i].GetContent().GetText().GetText() {
			t.Fatalf("after restart message %d = %v, was %v", i, after[i], before[i])
		}
	}
	alice3 := dial(t, ctx, client.Options{Addr: "tcp://" + tn2.TCPAddr(), Token: aliceTok, DeviceID: "alice-laptop", Platform: chorusv1.Platform_PLATFORM_DESKTOP})
	ack, err := alice3.SendText(ctx, "bob", "after restart")
	if err != nil {
		t.Fatal(err)
	}
	if ack.GetSeq() != 6 {
		t.Fatalf("first seq after restart %d, want 6", ack.GetSeq())
	}
	// The retry of a message stored before the restart is still a duplicate.
	dup, err = alice3.Send(ctx, client.Outgoing{ToUserID: "bob", ClientMsgID: "msg-2", Content: text("missed 2")})
	if err != nil || !dup.GetDuplicate() || dup.GetSeq() != 2 {
		t.Fatalf("resend after restart: %v %v", dup, err)
	}
}

// TestMultiDeviceAndPositions: a message reaches every device of both
// users (the sender's other devices too), read marks move unread counts,
// and the conversation list reflects it.
func TestMultiDeviceAndPositions(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	tn := startNode(t, "", nil)
	aliceTok := tn.createUser(t, "alice")
	bobTok := tn.createUser(t, "bob")

	var aPhone, aDesk, bPhone inbox
	a1 := dial(t, ctx, client.Options{Addr: tn.wsURL(), Token: aliceTok, DeviceID: "a-phone", Platform: chorusv1.Platform_PLATFORM_ANDROID, OnMessage: aPhone.add})
	dial(t, ctx, client.Options{Addr: "tcp://" + tn.TCPAddr(), Token: aliceTok, DeviceID: "a-desk", Platform: chorusv1.Platform_PLATFORM_DESKTOP, OnMessage: aDesk.add})
	b1 := dial(t, ctx, client.Options{Addr: tn.wsURL(), Token: bobTok, DeviceID: "b-phone", Platform: chorusv1.Platform_PLATFORM_IOS, JSON: true, OnMessage: bPhone.add})

	if _, err := a1.SendText(ctx, "bob", "from the phone"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "all three devices", func() bool {
		return len(aDesk.from("alice")) == 1 && len(bPhone.from("alice")) == 1 && len(aPhone.from("alice")) == 1
	})
	for i := 0; i < 2; i++ {
		if _, err := b1.SendText(ctx, "alice", fmt.Sprintf("reply %d", i)); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, "alice's devices to get both replies", func() bool {
		return len(aDesk.from("bob")) == 2 && len(aPhone.from("bob")) == 2
	})

	convs, err := a1.Conversations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(convs) != 1 || convs[0].GetId() != "p:alice:bob" || convs[0].GetPeerUserId() != "bob" ||
		convs[0].GetLastSeq() != 3 || convs[0].GetUnreadCount() != 2 || convs[0].GetLastMessage().GetContent().GetText().GetText() != "reply 1" {
		t.Fatalf("alice's conversations %v", convs)
	}
	res, err := a1.MarkRead(ctx, "p:alice:bob", 2)
	if err != nil || res.GetReadSeq() != 2 || res.GetUnreadCount() != 1 {
		t.Fatalf("mark read: %v %v", res, err)
	}
	// Positions never move back, and are capped at the last seq.
	if res, _ := a1.MarkRead(ctx, "p:alice:bob", 1); res.GetReadSeq() != 2 {
		t.Fatalf("read position moved back: %v", res)
	}
	if res, _ := a1.MarkRead(ctx, "p:alice:bob", 99); res.GetReadSeq() != 3 || res.GetUnreadCount() != 0 {
		t.Fatalf("read position not capped: %v", res)
	}
	// Bob sent the last message, so he has nothing unread.
	bc, _ := b1.Conversations(ctx)
	if len(bc) != 1 || bc[0].GetUnreadCount() != 0 || bc[0].GetReadSeq() != 3 {
		t.Fatalf("bob's conversations %v", bc)
	}
}

// TestSystemMessagesAndNotifications: the business back end writes as the
// system and pushes transient notifications.
func TestSystemMessagesAndNotifications(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	tn := startNode(t, "", nil)
	carolTok := tn.createUser(t, "carol")
	tn.createUser(t, "dave")

	var box inbox
	notes := make(chan *chorusv1.Notification, 4)
	dial(t, ctx, client.Options{Addr: tn.wsURL(), Token: carolTok, DeviceID: "c1", OnMessage: box.add,
		OnNotification: func(n *chorusv1.Notification) { notes <- n }})

	var sent chorusv1.SendMessageResponse
	tn.mustCall(t, "SendMessage", &chorusv1.SendMessageRequest{ToUserId: "carol", ClientMsgId: "welcome-carol", Content: text("Welcome to Chorus")}, &sent)
	if sent.GetAck().GetConversationId() != "s:carol" || sent.GetAck().GetSeq() != 1 {
		t.Fatalf("system send %v", &sent)
	}
	waitFor(t, "carol to get the system message", func() bool { return len(box.from("")) == 1 })

	// As a user, through the API: lands in the direct conversation.
	tn.mustCall(t, "SendMessage", &chorusv1.SendMessageRequest{FromUserId: "dave", ToUserId: "carol", ClientMsgId: "d-1", Content: text("hi from dave")}, &sent)
	if sent.GetAck().GetConversationId() != "p:carol:dave" {
		t.Fatalf("send as user %v", &sent)
	}
	waitFor(t, "carol to get dave's message", func() bool { return len(box.from("dave")) == 1 })

	var pushed chorusv1.PushNotificationResponse
	tn.mustCall(t, "PushNotification", &chorusv1.PushNotificationRequest{UserIds: []string{"carol", "dave"},
		Notification: &chorusv1.Notification{Type: "order.shipped", Data: []byte(`{"order":42}`)}}, &pushed)
	if pushed.GetDeliveredSessions() != 1 { // dave is offline
		t.Fatalf("notification reached %d sessions", pushed.GetDeliveredSessions())
	}
	select {
	case n := <-notes:
		if n.GetType() != "order.shipped" || string(n.GetData()) != `{"order":42}` || n.GetServerTimeMs() == 0 {
			t.Fatalf("notification %v", n)
		}
	case <-ctx.Done():
		t.Fatal("no notification")
	}

	// Users: update merges attributes, get reads them back.
	tn.mustCall(t, "UpdateUser", &chorusv1.UpdateUserRequest{UserId: "carol", Name: ptr("Carol C."), Attributes: map[string]string{"team": "blue"}}, &chorusv1.UpdateUserResponse{})
	var got chorusv1.GetUserResponse
	tn.mustCall(t, "GetUser", &chorusv1.GetUserRequest{UserId: "carol"}, &got)
	if got.GetUser().GetName() != "Carol C." || got.GetUser().GetAttributes()["team"] != "blue" {
		t.Fatalf("user after update %v", got.GetUser())
	}
	if err := tn.call(t, "CreateUser", &chorusv1.CreateUserRequest{User: &chorusv1.User{Id: "carol"}}, &chorusv1.CreateUserResponse{}); err == nil ||
		err.(*apiError).Chorus.Code != "ERROR_CODE_USER_ALREADY_EXISTS" {
		t.Fatalf("duplicate user: %v", err)
	}
}

// TestSamePlatformLoginKicks: a second phone of the same user replaces the
// first; a second tab of the same browser does not.
func TestSamePlatformLoginKicks(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	tn := startNode(t, "", nil)
	tok := tn.createUser(t, "erin")

	kicked := make(chan *chorusv1.Disconnect, 1)
	dial(t, ctx, client.Options{Addr: tn.wsURL(), Token: tok, DeviceID: "old-phone", Platform: chorusv1.Platform_PLATFORM_IOS,
		OnDisconnect: func(d *chorusv1.Disconnect, err error) { kicked <- d }})
	dial(t, ctx, client.Options{Addr: tn.wsURL(), Token: tok, DeviceID: "new-phone", Platform: chorusv1.Platform_PLATFORM_IOS})
	select {
	case d := <-kicked:
		if d.GetCode() != chorusv1.DisconnectCode_DISCONNECT_CODE_KICKED || d.GetReconnect() {
			t.Fatalf("old phone got %v", d)
		}
	case <-ctx.Done():
		t.Fatal("old phone was not kicked")
	}
	dial(t, ctx, client.Options{Addr: tn.wsURL(), Token: tok, DeviceID: "browser-1", Platform: chorusv1.Platform_PLATFORM_WEB})
	dial(t, ctx, client.Options{Addr: tn.wsURL(), Token: tok, DeviceID: "browser-1", Platform: chorusv1.Platform_PLATFORM_WEB})
	waitFor(t, "new phone and two tabs online", func() bool { return tn.sessionsOf(t) == 3 })
}

func ptr[T any](v T) *T { return &v }
