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
	// GetMember reads one member of a conversation, also a former member
	// (LeftSeq > 0). Fails with NOT_MEMBER when the user never was one
	// (also when the conversation does not exist).
	GetMember(ctx context.Context, conversationID, userID string) (*Member, error)
	// ListMemberIDs returns the ids of a conversation's current members
	// (LeftSeq 0), in no particular order (none for a conversation that
	// does not exist).
	ListMemberIDs(ctx context.Context, conversationID string) ([]string, error)
	// ListMembers returns up to limit current members of a conversation
	// with user ids greater than afterUserID, ordered by user id (limit
	// <= 0: all of them). None for a conversation that does not exist.
	ListMembers(ctx context.Context, conversationID, afterUserID string, limit int) ([]*Member, error)

	// ListConversations returns entries of userID's conversation list (also
	// of conversations the user left, with Left set); see
	// ConversationQuery. The page's Version is the store's version as of
	// the same snapshot the entries were read from.
	//
	// An entry is the conversation as the user sees it: kind, peer (direct),
	// group name, avatar, member count and the user's role (groups; for a
	// former member as they were right after the change that removed them,
	// and never dissolved: nothing that changed later shows); last seq and
	// the last message (for a former member: as of their LeftSeq);
	// read and delivered seqs; unread count (last seq - read seq); mention
	// count (messages after the read seq and the joined seq, up to LeftSeq
	// if set, that mention the user or everyone); pinned and muted; the
	// peer's read and delivered seqs (direct); left and dissolved flags;
	// and its version.
	ListConversations(ctx context.Context, userID string, q ConversationQuery) (*ConversationPage, error)
	// GetUserConversation returns one entry of userID's conversation list,
	// as ListConversations would. Fails with NOT_MEMBER.
	GetUserConversation(ctx context.Context, userID, conversationID string) (*chorusv1.Conversation, error)
	// UpdateMemberSettings changes a member's own settings of a
	// conversation (nil fields stay) and moves the entry's version. Fails
	// with NOT_MEMBER.
	UpdateMemberSettings(ctx context.Context, conversationID, userID string, s MemberSettings) error

	// CreateGroup stores a group conversation (kind GROUP) with its members
	// (joined seq 0, the given roles) and, when event is not nil, appends
	// event to it as seq 1 in the same transaction, returning the stored
	// event. Fails with CONVERSATION_ALREADY_EXISTS when the id is taken.
	CreateGroup(ctx context.Context, g *GroupRecord, members []MemberSpec, event *chorusv1.Message) (*chorusv1.Message, error)
	// GetGroup reads a group. Fails with CONVERSATION_NOT_FOUND, also when
	// the conversation is not a group.
	GetGroup(ctx context.Context, conversationID string) (*GroupRecord, error)
	// UpdateGroup applies upd and, when event is not nil, appends event to
	// the group in the same transaction (as AppendMessages would, without
	// the idempotency check). Returns the group after the change and the
	// stored event. Fails with CONVERSATION_NOT_FOUND.
	UpdateGroup(ctx context.Context, conversationID string, upd GroupUpdate, event *chorusv1.Message) (*GroupRecord, *chorusv1.Message, error)
	// ChangeMembers applies ch to a group's members and, when event is not
	// nil, appends event in the same transaction; see MemberChange. It
	// keeps the group's member count and owner id in step and moves the
	// versions of the conversation and of every member it touched. Returns
	// the stored event. Fails with CONVERSATION_NOT_FOUND.
	ChangeMembers(ctx context.Context, conversationID string, ch MemberChange, event *chorusv1.Message) (*chorusv1.Message, error)
	// CountReceipts counts, for each seq, the current members who joined
	// before it (JoinedSeq < seq) and, among them, those whose read and
	// delivered positions reached it. Results are in the order of seqs.
	CountReceipts(ctx context.Context, conversationID string, seqs []uint64) ([]ReceiptCount, error)

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
	// sender has read what they sent). The message's mentions
	// (mention_user_ids, mention_all) are stored with it and counted in
	// the mentioned members' entries; the conversation's version moves, and
	// so do the versions of the current members it mentions by id (a
	// mention of a former member or a non-member touches no entry).
	//
	// The batch is atomic: on error nothing of it is stored. Fails with
	// CONVERSATION_NOT_FOUND when a message names a conversation that does
	// not exist.
	AppendMessages(ctx context.Context, msgs []*chorusv1.Message) ([]AppendResult, error)
	// ListMessages returns messages of one conversation; see MessageQuery.
	// A conversation that does not exist has no messages (no error).
	ListMessages(ctx context.Context, q MessageQuery) ([]*chorusv1.Message, error)

	// MarkRead moves a member's read position up to seq (capped at the
	// conversation's last seq, and at LeftSeq for a former member; it never
	// moves back) and its delivered position with it when that is behind.
	// When the read position moved, the member's entry version moves, and
	// in a direct conversation so does the conversation's (the peer's entry
	// shows peer_read_seq). Returns the resulting position. Fails with
	// NOT_MEMBER.
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

// ConversationQuery selects entries of a user's conversation list.
//
// With ByVersion, it returns the entries whose version is greater than
// SinceVersion, in ascending version order. Otherwise pinned entries come
// first, then the rest, each part by last activity (newest first, ties by
// id); After, when set, starts the page after that entry. Limit <= 0 means
// no limit.
type ConversationQuery struct {
	ByVersion    bool
	SinceVersion uint64
	After        *ConversationCursor
	Limit        int
}

// ConversationCursor is the position of an entry in the activity order.
type ConversationCursor struct {
	Pinned      bool
	UpdatedAtMs int64
	ID          string
}

// ConversationPage is a result of ListConversations.
type ConversationPage struct {
	Conversations []*chorusv1.Conversation
	// Version is the store's version as of the read: every change with a
	// version up to it is in the snapshot the page was read from. Versions
	// are allocated inside write transactions, so they grow in commit
	// order and are never reused.
	Version uint64
}

// MemberSettings names a member's own settings to change; nil fields stay.
type MemberSettings struct {
	Pinned *bool
	Muted  *bool
}

// GroupRecord is a group as stored.
type GroupRecord struct {
	ConversationID string
	Name           string
	AvatarURL      string
	Attributes     map[string]string
	JoinPolicy     chorusv1.JoinPolicy
	Muted          bool
	Dissolved      bool
	// OwnerID and MemberCount are kept by the store from the members.
	OwnerID     string
	MemberCount int
	LastSeq     uint64
	CreatedAtMs int64
	UpdatedAtMs int64
}

// GroupUpdate names the group fields to change; nil fields stay.
// Attributes merge as in UserUpdate. Dissolved, once set, stays set.
type GroupUpdate struct {
	Name              *string
	AvatarURL         *string
	Attributes        map[string]string
	ReplaceAttributes bool
	JoinPolicy        *chorusv1.JoinPolicy
	Muted             *bool
	Dissolve          bool
}

// MemberSpec is a user joining a group with a role.
type MemberSpec struct {
	UserID string
	Role   chorusv1.GroupRole
}

// MemberChange is one atomic change of a group's members, applied in this
// order:
//
//   - Add: users who are not current members join with the given role:
//     JoinedSeq, ReadSeq and DeliveredSeq are the conversation's last seq
//     before the event, so the event is the first message they see. A
//     former member's row is reused (LeftSeq back to 0, settings kept, new
//     JoinedSeq: history from before they rejoined stays unreadable).
//     Current members are skipped.
//   - Remove: current members leave: LeftSeq becomes the event's seq (the
//     conversation's last seq when there is no event), so they still read
//     their own removal. Others are skipped.
//   - Roles: current members get a new role; GROUP_ROLE_OWNER also makes
//     the user the group's owner.
//   - Mutes: current members' MutedUntilMs is set (0 unmutes).
type MemberChange struct {
	Add    []MemberSpec
	Remove []string
	Roles  []MemberSpec
	Mutes  []MemberMute
}

// MemberMute sets how long a member may not send.
type MemberMute struct {
	UserID       string
	MutedUntilMs int64
}

// ReceiptCount is CountReceipts' answer for one seq.
type ReceiptCount struct {
	Seq uint64
	// Members is the number of current members who joined before Seq;
	// Read and Delivered count those of them whose position reached Seq.
	// The sender is included: callers subtract it.
	Members, Read, Delivered int
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
	// LeftSeq is 0 for a current member; for a former member it is the
	// last seq they may read.
	LeftSeq uint64
	// Role is the member's role in a group (GROUP_ROLE_MEMBER in other
	// conversations); MutedUntilMs is when they may send again.
	Role         chorusv1.GroupRole
	MutedUntilMs int64
	Pinned       bool
	Muted        bool
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
