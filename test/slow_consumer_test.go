package test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/coder/websocket"
	"google.golang.org/protobuf/proto"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/config"
	"github.com/chorus-im/chorus/internal/testutil"
)

// health reads the node's connection and session counts from /healthz.
func (tn *testNode) health(t testing.TB) (connections, sessions int) {
	t.Helper()
	res, err := http.Get("http://" + tn.HTTPAddr() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var h struct {
		Connections int `json:"connections"`
		Sessions    int `json:"sessions"`
	}
	if err := json.NewDecoder(res.Body).Decode(&h); err != nil {
		t.Fatal(err)
	}
	return h.Connections, h.Sessions
}

// slowPayload is the data of notification i; sizes vary so that frame
// boundaries fall anywhere in the socket's buffer.
func slowPayload(i int) []byte {
	return bytes.Repeat([]byte{byte(i)}, 1000+(i*7919)%6000)
}

// TestSlowConsumerIsToldWhy: a device that stops reading while the back
// end pushes to it is dropped as a slow consumer. Its session leaves the
// node's session list as soon as the node starts closing it, not when the
// close timeout ends; and when the device reads again, even after the
// close timeout, it finds whole frames, then disconnect SLOW_CONSUMER,
// then the end (on WebSocket the close frame 3001).
func TestSlowConsumerIsToldWhy(t *testing.T) {
	for _, transport := range []string{"tcp", "ws"} {
		t.Run(transport, func(t *testing.T) {
			tn := startNode(t, "", func(c *config.Config) {
				c.Gateway.WriteQueueBytes = 64 << 10
				// Long enough that the session list is seen without the
				// session while the connection is still closing, even on a
				// slow machine; the test waits for it to pass once.
				c.Gateway.CloseTimeout = config.Duration{Duration: 3 * time.Second}
			})
			tn.createUser(t, "slow")
			var next func() (*chorusv1.Frame, error)
			var end func()
			switch transport {
			case "tcp":
				c := dialRaw(t, tn.TCPAddr())
				c.auth(tn.token(t, "slow"), "slow-phone")
				next = c.readErr
				end = func() {
					if f, err := c.readErr(); f != nil || err == nil {
						t.Fatalf("after the disconnect: %v, %v; want the end of the stream", f, err)
					}
				}
			case "ws":
				ctx, cancel := context.WithTimeout(context.Background(), testutil.WaitTimeout)
				defer cancel()
				ws, _, err := websocket.Dial(ctx, tn.wsURL(), &websocket.DialOptions{Subprotocols: []string{"chorus.v1.proto"}})
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { ws.CloseNow() })
				ws.SetReadLimit(-1)
				next = func() (*chorusv1.Frame, error) {
					_, b, err := ws.Read(ctx)
					if err != nil {
						return nil, err
					}
					f := new(chorusv1.Frame)
					return f, proto.Unmarshal(b, f)
				}
				auth, _ := proto.Marshal(&chorusv1.Frame{Id: 1, Body: &chorusv1.Frame_Auth{Auth: &chorusv1.AuthRequest{
					Token: tn.token(t, "slow"), DeviceId: "slow-phone", Platform: chorusv1.Platform_PLATFORM_OTHER,
				}}})
				if err := ws.Write(ctx, websocket.MessageBinary, auth); err != nil {
					t.Fatal(err)
				}
				if f, err := next(); err != nil || f.GetAuthResult() == nil {
					t.Fatalf("auth answered %v, %v", f, err)
				}
				end = func() {
					_, _, err := ws.Read(ctx)
					if code := websocket.CloseStatus(err); code != 3001 {
						t.Fatalf("after the disconnect: %v (close status %d); want close frame 3001", err, code)
					}
				}
			}

			// The device stops reading; the back end pushes until the node
			// no longer queues to it. The pushes are paced by their round
			// trips, so the socket's buffers fill before the write queue.
			sent := 0
			for {
				var res chorusv1.PushNotificationResponse
				tn.mustCall(t, "PushNotification", &chorusv1.PushNotificationRequest{UserIds: []string{"slow"},
					Notification: &chorusv1.Notification{Type: "bulk", Data: slowPayload(sent + 1)}}, &res)
				if res.GetDeliveredSessions() == 0 {
					break
				}
				if sent++; sent > 100000 {
					t.Fatal("the node never stopped queueing to a device that does not read")
				}
			}

			waitFor(t, "the session gone from ListSessions while its connection is still closing", func() bool {
				var listed chorusv1.ListSessionsResult
				tn.mustCall(t, "ListSessions", &chorusv1.ListSessionsRequest{UserId: "slow"}, &listed)
				conns, _ := tn.health(t)
				return len(listed.GetSessions()) == 0 && conns == 1
			})
			waitFor(t, "the close timeout to drop the connection", func() bool {
				conns, _ := tn.health(t)
				return conns == 0
			})

			for i := 1; ; i++ {
				f, err := next()
				if err != nil {
					t.Fatalf("after %d whole frames (of %d pushed) the stream ended without a disconnect: %v", i-1, sent, err)
				}
				if d := f.GetDisconnect(); d != nil {
					if d.GetCode() != chorusv1.DisconnectCode_DISCONNECT_CODE_SLOW_CONSUMER || !d.GetReconnect() {
						t.Fatalf("got %v, want disconnect SLOW_CONSUMER", d)
					}
					t.Logf("read %d whole frames of %d pushed, then the disconnect", i-1, sent)
					break
				}
				if !bytes.Equal(f.GetNotification().GetData(), slowPayload(i)) {
					t.Fatalf("frame %d: got %s", i, fmt.Sprint(len(f.GetNotification().GetData()), " bytes"))
				}
			}
			end()
		})
	}
}
