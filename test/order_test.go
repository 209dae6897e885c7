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

// TestIdsAndTimesGrowWithSeq: clients sort by message id or server time,
// so within a conversation both must grow with the seq. Many devices send
// into one group at once while its members change; afterwards every
// message has a larger id than the one before it, and no earlier server
// time.
func TestIdsAndTimesGrowWithSeq(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	tn := startNode(t, "", nil)
	const senders, perSender, changes = 8, 60, 40
	var members []string
	tokens := map[string]string{}
	for i := 0; i < senders; i++ {
		u := fmt.Sprintf("u%d", i)
		members = append(members, u)
		tokens[u] = tn.createUser(t, u)
	}
	tn.createUser(t, "guest")
	tn.mustCall(t, "CreateGroup", &chorusv1.CreateGroupRequest{GroupId: "busy", OwnerId: "u0", MemberIds: members[1:]}, &chorusv1.CreateGroupResponse{})

	var wg sync.WaitGroup
	errs := make(chan error, senders*4+1)
	for _, u := range members {
		c := dial(t, ctx, client.Options{Addr: "tcp://" + tn.TCPAddr(), Token: tokens[u], DeviceID: u + "-d"})
		// Several goroutines per client keep sends from one connection
		// and from many in flight together.
		for g := 0; g < 4; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < perSender/4; i++ {
					if _, err := c.Send(ctx, client.Outgoing{ConversationID: "g:busy", Content: text("x")}); err != nil {
						errs <- fmt.Errorf("%s: %w", u, err)
						return
					}
				}
			}()
		}
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < changes; i++ {
			var err error
			if i%2 == 0 {
				err = tn.call(t, "AddGroupMembers", &chorusv1.AddGroupMembersRequest{GroupId: "busy", UserIds: []string{"guest"}}, &chorusv1.AddGroupMembersResponse{})
			} else {
				err = tn.call(t, "RemoveGroupMembers", &chorusv1.RemoveGroupMembersRequest{GroupId: "busy", UserIds: []string{"guest"}}, &chorusv1.RemoveGroupMembersResponse{})
			}
			if err != nil {
				errs <- err
				return
			}
		}
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}

	var all []*chorusv1.Message
	for from := uint64(1); ; {
		var page chorusv1.GetHistoryResponse
		tn.mustCall(t, "GetHistory", &chorusv1.GetHistoryRequest{ConversationId: "g:busy", FromSeq: from, Limit: 200}, &page)
		all = append(all, page.Messages...)
		if !page.GetHasMore() {
			break
		}
		from = page.Messages[len(page.Messages)-1].GetSeq() + 1
	}
	if want := 1 + senders*perSender + changes; len(all) != want {
		t.Fatalf("%d messages in the group, want %d", len(all), want)
	}
	for i := 1; i < len(all); i++ {
		prev, m := all[i-1], all[i]
		if m.GetSeq() != prev.GetSeq()+1 {
			t.Fatalf("seq %d follows %d", m.GetSeq(), prev.GetSeq())
		}
		if m.GetId() <= prev.GetId() || m.GetServerTimeMs() < prev.GetServerTimeMs() {
			t.Fatalf("seq %d (id %d, time %d) after seq %d (id %d, time %d): id and time must grow with the seq",
				m.GetSeq(), m.GetId(), m.GetServerTimeMs(), prev.GetSeq(), prev.GetId(), prev.GetServerTimeMs())
		}
	}
}
