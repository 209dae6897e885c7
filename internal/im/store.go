package im

import (
	"context"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
)

// Store is the one place the rest of Chorus touches persistence. The
// embedded implementation is internal/store/sqlite; every implementation
// passes the conformance suite in internal/store/storetest.
//
// Errors: the methods return an *Error with the code named in their comment
// for the cases the comment lists; anything else (a broken connection, a
// full disk) is returned as a plain error and reaches clients as INTERNAL
// or, when the implementation knows it is passing, as UNAVAILABLE.
//
// Every method is safe for concurrent use.
type Store interface {
	// CreateUser stores a new user, setting its created and updated times.
	// Fails with USER_ALREADY_EXISTS.
	CreateUser(ctx context.Context, u *chorusv1.User) (*chorusv1.User, error)
	// UpdateUser applies upd to a user atomically and returns the result.
	// Fails with USER_NOT_FOUND.
	UpdateUser(ctx context.Context, userID string, upd UserUpdate) (*chorusv1.User, error)
	// GetUser reads a user. Fails with USER_NOT_FOUND.
	GetUser(ctx context.Context, userID string) (*chorusv1.User, error)

	// CreateConversation stores a conversation with its first members if no
	// conversation has its id, and reports whether it did. When the id is
	// taken it changes nothing and returns false. Members start with every
	// position at the conversation's last seq (0 for a new one).
	CreateConversation(ctx context.Context, c *ConversationRecord, members []string) (created bool, err error)
	// GetConversation reads a conversation. Fails with
	// CONVERSATION_NOT_FOUND.
	GetConversation(ctx context.Context, conversationID string) (*ConversationRecord, error)
	// GetMember reads one member of a conversation. Fails with NOT_MEMBER
	// (also when the conversation does not exist).
	GetMember(ctx context.Context, conversationID, userID string) (*Member, error)
	// ListMemberIDs returns the ids of a conversation's members, in no
	// particular order (none for a conversation that does not exist).
	ListMemberIDs(ctx context.Context, conversationID string) ([]string, error)
	// ListConversations returns every conversation userID belongs to, as
	// that user sees it (positions, unread count, last message), the most
	// recently active first.
	ListConversations(ctx context.Context, userID string) ([]*chorusv1.Conversation, error)

	// AppendMessages stores a batch of messages in one transaction (the
	// group commit of the send path). Each message must have id,
	// conversation_id, sender_id (empty for the system), server_time_ms and
	// content; seq is ignored. client_msg_id should be set (the core always
	// sets one); a message without one is never taken for a duplicate.
	//
	// For each message, in batch order: if its sender already stored a
	// message with the same client_msg_id (in an earlier batch or earlier in
	// this one), the result is that original message with Duplicate set and
	// nothing is stored; otherwise the message gets the next seq of its
	// conversation, the conversation's last seq and activity time move to
	// it, and the sender's read and delivered positions move to it (a
	// sender has read what they sent).
	//
	// The batch is atomic: on error nothing of it is stored. Fails with
	// CONVERSATION_NOT_FOUND when a message names a conversation that does
	// not exist.
	AppendMessages(ctx context.Context, msgs []*chorusv1.Message) ([]AppendResult, error)
	// ListMessages returns messages of one conversation; see MessageQuery.
	// A conversation that does not exist has no messages (no error).
	ListMessages(ctx context.Context, q MessageQuery) ([]*chorusv1.Message, error)

	// MarkRead moves a member's read position up to seq (capped at the
	// conversation's last seq; it never moves back) and its delivered
	// position with it when that is behind. Returns the resulting position.
	// Fails with NOT_MEMBER.
	MarkRead(ctx context.Context, conversationID, userID string, seq uint64) (Position, error)
	// MarkDelivered moves the delivered positions of a batch of members up
	// (capped and never back, as MarkRead). Entries for non-members are
	// ignored: delivery acks are advisory and arrive late.
	MarkDelivered(ctx context.Context, marks []DeliveryMark) error

	// Close releases the store. Calls after Close fail.
	Close() error
}

// UserUpdate names the user fields to change; nil fields stay as they are.
type UserUpdate struct {
	Name      *string
	AvatarURL *string
	// Attributes are merged into the existing ones (an empty value deletes
	// the key), or replace them all when ReplaceAttributes is set. Empty
	// values are never stored. Any update moves the user's updated time.
	Attributes        map[string]string
	ReplaceAttributes bool
}

// ConversationRecord is a conversation as stored, independent of any member.
type ConversationRecord struct {
	ID          string
	Kind        chorusv1.ConversationKind
	LastSeq     uint64
	CreatedAtMs int64
	UpdatedAtMs int64
}

// Member is one user's membership of a conversation.
type Member struct {
	ConversationID string
	UserID         string
	// JoinedSeq is the conversation's last seq when the user joined: they
	// see messages after it.
	JoinedSeq    uint64
	ReadSeq      uint64
	DeliveredSeq uint64
	JoinedAtMs   int64
}

// Position is a member's place in a conversation.
type Position struct {
	LastSeq      uint64
	ReadSeq      uint64
	DeliveredSeq uint64
}

// Unread is the number of messages after the read position.
func (p Position) Unread() uint64 {
	if p.LastSeq <= p.ReadSeq {
		return 0
	}
	return p.LastSeq - p.ReadSeq
}

// DeliveryMark says that messages up to Seq reached one of UserID's devices.
type DeliveryMark struct {
	ConversationID string
	UserID         string
	Seq            uint64
}

// AppendResult is the outcome for one message of AppendMessages.
type AppendResult struct {
	// Message is the stored message with its seq, or the original when
	// Duplicate is set.
	Message   *chorusv1.Message
	Duplicate bool
}

// MessageQuery selects messages of one conversation with
// FromSeq <= seq <= ToSeq (ToSeq 0: no upper bound), at most Limit of them
// (Limit <= 0: no limit). Without Reverse the lowest seqs of the range come
// first, in ascending order; with Reverse the highest come first, in
// descending order.
type MessageQuery struct {
	ConversationID string
	FromSeq        uint64
	ToSeq          uint64
	Limit          int
	Reverse        bool
}

// IDGenerator hands out globally unique, time-ordered message ids.
type IDGenerator interface {
	NextID() int64
}
