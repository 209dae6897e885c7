package test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	_ "modernc.org/sqlite"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
)

// TestRequestsInFlightAreBounded: a connection may have 256 requests
// without an answer; sends count until their ack, which comes only once
// the message is durable. With the store's write lock held from outside,
// no send can commit: of 300 pipelined sends, 256 wait and 44 are refused
// with RATE_LIMITED at once; after the lock is gone the 256 are acked.
func TestRequestsInFlightAreBounded(t *testing.T) {
	dir := t.TempDir()
	tn := startNode(t, dir, nil)
	alice := tn.createUser(t, "alice")
	tn.createUser(t, "bob")
	c := dialRaw(t, tn.TCPAddr())
	c.auth(alice, "a1")
	send := func(id uint64) *chorusv1.Frame {
		return &chorusv1.Frame{Id: id, Body: &chorusv1.Frame_Send{Send: &chorusv1.SendRequest{
			ToUserId: "bob", ClientMsgId: fmt.Sprintf("m-%d", id), Content: text("hi"),
		}}}
	}
	// The conversation exists before the lock, so sends need no write to
	// start.
	c.send(send(1))
	if f := c.reply(1); f.GetSendAck() == nil {
		t.Fatalf("first send answered %v", f)
	}

	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "chorus.db")+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	lock, err := db.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lock.Exec("UPDATE users SET name = name WHERE id = 'alice'"); err != nil {
		t.Fatal(err)
	}
	unlocked := false
	defer func() {
		if !unlocked {
			lock.Rollback()
		}
	}()

	const n = 300
	var batch []byte
	for i := uint64(0); i < n; i++ {
		batch = append(batch, encodeFrame(t, send(100+i))...)
	}
	c.write(batch)
	limited := 0
	for limited < n-256 {
		f := c.reply(0)
		if f.GetSendAck() != nil {
			t.Fatalf("a send was acked while the store was locked: %v", f)
		}
		if code := errorCode(t, f); code != chorusv1.ErrorCode_ERROR_CODE_RATE_LIMITED || !f.GetError().GetTemporary() {
			t.Fatalf("answered %v, want RATE_LIMITED (temporary)", f)
		}
		if f.GetId() < 100+256 {
			t.Fatalf("send %d refused, but only %d were in flight before it", f.GetId(), f.GetId()-100)
		}
		limited++
	}
	if err := lock.Rollback(); err != nil {
		t.Fatal(err)
	}
	unlocked = true
	for acked := 0; acked < 256; acked++ {
		f := c.reply(0)
		if f.GetSendAck() == nil {
			t.Fatalf("after the lock, answered %v, want a send_ack", f)
		}
	}
	var tail chorusv1.GetHistoryResponse
	tn.mustCall(t, "GetHistory", &chorusv1.GetHistoryRequest{ConversationId: "p:alice:bob", FromSeq: 257}, &tail)
	if len(tail.Messages) != 1 || tail.GetHasMore() {
		t.Fatalf("from seq 257: %v, want exactly the 257th message", tail.Messages)
	}
}

// TestRequestIDZeroAndUnknownPlatform: id 0 is the id of pushes, so a
// request with it is refused (not run); delivery_ack, which has no
// answer, needs none. A platform outside the enum is refused, and the
// connection stays open for a correct auth.
func TestRequestIDZeroAndUnknownPlatform(t *testing.T) {
	tn := startNode(t, "", nil)
	alice := tn.createUser(t, "alice")
	tn.createUser(t, "bob")
	c := dialRaw(t, tn.TCPAddr())

	c.send(&chorusv1.Frame{Id: 0, Body: &chorusv1.Frame_Ping{Ping: &chorusv1.Ping{}}})
	if f := c.read(); errorCode(t, f) != chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT || f.GetId() != 0 {
		t.Fatalf("ping with id 0 answered %v", f)
	}
	c.send(&chorusv1.Frame{Id: 0, Body: &chorusv1.Frame_Auth{Auth: &chorusv1.AuthRequest{Token: alice, DeviceId: "a1"}}})
	if f := c.read(); errorCode(t, f) != chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT || f.GetId() != 0 {
		t.Fatalf("auth with id 0 answered %v", f)
	}
	c.send(&chorusv1.Frame{Id: 1, Body: &chorusv1.Frame_Auth{Auth: &chorusv1.AuthRequest{Token: alice, DeviceId: "a1", Platform: chorusv1.Platform(99)}}})
	if f := c.read(); errorCode(t, f) != chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT || f.GetId() != 1 {
		t.Fatalf("auth with platform 99 answered %v", f)
	}
	c.auth(alice, "a1")

	c.send(&chorusv1.Frame{Id: 0, Body: &chorusv1.Frame_Send{Send: &chorusv1.SendRequest{ToUserId: "bob", Content: text("lost?")}}})
	if f := c.read(); errorCode(t, f) != chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT || f.GetId() != 0 {
		t.Fatalf("send with id 0 answered %v", f)
	}
	c.send(&chorusv1.Frame{Id: 0, Body: &chorusv1.Frame_ListSessions{ListSessions: &chorusv1.ListSessionsRequest{}}})
	if f := c.read(); errorCode(t, f) != chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT {
		t.Fatalf("list_sessions with id 0 answered %v", f)
	}
	// A delivery ack without an id is fine: it gets no answer, so the next
	// frame is the answer to the next request.
	c.send(&chorusv1.Frame{Body: &chorusv1.Frame_DeliveryAck{DeliveryAck: &chorusv1.DeliveryAck{ConversationId: "p:alice:bob", Seq: 1}}})
	c.send(&chorusv1.Frame{Id: 5, Body: &chorusv1.Frame_ListSessions{ListSessions: &chorusv1.ListSessionsRequest{}}})
	if f := c.read(); f.GetListSessionsResult() == nil || f.GetId() != 5 {
		t.Fatalf("after a delivery ack, answered %v", f)
	}
	if got := tn.history(t, "p:alice:bob"); len(got) != 0 {
		t.Fatalf("the send with id 0 was stored: %v", got)
	}
}
