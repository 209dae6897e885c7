// Package client is the Go SDK of the Chorus client protocol: it connects
// to a Chorus server over TCP or WebSocket as one user's device, sends
// messages, and receives every message of the user's conversations
// exactly once and in order. Apps, bots, the end-to-end tests under test/
// and the load generator all use it.
//
// # Usage
//
//	c, err := client.Dial(ctx, client.Options{
//		Addr:            "tcp://chat.example.com:7000", // or "ws://host/ws"
//		Token:           token,                         // from your back end
//		DeviceID:        "laptop-1",
//		KnownSeqs:       loadPositions(),               // what the last run saved
//		Reconnect:       true,
//		AutoDeliveryAck: true,
//		OnMessage:       func(m *chorusv1.Message) { show(m) },
//	})
//	if client.IsCode(err, chorusv1.ErrorCode_ERROR_CODE_TOKEN_EXPIRED) {
//		// get a new token from the back end
//	}
//	defer c.Close()
//	if _, err := c.Sync(ctx); err != nil { ... } // missed messages go to OnMessage
//	ack, err := c.SendText(ctx, "bob", "hi")    // a user id, or "p:", "g:", "s:" conversation id
//	...
//	savePositions(c.Positions())
//
// # Delivery
//
// The server delivers at least once; the client turns that into exactly
// once. Every message has a per-conversation seq (1, 2, 3, ... without
// gaps), and the client keeps, per conversation, the seq up to which it
// holds everything. A push it already holds is dropped; a push beyond the
// next expected seq is held back while the client pulls the gap, so
// OnMessage sees each conversation in seq order. Sync, gap fills, pushes
// and the acks of the client's own sends all go through the same state,
// however they race. Seeding it with Options.KnownSeqs across runs makes
// Sync fetch only what is new.
//
// Sync asks the server only for the conversation entries that changed
// since the last complete sync on the same connection; a new connection
// (every reconnect) starts with a full one, so a group the user was added
// to while offline is found, and a group the user left is read up to
// their last message in it and no further.
//
// # Conversations, groups and devices
//
// ListConversations and SyncConversations read the conversation list
// (pinned first, unread and mention counts, groups' names and roles);
// UpdateConversationSettings pins or mutes an entry. The group methods
// (CreateGroup, AddGroupMembers, LeaveGroup, ...) take and return the
// messages of group.proto; group changes arrive as messages of the group
// conversation. GetReceipts counts who read and received messages, and
// OnReceipt and OnConversationUpdate report positions and entries that
// moved elsewhere. ListSessions and KickDevice show and sign out the
// user's devices.
//
// # Sending
//
// Send is idempotent through Outgoing.ClientMsgID: it retries temporary
// errors, timeouts and (with Options.Reconnect) dropped connections with
// the same id, so a message is stored once however often it is sent. An
// app that must survive its own restart chooses the id (NewClientMsgID),
// stores it with the draft, and sends it again after the restart.
//
// # Errors
//
// Errors the server reports are *Error values with a code from the
// catalogue in message.proto (use IsCode and IsTemporary). After Close
// calls fail with ErrClosed; once the client has lost its connection for
// good they fail with an error wrapping ErrDisconnected, whose cause may
// be a *DisconnectError (the server's reason, e.g. KICKED). Group changes
// are not repeated after a dropped connection: they fail with an error
// wrapping ErrConnectionLost when their outcome is unknown.
//
// # What it does not do
//
// The client keeps no messages: it hands them to the app and remembers
// only positions. It does not refresh tokens (Dial again with a new one
// when reconnecting fails with TOKEN_EXPIRED), does not verify TLS beyond
// the system defaults of wss://, and offers no TLS for plain TCP.
package client
