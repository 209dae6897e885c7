package client

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
)

// Version is the SDK version; it goes into AuthRequest.client_version as
// "chorus-go/<Version>" so server logs show which clients are out there.
const Version = "0.1.0"

// Defaults for the zero values of Options and for server hints that are
// missing.
const (
	// DefaultDialTimeout bounds connecting plus authenticating.
	DefaultDialTimeout = 10 * time.Second
	// DefaultRequestTimeout bounds the wait for a reply.
	DefaultRequestTimeout = 10 * time.Second
	// DefaultPingInterval is used when the server's auth_result does not
	// name one: without pings a half-open TCP connection goes unnoticed.
	DefaultPingInterval = 25 * time.Second
)

// MaxFrameSize is the largest frame the client accepts. It is checked
// before the frame is read, so a broken or hostile peer cannot make the
// client allocate more. A full page of 200 large messages fits.
const MaxFrameSize = 32 << 20

const (
	subprotocolProto = "chorus.v1.proto"
	subprotocolJSON  = "chorus.v1.json"
)

// Options configure a Client. The zero value of every field is a sensible
// default, except Addr and Token, which are required.
type Options struct {
	// Addr is where the server listens: "tcp://host:port" or "host:port"
	// for the length-prefixed TCP protocol, "ws://host:port/ws" or
	// "wss://host:port/ws" for WebSocket.
	Addr string
	// Token is the JWT the business back end issued for this user. The
	// server closes the connection when it expires
	// (DISCONNECT_CODE_TOKEN_EXPIRED); without TokenSource the client then
	// stops: Dial again with a new one.
	Token string
	// TokenSource, when set, gives a new token (from the app's back end)
	// when the server says the current one expired, at a reconnect or on
	// a connection it closes for that reason; the client reconnects with
	// it, keeping its state. It is called on the client's own goroutine,
	// with a context that ends after 30s or at Close; an error or an empty
	// token stops the client. Needs Reconnect.
	TokenSource func(ctx context.Context) (string, error)
	// DeviceID identifies this device or browser (1-64 characters of
	// [A-Za-z0-9_.@-]); keep it stable across runs so the server's
	// per-device state and login policy work. Empty: a random id, fixed
	// for the life of this Client.
	DeviceID string
	// Platform is the kind of device. Zero: PLATFORM_OTHER.
	Platform chorusv1.Platform
	// JSON selects the "chorus.v1.json" WebSocket subprotocol (text
	// messages in protojson), which is easy to read in a debugging proxy.
	// It is slower and only valid for ws:// and wss:// addresses.
	JSON bool

	// DialTimeout bounds connecting plus authenticating. Zero:
	// DefaultDialTimeout.
	DialTimeout time.Duration
	// RequestTimeout bounds the wait for one reply. Zero:
	// DefaultRequestTimeout. Send retries past it (see Send); other calls
	// fail with ErrTimeout. A write stuck for longer (a peer that stopped
	// reading) kills the connection at the next keep-alive check.
	RequestTimeout time.Duration

	// KnownSeqs seeds the newest seq this device already holds per
	// conversation id, so Sync and gap fills fetch only what is missing. An
	// app saves Positions() between runs and passes it back here. The map
	// is copied by Dial.
	KnownSeqs map[string]uint64
	// SkipHistory makes conversations missing from KnownSeqs start at the
	// newest message instead of seq 1: Dial syncs once to learn where each
	// conversation stands (pulling nothing), so that only messages after
	// that reach OnMessage, even a push of an older message that was still
	// on its way; a conversation that appears later starts at its first
	// push. For bots and load generators that only want live traffic.
	SkipHistory bool

	// Reconnect makes the client survive a dropped connection: it redials
	// with jittered exponential backoff (unless the server's disconnect
	// says not to), authenticates again, runs Sync (passing what it finds
	// to OnMessage), and then lets waiting calls and Sends retrying with
	// their client_msg_id proceed. Off: the first drop ends the client, and
	// every call then fails with an error wrapping ErrDisconnected.
	Reconnect bool
	// AutoDeliveryAck sends delivery_ack for messages once OnMessage has
	// returned for them, coalesced to one ack per conversation per batch.
	// Off: call AckDelivered yourself.
	AutoDeliveryAck bool

	// OnMessage receives every message of the user's conversations exactly
	// once per Client, in seq order within each conversation, whether it
	// came as a push, from a gap fill, from Sync, or as the ack of this
	// client's own Send. Callbacks run one at a time on a goroutine of
	// their own, so a slow callback delays later ones but never the
	// connection; the backlog is held in memory. A callback may call any
	// Client method.
	OnMessage func(*chorusv1.Message)
	// OnNotification receives custom notifications from the business back
	// end. They have no seq, so ones pushed while disconnected are lost.
	// It runs on the same goroutine as OnMessage.
	OnNotification func(*chorusv1.Notification)
	// OnReceipt is told when a position in one of the user's
	// conversations moves: the peer's read or delivered position in a
	// direct conversation (read receipts), or this user's read position
	// set on another device. A message from the peer of a direct
	// conversation also moved their positions to it (sending reads), and
	// the server pushes no receipt for that: OnReceipt is told right after
	// OnMessage. Receipts are not stored for replay: ones
	// pushed while disconnected are lost (ListConversations and
	// GetReceipts read the current positions). It runs on the same
	// goroutine as OnMessage.
	OnReceipt func(*chorusv1.Receipt)
	// OnConversationUpdate receives the user's entry of a conversation
	// after the user changed it on another device: read it, pinned or
	// muted it. Like receipts, updates pushed while disconnected are lost;
	// SyncConversations catches up. It runs on the same goroutine as
	// OnMessage.
	OnConversationUpdate func(*chorusv1.Conversation)
	// OnDisconnect is told each time a connection is lost: d is the
	// server's Disconnect (or one made from a WebSocket close code) when
	// there was one, and err the cause. When the client gives up (see
	// ErrDisconnected) err wraps ErrDisconnected; this includes a failed
	// re-authentication, reported with d nil. Not called for Close. It
	// runs on the same goroutine as OnMessage.
	OnDisconnect func(d *chorusv1.Disconnect, err error)
	// Logger receives connection events and protocol anomalies. Nil: no
	// logging.
	Logger *slog.Logger
}

// transportKind is how Addr is reached.
type transportKind uint8

const (
	transportTCP transportKind = iota
	transportWS
)

// normalized returns a copy of o with defaults applied, the parsed
// transport and the address to dial.
func (o Options) normalized() (Options, transportKind, string, error) {
	if o.Addr == "" {
		return o, 0, "", errors.New("chorus: Options.Addr is required")
	}
	if o.Token == "" {
		return o, 0, "", errors.New("chorus: Options.Token is required")
	}
	kind, addr := transportTCP, o.Addr
	switch {
	case strings.HasPrefix(o.Addr, "ws://"), strings.HasPrefix(o.Addr, "wss://"):
		kind = transportWS
	case strings.HasPrefix(o.Addr, "tcp://"):
		addr = strings.TrimPrefix(o.Addr, "tcp://")
	case strings.Contains(o.Addr, "://"):
		return o, 0, "", errors.New("chorus: Options.Addr must start with tcp://, ws:// or wss://, or be host:port")
	}
	if o.JSON && kind != transportWS {
		return o, 0, "", errors.New("chorus: Options.JSON needs a ws:// or wss:// address")
	}
	if o.DeviceID == "" {
		o.DeviceID = "go-" + NewClientMsgID()[:16]
	}
	if o.Platform == chorusv1.Platform_PLATFORM_UNSPECIFIED {
		o.Platform = chorusv1.Platform_PLATFORM_OTHER
	}
	if o.DialTimeout <= 0 {
		o.DialTimeout = DefaultDialTimeout
	}
	if o.RequestTimeout <= 0 {
		o.RequestTimeout = DefaultRequestTimeout
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o, kind, addr, nil
}
