//go:build linux

package test

import (
	"bufio"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/client"
)

// BenchmarkGroupFanOut measures fan-out of group messages to online
// members: one group of CHORUS_FANOUT_MEMBERS members (default 5,000), all
// connected over TCP, and one more member sending b.N messages with
// CHORUS_FANOUT_INFLIGHT sends in flight (default 16: a busy group). Each
// member's connection is read by a plain goroutine that only counts
// frames. The figure covers the node's whole path (store once, encode
// once, queue to every connection, batch per connection into writes) and
// the readers, which share the two cores. Reports deliveries/s from the
// first send until every member received every message. Run with
// -benchtime=400x or so.
func BenchmarkGroupFanOut(b *testing.B) {
	members := 5000
	if v, err := strconv.Atoi(os.Getenv("CHORUS_FANOUT_MEMBERS")); err == nil && v > 0 {
		members = v
	}
	tn := startNode(b, "", nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	senderToken := tn.createUser(b, "sender")
	ids := make([]string, members)
	tokens := make([]string, members)
	for i := range ids {
		ids[i] = fmt.Sprintf("m%05d", i)
		tokens[i] = tn.createUser(b, ids[i])
	}
	var created chorusv1.CreateGroupResponse
	tn.mustCall(b, "CreateGroup", &chorusv1.CreateGroupRequest{GroupId: "big", Name: "fan-out", OwnerId: "sender"}, &created)
	for start := 0; start < members; start += 1000 {
		var added chorusv1.AddGroupMembersResponse
		tn.mustCall(b, "AddGroupMembers", &chorusv1.AddGroupMembersRequest{GroupId: "big", UserIds: ids[start:min(start+1000, members)]}, &added)
	}

	// Every member online, each connection read by a counting goroutine.
	var frames atomic.Int64
	var readers sync.WaitGroup
	conns := make([]net.Conn, members)
	for i := range conns {
		c, err := net.Dial("tcp", tn.TCPAddr())
		if err != nil {
			b.Fatal(err)
		}
		conns[i] = c
		(&rawConn{t: b, Conn: c}).auth(tokens[i], "d"+ids[i])
		_ = c.SetReadDeadline(time.Time{})
		readers.Add(1)
		go func() {
			defer readers.Done()
			countFrames(bufio.NewReader(c), &frames)
		}()
	}
	defer func() {
		for _, c := range conns {
			c.Close()
		}
		readers.Wait()
	}()
	sender := mustDial(b, ctx, client.Options{Addr: "tcp://" + tn.TCPAddr(), Token: senderToken, SkipHistory: true})

	content := text("a group message of about sixty bytes, as people write them")
	inflight := 16
	if v, err := strconv.Atoi(os.Getenv("CHORUS_FANOUT_INFLIGHT")); err == nil && v > 0 {
		inflight = v
	}
	b.ResetTimer()
	start := time.Now()
	var next atomic.Int64
	var wg sync.WaitGroup
	for range inflight {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(b.N) {
				if _, err := sender.Send(ctx, client.Outgoing{ConversationID: "g:big", Content: content}); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	want := int64(b.N) * int64(members)
	deadline := time.Now().Add(5 * time.Minute)
	for frames.Load() < want && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	elapsed := time.Since(start)
	b.StopTimer()
	if got := frames.Load(); got < want {
		b.Fatalf("members received %d frames, want %d", got, want)
	}
	b.ReportMetric(float64(want)/elapsed.Seconds(), "deliveries/s")
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "msgs/s")
}

// countFrames reads length-prefixed frames until the connection ends and
// counts them, without decoding: every frame after auth is a delivery.
func countFrames(r *bufio.Reader, n *atomic.Int64) {
	var hdr [4]byte
	for {
		if _, err := io.ReadFull(r, hdr[:]); err != nil {
			return
		}
		if _, err := r.Discard(int(binary.BigEndian.Uint32(hdr[:]))); err != nil {
			return
		}
		n.Add(1)
	}
}

// BenchmarkLargeGroupSend measures sends into a group of
// CHORUS_LARGE_GROUP members (default 100,000) of whom only the sender is
// online: the cost a message adds does not depend on the members, as it
// is stored once and pushed to online members only. Setting up creates
// every user through the server API, which takes a while.
func BenchmarkLargeGroupSend(b *testing.B) {
	members := 100_000
	if v, err := strconv.Atoi(os.Getenv("CHORUS_LARGE_GROUP")); err == nil && v > 0 {
		members = v
	}
	tn := startNode(b, "", nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	senderToken := tn.createUser(b, "sender")
	tn.mustCall(b, "CreateGroup", &chorusv1.CreateGroupRequest{GroupId: "huge", OwnerId: "sender"}, &chorusv1.CreateGroupResponse{})
	ids := make([]string, 0, 1000)
	for i := range members - 1 { // the sender is the first member
		id := fmt.Sprintf("h%06d", i)
		tn.mustCall(b, "CreateUser", &chorusv1.CreateUserRequest{User: &chorusv1.User{Id: id}}, &chorusv1.CreateUserResponse{})
		if ids = append(ids, id); len(ids) == 1000 || i == members-2 {
			tn.mustCall(b, "AddGroupMembers", &chorusv1.AddGroupMembersRequest{GroupId: "huge", UserIds: ids}, &chorusv1.AddGroupMembersResponse{})
			ids = ids[:0]
		}
	}
	var g chorusv1.GetGroupResponse
	tn.mustCall(b, "GetGroup", &chorusv1.GetGroupRequest{GroupId: "huge"}, &g)
	if int(g.GetGroup().GetMemberCount()) != members {
		b.Fatalf("group has %d members, want %d", g.GetGroup().GetMemberCount(), members)
	}
	sender := mustDial(b, ctx, client.Options{Addr: "tcp://" + tn.TCPAddr(), Token: senderToken, SkipHistory: true})
	content := text("a message to a very large group")
	// The first send loads the group's members into the node's cache.
	if _, err := sender.Send(ctx, client.Outgoing{ConversationID: "g:huge", Content: content}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		if _, err := sender.Send(ctx, client.Outgoing{ConversationID: "g:huge", Content: content}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "msgs/s")
}
