package client_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/client"
)

// A chat app: connect, catch up on what was missed, send, and save the
// positions for next time. It needs a running server, so it has no
// Output line and is only compiled.
func Example() {
	ctx := context.Background()
	known := map[string]uint64{} // loaded from disk: last run's Positions()

	c, err := client.Dial(ctx, client.Options{
		Addr:            "tcp://127.0.0.1:7000", // or "ws://127.0.0.1:7001/ws"
		Token:           "<JWT from your back end>",
		DeviceID:        "laptop-1",
		Platform:        chorusv1.Platform_PLATFORM_DESKTOP,
		KnownSeqs:       known,
		Reconnect:       true,
		AutoDeliveryAck: true,
		OnMessage: func(m *chorusv1.Message) {
			// Every message once, in seq order per conversation: pushed,
			// gap-filled, synced, or our own sends.
			fmt.Printf("%s #%d %s: %s\n", m.ConversationId, m.Seq, m.SenderId, m.Content.GetText().GetText())
		},
		OnDisconnect: func(d *chorusv1.Disconnect, err error) {
			if errors.Is(err, client.ErrDisconnected) {
				log.Printf("gave up: %v", err) // e.g. kicked, or the token expired
			}
		},
	})
	if client.IsCode(err, chorusv1.ErrorCode_ERROR_CODE_TOKEN_EXPIRED) {
		log.Fatal("get a new token from the back end")
	}
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()

	// Catch up; the messages also go to OnMessage.
	if _, err := c.Sync(ctx); err != nil {
		log.Print(err)
	}

	// Send, retrying until the server has it or the deadline passes.
	sendCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	ack, err := c.SendText(sendCtx, "bob", "hello")
	if err != nil {
		log.Fatal(err)
	}
	if _, err := c.MarkRead(ctx, ack.ConversationId, ack.Seq); err != nil {
		log.Print(err)
	}

	known = c.Positions() // save to disk for the next run
}

// Choosing the client_msg_id yourself makes a send safe to repeat even
// across restarts of the app: the server stores it once.
func ExampleClient_Send() {
	var c *client.Client // from client.Dial
	ctx := context.Background()

	id := client.NewClientMsgID() // store it with the draft before sending
	ack, err := c.Send(ctx, client.Outgoing{
		ConversationID: "g:team",
		ClientMsgID:    id,
		Content: &chorusv1.Content{Body: &chorusv1.Content_Media{Media: &chorusv1.Media{
			Kind: chorusv1.MediaKind_MEDIA_KIND_IMAGE,
			Url:  "https://cdn.example.com/cat.jpg",
			Mime: "image/jpeg",
		}}},
	})
	if err != nil {
		log.Fatal(err) // resend later with the same id
	}
	fmt.Println(ack.Seq, ack.Duplicate)
}
