package api

import (
	"context"

	"connectrpc.com/connect"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
)

// ListConversations implements BackendService: user_id's list, as the
// client protocol serves it.
func (s *Server) ListConversations(ctx context.Context, req *connect.Request[chorusv1.ListConversationsRequest]) (*connect.Response[chorusv1.ListConversationsResult], error) {
	m := msg(req)
	if err := needUser("user_id", m.GetUserId()); err != nil {
		return nil, err
	}
	return respond(s.core.ListConversations(ctx, m.GetUserId(), m))
}

// SyncConversations implements BackendService.
func (s *Server) SyncConversations(ctx context.Context, req *connect.Request[chorusv1.SyncConversationsRequest]) (*connect.Response[chorusv1.SyncConversationsResult], error) {
	m := msg(req)
	if err := needUser("user_id", m.GetUserId()); err != nil {
		return nil, err
	}
	return respond(s.core.SyncConversations(ctx, m.GetUserId(), m))
}

// UpdateConversationSettings implements BackendService. Every session of
// the user is told of the change (no session made it).
func (s *Server) UpdateConversationSettings(ctx context.Context, req *connect.Request[chorusv1.ConversationSettingsRequest]) (*connect.Response[chorusv1.ConversationSettingsResult], error) {
	m := msg(req)
	if err := needUser("user_id", m.GetUserId()); err != nil {
		return nil, err
	}
	return respond(s.core.UpdateConversationSettings(ctx, m.GetUserId(), m, 0))
}

// GetReceipts implements BackendService: as member user_id, or as the
// system when it is empty.
func (s *Server) GetReceipts(ctx context.Context, req *connect.Request[chorusv1.GetReceiptsRequest]) (*connect.Response[chorusv1.GetReceiptsResult], error) {
	m := msg(req)
	if err := optionalUser("user_id", m.GetUserId()); err != nil {
		return nil, err
	}
	return respond(s.core.GetReceipts(ctx, m.GetUserId(), m))
}
