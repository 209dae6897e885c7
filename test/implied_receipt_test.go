package test

import (
	"context"
	"sync"
	"testing"
	"time"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/client"
)

// TestReplyFromPeerIsAReadReceipt: bob was away while alice wrote three
// messages; he comes back and replies without a read mark of his own (his
// reply moved his read position). Alice's SDK reports it as a receipt, so
// her three messages show as read, as the API says they are.
func TestReplyFromPeerIsAReadReceipt(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	tn := startNode(t, "", nil)
	aliceTok, bobTok := tn.createUser(t, "alice"), tn.createUser(t, "bob")
	var mu sync.Mutex
	var peerRead uint64
	alice := dial(t, ctx, client.Options{Addr: "tcp://" + tn.TCPAddr(), Token: aliceTok, DeviceID: "a", OnReceipt: func(r *chorusv1.Receipt) {
		if r.GetUserId() == "bob" && r.GetConversationId() == "p:alice:bob" {
			mu.Lock()
			peerRead = max(peerRead, r.GetReadSeq())
			mu.Unlock()
		}
	}})
	for _, s := range []string{"one", "two", "three"} {
		if _, err := alice.SendText(ctx, "bob", s); err != nil {
			t.Fatal(err)
		}
	}
	bob := dial(t, ctx, client.Options{Addr: tn.wsURL(), Token: bobTok, DeviceID: "b"})
	ack, err := bob.SendText(ctx, "alice", "back!")
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "alice to learn that bob read up to his reply", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return peerRead == ack.GetSeq()
	})
	var list chorusv1.ListConversationsResult
	tn.mustCall(t, "ListConversations", &chorusv1.ListConversationsRequest{UserId: "alice"}, &list)
	if got := list.Conversations[0].GetPeerReadSeq(); got != ack.GetSeq() {
		t.Fatalf("the API says bob read up to %d, want %d", got, ack.GetSeq())
	}
}
