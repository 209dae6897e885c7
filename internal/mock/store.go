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
	CreateUserFn           func(ctx context.Context, u *chorusv1.User) (*chorusv1.User, error)
	UpdateUserFn           func(ctx context.Context, userID string, upd im.UserUpdate) (*chorusv1.User, error)
	GetUserFn              func(ctx context.Context, userID string) (*chorusv1.User, error)
	CreateConversationFn   func(ctx context.Context, c *im.ConversationRecord, members []string) (bool, error)
	GetConversationFn      func(ctx context.Context, id string) (*im.ConversationRecord, error)
	GetMemberFn            func(ctx context.Context, conversationID, userID string) (*im.Member, error)
	ListMemberIDsFn        func(ctx context.Context, conversationID string) ([]string, error)
	ListMembersFn          func(ctx context.Context, conversationID, afterUserID string, limit int) ([]*im.Member, error)
	ListConversationsFn    func(ctx context.Context, userID string, q im.ConversationQuery) (*im.ConversationPage, error)
	GetUserConversationFn  func(ctx context.Context, userID, conversationID string) (*chorusv1.Conversation, error)
	UpdateMemberSettingsFn func(ctx context.Context, conversationID, userID string, st im.MemberSettings) error
	CreateGroupFn          func(ctx context.Context, g *im.GroupRecord, members []im.MemberSpec, event *chorusv1.Message) (*chorusv1.Message, error)
	GetGroupFn             func(ctx context.Context, conversationID string) (*im.GroupRecord, error)
	UpdateGroupFn          func(ctx context.Context, conversationID string, upd im.GroupUpdate, event *chorusv1.Message) (*im.GroupRecord, *chorusv1.Message, error)
	ChangeMembersFn        func(ctx context.Context, conversationID string, ch im.MemberChange, event *chorusv1.Message) (*chorusv1.Message, error)
	CountReceiptsFn        func(ctx context.Context, conversationID string, seqs []uint64) ([]im.ReceiptCount, error)
	AppendMessagesFn       func(ctx context.Context, msgs []*chorusv1.Message) ([]im.AppendResult, error)
	ListMessagesFn         func(ctx context.Context, q im.MessageQuery) ([]*chorusv1.Message, error)
	MarkReadFn             func(ctx context.Context, conversationID, userID string, seq uint64) (im.Position, error)
	MarkDeliveredFn        func(ctx context.Context, marks []im.DeliveryMark) error
	CloseFn                func() error
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
func (s *Store) ListConversations(ctx context.Context, userID string, q im.ConversationQuery) (*im.ConversationPage, error) {
	return s.ListConversationsFn(ctx, userID, q)
}

// ListMembers calls ListMembersFn.
func (s *Store) ListMembers(ctx context.Context, conversationID, afterUserID string, limit int) ([]*im.Member, error) {
	return s.ListMembersFn(ctx, conversationID, afterUserID, limit)
}

// GetUserConversation calls GetUserConversationFn.
func (s *Store) GetUserConversation(ctx context.Context, userID, conversationID string) (*chorusv1.Conversation, error) {
	return s.GetUserConversationFn(ctx, userID, conversationID)
}

// UpdateMemberSettings calls UpdateMemberSettingsFn.
func (s *Store) UpdateMemberSettings(ctx context.Context, conversationID, userID string, st im.MemberSettings) error {
	return s.UpdateMemberSettingsFn(ctx, conversationID, userID, st)
}

// CreateGroup calls CreateGroupFn.
func (s *Store) CreateGroup(ctx context.Context, g *im.GroupRecord, members []im.MemberSpec, event *chorusv1.Message) (*chorusv1.Message, error) {
	return s.CreateGroupFn(ctx, g, members, event)
}

// GetGroup calls GetGroupFn.
func (s *Store) GetGroup(ctx context.Context, conversationID string) (*im.GroupRecord, error) {
	return s.GetGroupFn(ctx, conversationID)
}

// UpdateGroup calls UpdateGroupFn.
func (s *Store) UpdateGroup(ctx context.Context, conversationID string, upd im.GroupUpdate, event *chorusv1.Message) (*im.GroupRecord, *chorusv1.Message, error) {
	return s.UpdateGroupFn(ctx, conversationID, upd, event)
}

// ChangeMembers calls ChangeMembersFn.
func (s *Store) ChangeMembers(ctx context.Context, conversationID string, ch im.MemberChange, event *chorusv1.Message) (*chorusv1.Message, error) {
	return s.ChangeMembersFn(ctx, conversationID, ch, event)
}

// CountReceipts calls CountReceiptsFn.
func (s *Store) CountReceipts(ctx context.Context, conversationID string, seqs []uint64) ([]im.ReceiptCount, error) {
	return s.CountReceiptsFn(ctx, conversationID, seqs)
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
