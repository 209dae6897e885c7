// Package mock holds function-field fakes of the im interfaces, for unit
// tests of the logic above them: each method calls the matching Fn field,
// and panics when a test calls a method it did not set up. Integration and
// end-to-end tests use the real implementations instead.
package mock

import (
	"context"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
)

// Store is an im.Store whose methods are its function fields.
type Store struct {
	CreateUserFn         func(ctx context.Context, u *chorusv1.User) (*chorusv1.User, error)
	UpdateUserFn         func(ctx context.Context, userID string, upd im.UserUpdate) (*chorusv1.User, error)
	GetUserFn            func(ctx context.Context, userID string) (*chorusv1.User, error)
	CreateConversationFn func(ctx context.Context, c *im.ConversationRecord, members []string) (bool, error)
	GetConversationFn    func(ctx context.Context, id string) (*im.ConversationRecord, error)
	GetMemberFn          func(ctx context.Context, conversationID, userID string) (*im.Member, error)
	ListMemberIDsFn      func(ctx context.Context, conversationID string) ([]string, error)
	ListConversationsFn  func(ctx context.Context, userID string) ([]*chorusv1.Conversation, error)
	AppendMessagesFn     func(ctx context.Context, msgs []*chorusv1.Message) ([]im.AppendResult, error)
	ListMessagesFn       func(ctx context.Context, q im.MessageQuery) ([]*chorusv1.Message, error)
	MarkReadFn           func(ctx context.Context, conversationID, userID string, seq uint64) (im.Position, error)
	MarkDeliveredFn      func(ctx context.Context, marks []im.DeliveryMark) error
	CloseFn              func() error
}

var _ im.Store = (*Store)(nil)

// CreateUser calls CreateUserFn.
func (s *Store) CreateUser(ctx context.Context, u *chorusv1.User) (*chorusv1.User, error) {
	return s.CreateUserFn(ctx, u)
}

// UpdateUser calls UpdateUserFn.
func (s *Store) UpdateUser(ctx context.Context, userID string, upd im.UserUpdate) (*chorusv1.User, error) {
	return s.UpdateUserFn(ctx, userID, upd)
}

// GetUser calls GetUserFn.
func (s *Store) GetUser(ctx context.Context, userID string) (*chorusv1.User, error) {
	return s.GetUserFn(ctx, userID)
}

// CreateConversation calls CreateConversationFn.
func (s *Store) CreateConversation(ctx context.Context, c *im.ConversationRecord, members []string) (bool, error) {
	return s.CreateConversationFn(ctx, c, members)
}

// GetConversation calls GetConversationFn.
func (s *Store) GetConversation(ctx context.Context, id string) (*im.ConversationRecord, error) {
	return s.GetConversationFn(ctx, id)
}

// GetMember calls GetMemberFn.
func (s *Store) GetMember(ctx context.Context, conversationID, userID string) (*im.Member, error) {
	return s.GetMemberFn(ctx, conversationID, userID)
}

// ListMemberIDs calls ListMemberIDsFn.
func (s *Store) ListMemberIDs(ctx context.Context, conversationID string) ([]string, error) {
	return s.ListMemberIDsFn(ctx, conversationID)
}

// ListConversations calls ListConversationsFn.
func (s *Store) ListConversations(ctx context.Context, userID string) ([]*chorusv1.Conversation, error) {
	return s.ListConversationsFn(ctx, userID)
}

// AppendMessages calls AppendMessagesFn.
func (s *Store) AppendMessages(ctx context.Context, msgs []*chorusv1.Message) ([]im.AppendResult, error) {
	return s.AppendMessagesFn(ctx, msgs)
}

// ListMessages calls ListMessagesFn.
func (s *Store) ListMessages(ctx context.Context, q im.MessageQuery) ([]*chorusv1.Message, error) {
	return s.ListMessagesFn(ctx, q)
}

// MarkRead calls MarkReadFn.
func (s *Store) MarkRead(ctx context.Context, conversationID, userID string, seq uint64) (im.Position, error) {
	return s.MarkReadFn(ctx, conversationID, userID, seq)
}

// MarkDelivered calls MarkDeliveredFn.
func (s *Store) MarkDelivered(ctx context.Context, marks []im.DeliveryMark) error {
	return s.MarkDeliveredFn(ctx, marks)
}

// Close calls CloseFn.
func (s *Store) Close() error { return s.CloseFn() }
