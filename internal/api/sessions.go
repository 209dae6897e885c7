package api

import (
	"context"

	"connectrpc.com/connect"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
)

// ListSessions implements BackendService: user_id's sessions on this node.
func (s *Server) ListSessions(ctx context.Context, req *connect.Request[chorusv1.ListSessionsRequest]) (*connect.Response[chorusv1.ListSessionsResult], error) {
	m := msg(req)
	if err := needUser("user_id", m.GetUserId()); err != nil {
		return nil, err
	}
	return connect.NewResponse(&chorusv1.ListSessionsResult{Sessions: s.sessions.ListSessions(m.GetUserId())}), nil
}

// KickDevice implements BackendService: it signs out one of user_id's
// devices on this node.
func (s *Server) KickDevice(ctx context.Context, req *connect.Request[chorusv1.KickDeviceRequest]) (*connect.Response[chorusv1.KickDeviceResult], error) {
	m := msg(req)
	if err := needUser("user_id", m.GetUserId()); err != nil {
		return nil, err
	}
	if !im.ValidID(m.GetDeviceId()) {
		return nil, im.Errorf(chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT,
			"device_id must be 1 to 64 characters of A-Z a-z 0-9 _ . @ -")
	}
	n := s.sessions.KickDevice(m.GetUserId(), m.GetDeviceId(), m.GetReason())
	s.log.InfoContext(ctx, "device signed out through the API", "user", m.GetUserId(), "device", m.GetDeviceId(), "sessions", n)
	return connect.NewResponse(&chorusv1.KickDeviceResult{SessionsClosed: uint32(n)}), nil
}
