package session

import (
	"context"
	"log/slog"
	"strconv"
	"time"
	"unicode/utf8"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/auth"
	"github.com/chorus-im/chorus/internal/core"
	"github.com/chorus-im/chorus/internal/gateway"
	"github.com/chorus-im/chorus/internal/im"
	"github.com/chorus-im/chorus/internal/logx"
)

// Config tunes the handler.
type Config struct {
	NodeID       int
	PingInterval time.Duration
	IdleTimeout  time.Duration
	// RequestTimeout bounds store work done for one request. Default 10s.
	RequestTimeout time.Duration
	Logger         *slog.Logger
}

// Handler serves client connections: it is the gateway.Handler of a node.
type Handler struct {
	core *core.Core
	auth *auth.Authority
	hub  *Hub
	cfg  Config
	log  *slog.Logger
}

var _ gateway.Handler = (*Handler)(nil)

// NewHandler returns a handler serving sessions with core, checking tokens
// with a and registering sessions in hub.
func NewHandler(c *core.Core, a *auth.Authority, hub *Hub, cfg Config) *Handler {
	if cfg.Logger == nil {
		cfg.Logger = logx.Discard()
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = 10 * time.Second
	}
	return &Handler{core: c, auth: a, hub: hub, cfg: cfg, log: cfg.Logger}
}

// HandleFrame implements gateway.Handler. It runs on a gateway goroutine,
// so anything that may wait on the store runs on the session's own
// executor instead.
func (h *Handler) HandleFrame(c gateway.Conn, f *chorusv1.Frame) {
	s, _ := c.Session().(*Session)
	id := f.GetId()
	if s == nil && f.GetAuth() == nil {
		h.replyError(context.Background(), c, id,
			im.Errorf(chorusv1.ErrorCode_ERROR_CODE_NOT_AUTHENTICATED, "authenticate first"))
		return
	}
	// Id 0 is the id of pushes: a request with it could not be told
	// from one, so it is refused rather than answered. delivery_ack has
	// no answer, so it needs no id.
	if id == 0 && f.GetDeliveryAck() == nil && f.GetBody() != nil {
		h.replyError(context.Background(), c, 0,
			im.Errorf(chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT, "a request needs a non-zero id (0 is the id of pushes)"))
		return
	}
	if s == nil {
		h.authenticate(c, id, f.GetAuth())
		return
	}
	switch b := f.GetBody().(type) {
	case *chorusv1.Frame_Auth:
		h.replyError(context.Background(), c, id,
			im.Errorf(chorusv1.ErrorCode_ERROR_CODE_ALREADY_AUTHENTICATED, "this connection is already authenticated"))
	case *chorusv1.Frame_DeliveryAck:
		// Coalesced in memory, so it is cheap enough to do right here.
		if err := h.core.MarkDelivered(s.user, b.DeliveryAck.GetConversationId(), b.DeliveryAck.GetSeq()); err != nil {
			h.replyError(context.Background(), c, id, err)
		}
	case *chorusv1.Frame_Send:
		h.serveAsync(s, id, func(ctx context.Context, end func()) {
			h.send(ctx, s, id, b.Send, end)
		})
	case *chorusv1.Frame_ReadMark:
		h.serve(s, id, func(ctx context.Context) (*chorusv1.Frame, error) {
			res, err := h.core.MarkRead(ctx, s.user, b.ReadMark.GetConversationId(), b.ReadMark.GetSeq(), s.id)
			return &chorusv1.Frame{Body: &chorusv1.Frame_ReadMarkResult{ReadMarkResult: res}}, err
		})
	case *chorusv1.Frame_SyncConversations:
		h.serve(s, id, func(ctx context.Context) (*chorusv1.Frame, error) {
			res, err := h.core.SyncConversations(ctx, s.user, orEmpty(b.SyncConversations))
			return &chorusv1.Frame{Body: &chorusv1.Frame_SyncConversationsResult{SyncConversationsResult: res}}, err
		})
	case *chorusv1.Frame_ListConversations:
		h.serve(s, id, func(ctx context.Context) (*chorusv1.Frame, error) {
			res, err := h.core.ListConversations(ctx, s.user, orEmpty(b.ListConversations))
			return &chorusv1.Frame{Body: &chorusv1.Frame_ListConversationsResult{ListConversationsResult: res}}, err
		})
	case *chorusv1.Frame_ConversationSettings:
		h.serve(s, id, func(ctx context.Context) (*chorusv1.Frame, error) {
			res, err := h.core.UpdateConversationSettings(ctx, s.user, orEmpty(b.ConversationSettings), s.id)
			return &chorusv1.Frame{Body: &chorusv1.Frame_ConversationSettingsResult{ConversationSettingsResult: res}}, err
		})
	case *chorusv1.Frame_GetReceipts:
		h.serve(s, id, func(ctx context.Context) (*chorusv1.Frame, error) {
			res, err := h.core.GetReceipts(ctx, s.user, orEmpty(b.GetReceipts))
			return &chorusv1.Frame{Body: &chorusv1.Frame_ReceiptsResult{ReceiptsResult: res}}, err
		})
	case *chorusv1.Frame_Group:
		h.serve(s, id, func(ctx context.Context) (*chorusv1.Frame, error) {
			res, err := h.core.Group(ctx, s.user, orEmpty(b.Group))
			return &chorusv1.Frame{Body: &chorusv1.Frame_GroupResult{GroupResult: res}}, err
		})
	case *chorusv1.Frame_ListSessions:
		h.serve(s, id, func(ctx context.Context) (*chorusv1.Frame, error) {
			return &chorusv1.Frame{Body: &chorusv1.Frame_ListSessionsResult{ListSessionsResult: &chorusv1.ListSessionsResult{
				Sessions: h.hub.ListSessions(s.user),
			}}}, nil
		})
	case *chorusv1.Frame_KickDevice:
		h.serveAsync(s, id, func(ctx context.Context, end func()) {
			h.kickDevice(ctx, s, id, b.KickDevice, end)
		})
	case *chorusv1.Frame_GetUsers:
		h.serve(s, id, func(ctx context.Context) (*chorusv1.Frame, error) {
			res, err := h.core.GetUsers(ctx, orEmpty(b.GetUsers).GetUserIds())
			return &chorusv1.Frame{Body: &chorusv1.Frame_GetUsersResult{GetUsersResult: res}}, err
		})
	case *chorusv1.Frame_PullMessages:
		h.serve(s, id, func(ctx context.Context) (*chorusv1.Frame, error) {
			res, err := h.core.Pull(ctx, s.user, orEmpty(b.PullMessages))
			return &chorusv1.Frame{Body: &chorusv1.Frame_PullMessagesResult{PullMessagesResult: res}}, err
		})
	default:
		h.replyError(context.Background(), c, id,
			im.Errorf(chorusv1.ErrorCode_ERROR_CODE_UNKNOWN_FRAME, "frame type is not a client request"))
	}
}

// serve runs fn on the session's executor with a request context that
// carries the request id and a deadline, and answers the request with
// what fn returns.
func (h *Handler) serve(s *Session, id uint64, fn func(ctx context.Context) (*chorusv1.Frame, error)) {
	h.serveAsync(s, id, func(ctx context.Context, end func()) {
		f, err := fn(ctx)
		end()
		h.reply(ctx, s.conn, id, f, err)
	})
}

// serveAsync is serve for a request answered later (a send, acked after
// its commit) or with more to do after its answer: fn calls end exactly
// once, right before it writes the answer, so that a client that read
// the answer can always send its next request. Until then the request
// counts against the session's maxInFlight.
func (h *Handler) serveAsync(s *Session, id uint64, fn func(ctx context.Context, end func())) {
	if !s.begin() {
		h.replyError(context.Background(), s.conn, id, im.Errorf(chorusv1.ErrorCode_ERROR_CODE_RATE_LIMITED,
			"more than %d requests in flight on this connection; wait for answers before sending more", maxInFlight))
		return
	}
	s.do(func() {
		ctx, cancel := context.WithTimeout(logx.WithFrameID(context.Background(), s.id, id), h.cfg.RequestTimeout)
		defer cancel()
		fn(ctx, s.end)
	})
}

func (h *Handler) send(ctx context.Context, s *Session, id uint64, req *chorusv1.SendRequest, end func()) {
	h.core.Send(ctx, core.SendRequest{
		SenderID:       s.user,
		ConversationID: req.GetConversationId(),
		ToUserID:       req.GetToUserId(),
		ClientMsgID:    req.GetClientMsgId(),
		Content:        req.GetContent(),
		MentionUserIDs: req.GetMentionUserIds(),
		MentionAll:     req.GetMentionAll(),
		Origin:         s.id,
	}, func(ack *chorusv1.SendAck, err error) {
		// ctx may be over by now (the ack comes after the commit), but the
		// request id it carries is still the one to log.
		end()
		h.reply(ctx, s.conn, id, &chorusv1.Frame{Body: &chorusv1.Frame_SendAck{SendAck: ack}}, err)
	})
}

// kickDevice signs one of the session user's own devices out. When that
// is the device of this very session, the reply is queued before the
// session's own Disconnect, so the client learns the count before the
// connection closes.
func (h *Handler) kickDevice(ctx context.Context, s *Session, id uint64, req *chorusv1.KickDeviceRequest, end func()) {
	device := req.GetDeviceId()
	if !im.ValidID(device) {
		end()
		h.replyError(ctx, s.conn, id, im.Errorf(chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT,
			"device_id must be 1 to 64 characters of A-Z a-z 0-9 _ . @ -"))
		return
	}
	taken := h.hub.takeDevice(s.user, device)
	end()
	h.reply(ctx, s.conn, id, &chorusv1.Frame{Body: &chorusv1.Frame_KickDeviceResult{KickDeviceResult: &chorusv1.KickDeviceResult{
		SessionsClosed: uint32(len(taken)),
	}}}, nil)
	closeRemoved(taken, req.GetReason())
	h.log.InfoContext(ctx, "device signed out by its user", "user", s.user, "device", device, "sessions", len(taken))
}

func (h *Handler) authenticate(c gateway.Conn, id uint64, req *chorusv1.AuthRequest) {
	ctx := logx.WithFrameID(context.Background(), c.ID(), id)
	claims, err := h.auth.Verify(req.GetToken())
	if err != nil {
		h.replyError(ctx, c, id, err)
		c.Close(im.Disconnect(chorusv1.DisconnectCode_DISCONNECT_CODE_AUTH_FAILED, im.Public(err).Message))
		return
	}
	if !im.ValidID(req.GetDeviceId()) {
		h.replyError(ctx, c, id, im.Errorf(chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT,
			"device_id must be 1 to 64 characters of A-Z a-z 0-9 _ . @ -"))
		return
	}
	platform := req.GetPlatform()
	if _, known := chorusv1.Platform_name[int32(platform)]; !known {
		h.replyError(ctx, c, id, im.Errorf(chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT,
			"platform %d is not a chorus.v1.Platform", int32(platform)))
		return
	}
	if platform == chorusv1.Platform_PLATFORM_UNSPECIFIED {
		platform = chorusv1.Platform_PLATFORM_OTHER
	}
	s := &Session{
		id:            c.ID(),
		user:          claims.UserID,
		device:        req.GetDeviceId(),
		platform:      platform,
		conn:          c,
		sessionID:     strconv.Itoa(h.cfg.NodeID) + "-" + strconv.FormatUint(c.ID(), 10),
		nodeID:        uint32(h.cfg.NodeID),
		transport:     c.Transport(),
		remoteAddr:    c.RemoteAddr(),
		clientVersion: clip(req.GetClientVersion(), maxClientVersionLen),
		connectedAt:   time.Now(),
	}
	c.SetSession(s)
	c.MarkAuthenticated()
	replaced, ok := h.hub.add(s)
	if !ok {
		return // the connection closed while we were here
	}
	for _, o := range replaced {
		o.conn.Close(im.Disconnect(chorusv1.DisconnectCode_DISCONNECT_CODE_KICKED,
			"signed in on another "+platformName(platform)+" device"))
	}
	h.log.DebugContext(ctx, "session opened", "user", s.user, "device", s.device,
		"platform", platformName(platform), "transport", c.Transport(), "remote", c.RemoteAddr())
	// The session lives as long as its token: once the token expired by
	// more than the clock skew, the node closes it and the client gets a
	// new token before it reconnects.
	c.CloseAt(claims.ExpiresAt.Add(h.auth.ClockSkew()), im.Disconnect(chorusv1.DisconnectCode_DISCONNECT_CODE_TOKEN_EXPIRED,
		"the token expired; get a new one, then reconnect"))
	ok = c.Send(gateway.NewOutgoing(&chorusv1.Frame{Id: id, Body: &chorusv1.Frame_AuthResult{AuthResult: &chorusv1.AuthResult{
		UserId:           s.user,
		SessionId:        s.sessionID,
		PingIntervalMs:   uint32(h.cfg.PingInterval.Milliseconds()),
		IdleTimeoutMs:    uint32(h.cfg.IdleTimeout.Milliseconds()),
		ServerTimeMs:     s.connectedAt.UnixMilli(),
		NodeId:           s.nodeID,
		TokenExpiresAtMs: claims.ExpiresAt.UnixMilli(),
	}}}))
	if !ok {
		// The node began closing the connection before the session was
		// attached to it, so HandleClosing found none to unregister.
		h.hub.remove(s)
	}
}

// HandleClose implements gateway.Handler.
func (h *Handler) HandleClose(c gateway.Conn, err error) {
	if s, _ := c.Session().(*Session); s != nil {
		h.hub.remove(s)
		h.log.Debug("session closed", "user", s.user, "device", s.device, "conn", s.id, "err", err)
	}
}

// reply answers request id with f, or with err when err is set.
func (h *Handler) reply(ctx context.Context, c gateway.Conn, id uint64, f *chorusv1.Frame, err error) {
	if err != nil {
		h.replyError(ctx, c, id, err)
		return
	}
	f.Id = id
	c.Send(gateway.NewOutgoing(f))
}

func (h *Handler) replyError(ctx context.Context, c gateway.Conn, id uint64, err error) {
	pub := im.Public(err)
	if pub.Code == chorusv1.ErrorCode_ERROR_CODE_INTERNAL {
		h.log.ErrorContext(ctx, "request failed", "err", err)
	}
	c.Send(gateway.NewOutgoing(&chorusv1.Frame{Id: id, Body: &chorusv1.Frame_Error{Error: pub.Proto()}}))
}

// orEmpty is req, or an empty request when a frame carries its body
// without the message (possible in hand-made frames): the core then sees
// missing fields, never a nil request.
func orEmpty[T any](req *T) *T {
	if req == nil {
		return new(T)
	}
	return req
}

// maxClientVersionLen bounds the free-text client version kept with a
// session.
const maxClientVersionLen = 64

// clip cuts s to at most n bytes, at a character boundary so the result
// stays valid UTF-8.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func platformName(p chorusv1.Platform) string {
	switch p {
	case chorusv1.Platform_PLATFORM_WEB:
		return "web"
	case chorusv1.Platform_PLATFORM_IOS:
		return "iOS"
	case chorusv1.Platform_PLATFORM_ANDROID:
		return "Android"
	case chorusv1.Platform_PLATFORM_DESKTOP:
		return "desktop"
	default:
		return "other"
	}
}
