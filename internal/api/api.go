package api

import (
	"compress/gzip"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"time"

	"connectrpc.com/connect"
	"connectrpc.com/grpchealth"
	"connectrpc.com/grpcreflect"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/api/chorusv1/chorusv1connect"
	"github.com/chorus-im/chorus/internal/auth"
	"github.com/chorus-im/chorus/internal/core"
	"github.com/chorus-im/chorus/internal/im"
	"github.com/chorus-im/chorus/internal/logx"
)

// maxTokenTTL caps the lifetime a caller may ask for in IssueToken.
const maxTokenTTL = 365 * 24 * time.Hour

// Config configures the API.
type Config struct {
	// Keys are the accepted API keys; at least one is required.
	Keys []string
	// SendTimeout bounds how long SendMessage waits for durability.
	SendTimeout time.Duration
	// MaxRequestBytes bounds one request body, and what a compressed body
	// inflates to (default 1 MiB).
	MaxRequestBytes int
	// BodyTimeout bounds the time to receive one request body once its
	// headers arrived, on every route TimedBodies wraps (default 10s).
	BodyTimeout time.Duration
	Logger      *slog.Logger
}

// Sessions is what the API needs of the node's online sessions; the
// session hub implements it.
type Sessions interface {
	// ListSessions returns user's sessions on this node, ordered by device
	// id, then connection time.
	ListSessions(user string) []*chorusv1.SessionInfo
	// KickDevice closes every session of user's device with
	// DISCONNECT_CODE_REMOVED and reason (empty: a default), and returns
	// how many it closed.
	KickDevice(user, device, reason string) int
}

// Server implements chorusv1connect.BackendServiceHandler.
type Server struct {
	core     *core.Core
	auth     *auth.Authority
	sessions Sessions
	keys     [][]byte
	cfg      Config
	log      *slog.Logger
	errors   *connect.ErrorWriter
}

var _ chorusv1connect.BackendServiceHandler = (*Server)(nil)

// New returns the API server. sessions are the node's online sessions.
func New(c *core.Core, a *auth.Authority, sessions Sessions, cfg Config) (*Server, error) {
	if sessions == nil {
		return nil, errors.New("api: no session hub")
	}
	if len(cfg.Keys) == 0 {
		return nil, errors.New("api: no API key configured")
	}
	if cfg.Logger == nil {
		cfg.Logger = logx.Discard()
	}
	if cfg.SendTimeout <= 0 {
		cfg.SendTimeout = 10 * time.Second
	}
	if cfg.MaxRequestBytes <= 0 {
		cfg.MaxRequestBytes = 1 << 20
	}
	if cfg.BodyTimeout <= 0 {
		cfg.BodyTimeout = 10 * time.Second
	}
	s := &Server{core: c, auth: a, sessions: sessions, cfg: cfg, log: cfg.Logger, errors: connect.NewErrorWriter()}
	for _, k := range cfg.Keys {
		if len(k) < 16 {
			return nil, errors.New("api: API keys must be at least 16 characters")
		}
		s.keys = append(s.keys, []byte(k))
	}
	return s, nil
}

// Mount registers the API, health and reflection handlers on mux. Only
// the API needs a key; health and reflection answer anyone, as they do on
// grpc-go servers.
func (s *Server) Mount(mux *http.ServeMux) {
	opts := []connect.HandlerOption{
		connect.WithInterceptors(s.calls()),
		// Innermost, so the panic becomes an error that calls maps and
		// logs with the request id.
		connect.WithRecover(s.recovered),
		// guard limits the body; this limits what a gzip body inflates
		// to, in place of connect.WithReadMaxBytes, whose errors are not
		// the catalogue's.
		connect.WithCompression("gzip",
			func() connect.Decompressor { return &gunzip{s: s} },
			func() connect.Compressor { return gzip.NewWriter(io.Discard) }),
	}
	path, handler := chorusv1connect.NewBackendServiceHandler(s, opts...)
	mux.Handle(path, s.guard(handler))

	// The keyless services are the standard ones and answer as grpc-go
	// servers do: RESOURCE_EXHAUSTED for a message over the limit. Their
	// bodies are timed by TimedBodies like every other, so a reflection
	// stream ends after body_timeout (grpcurl needs milliseconds).
	std := connect.WithReadMaxBytes(s.cfg.MaxRequestBytes)
	mux.Handle(grpchealth.NewHandler(grpchealth.NewStaticChecker(chorusv1connect.BackendServiceName), std))
	// grpcurl's "list" shows what reflection names: every service here.
	reflector := grpcreflect.NewStaticReflector(
		chorusv1connect.BackendServiceName,
		grpchealth.HealthV1ServiceName,
		grpcreflect.ReflectV1ServiceName,
		grpcreflect.ReflectV1AlphaServiceName,
	)
	mux.Handle(grpcreflect.NewHandlerV1(reflector, std))
	mux.Handle(grpcreflect.NewHandlerV1Alpha(reflector, std))
}

// calls turns errors into catalogue errors and logs every call; the
// request id in the context comes from guard.
func (s *Server) calls() connect.UnaryInterceptorFunc {
	return func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
			start := time.Now()
			res, err := next(ctx, req)
			if err != nil {
				s.log.DebugContext(ctx, "api call failed", "procedure", req.Spec().Procedure,
					"code", im.CodeName(im.ErrorCodeOf(err)), "took", time.Since(start))
				return nil, s.toConnectError(ctx, err)
			}
			s.log.DebugContext(ctx, "api call", "procedure", req.Spec().Procedure, "took", time.Since(start))
			return res, nil
		}
	}
}

// recovered turns a panic in a handler into INTERNAL for the caller, and
// logs the stack: the node keeps serving.
func (s *Server) recovered(ctx context.Context, spec connect.Spec, _ http.Header, p any) error {
	s.log.ErrorContext(ctx, "api call panicked", "procedure", spec.Procedure, "panic", p, "stack", string(debug.Stack()))
	return im.Errorf(chorusv1.ErrorCode_ERROR_CODE_INTERNAL, "internal error")
}

// toConnectError maps err to the catalogue: the gRPC code of its
// ErrorCode, the message, and a chorus.v1.Error detail (shown as "debug"
// JSON to HTTP callers) so callers see code, message and temporary.
func (s *Server) toConnectError(ctx context.Context, err error) *connect.Error {
	var ce *connect.Error
	if errors.As(err, &ce) {
		return ce // already shaped, e.g. a malformed request rejected by connect
	}
	pub := im.Public(err)
	if pub.Code == chorusv1.ErrorCode_ERROR_CODE_INTERNAL {
		s.log.ErrorContext(ctx, "api call failed", "err", err)
	}
	cerr := connect.NewError(connect.Code(im.GRPCCode(pub.Code)), errors.New(pub.Error()))
	if d, derr := connect.NewErrorDetail(pub.Proto()); derr == nil {
		cerr.AddDetail(d)
	}
	cerr.Meta().Set("Chorus-Error-Code", strconv.Itoa(int(pub.Code)))
	return cerr
}

// CreateUser implements BackendService.
func (s *Server) CreateUser(ctx context.Context, req *connect.Request[chorusv1.CreateUserRequest]) (*connect.Response[chorusv1.CreateUserResponse], error) {
	u, err := s.core.CreateUser(ctx, req.Msg.GetUser())
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&chorusv1.CreateUserResponse{User: u}), nil
}

// UpdateUser implements BackendService.
func (s *Server) UpdateUser(ctx context.Context, req *connect.Request[chorusv1.UpdateUserRequest]) (*connect.Response[chorusv1.UpdateUserResponse], error) {
	m := msg(req)
	u, err := s.core.UpdateUser(ctx, m.GetUserId(), im.UserUpdate{
		Name:              m.Name,
		AvatarURL:         m.AvatarUrl,
		Attributes:        m.GetAttributes(),
		ReplaceAttributes: m.GetReplaceAttributes(),
	})
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&chorusv1.UpdateUserResponse{User: u}), nil
}

// GetUser implements BackendService.
func (s *Server) GetUser(ctx context.Context, req *connect.Request[chorusv1.GetUserRequest]) (*connect.Response[chorusv1.GetUserResponse], error) {
	u, err := s.core.GetUser(ctx, req.Msg.GetUserId())
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&chorusv1.GetUserResponse{User: u}), nil
}

// IssueToken implements BackendService.
func (s *Server) IssueToken(ctx context.Context, req *connect.Request[chorusv1.IssueTokenRequest]) (*connect.Response[chorusv1.IssueTokenResponse], error) {
	if _, err := s.core.GetUser(ctx, req.Msg.GetUserId()); err != nil {
		return nil, err
	}
	ttl := time.Duration(req.Msg.GetTtlSeconds()) * time.Second
	if ttl > maxTokenTTL {
		return nil, im.Errorf(chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT, "ttl_seconds above %d", int(maxTokenTTL.Seconds()))
	}
	tok, exp, err := s.auth.Issue(req.Msg.GetUserId(), ttl)
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&chorusv1.IssueTokenResponse{Token: tok, ExpiresAtMs: exp.UnixMilli()}), nil
}

// SendMessage implements BackendService.
func (s *Server) SendMessage(ctx context.Context, req *connect.Request[chorusv1.SendMessageRequest]) (*connect.Response[chorusv1.SendMessageResponse], error) {
	m := msg(req)
	ctx, cancel := context.WithTimeout(ctx, s.cfg.SendTimeout)
	defer cancel()
	ack, err := s.core.SendWait(ctx, core.SendRequest{
		SenderID:       m.GetFromUserId(),
		ConversationID: m.GetConversationId(),
		ToUserID:       m.GetToUserId(),
		ClientMsgID:    m.GetClientMsgId(),
		Content:        m.GetContent(),
		MentionUserIDs: m.GetMentionUserIds(),
		MentionAll:     m.GetMentionAll(),
	})
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&chorusv1.SendMessageResponse{Ack: ack}), nil
}

// PushNotification implements BackendService.
func (s *Server) PushNotification(ctx context.Context, req *connect.Request[chorusv1.PushNotificationRequest]) (*connect.Response[chorusv1.PushNotificationResponse], error) {
	n, err := s.core.Notify(req.Msg.GetUserIds(), req.Msg.GetNotification())
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&chorusv1.PushNotificationResponse{DeliveredSessions: uint32(n)}), nil
}

// GetHistory implements BackendService.
func (s *Server) GetHistory(ctx context.Context, req *connect.Request[chorusv1.GetHistoryRequest]) (*connect.Response[chorusv1.GetHistoryResponse], error) {
	m := msg(req)
	res, err := s.core.Pull(ctx, "", &chorusv1.PullMessagesRequest{
		ConversationId: m.GetConversationId(),
		FromSeq:        m.GetFromSeq(),
		ToSeq:          m.GetToSeq(),
		Limit:          m.GetLimit(),
		Reverse:        m.GetReverse(),
	})
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&chorusv1.GetHistoryResponse{Messages: res.GetMessages(), HasMore: res.GetHasMore()}), nil
}

// msg is the request message; connect always decodes one, but a missing
// message must reach the core as empty fields, never as nil.
func msg[T any](req *connect.Request[T]) *T {
	if req == nil || req.Msg == nil {
		return new(T)
	}
	return req.Msg
}

// respond wraps a core result; a nil result without an error answers an
// empty message rather than failing to encode.
func respond[T any](res *T, err error) (*connect.Response[T], error) {
	if err != nil {
		return nil, err
	}
	if res == nil {
		res = new(T)
	}
	return connect.NewResponse(res), nil
}

// needUser checks a user id the call cannot do without.
func needUser(field, id string) error {
	if id == "" {
		return im.Errorf(chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT, "%s is required", field)
	}
	return optionalUser(field, id)
}

// optionalUser checks a user id that may be empty.
func optionalUser(field, id string) error {
	if id != "" && !im.ValidID(id) {
		return im.Errorf(chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT, "%s is not a valid user id", field)
	}
	return nil
}
