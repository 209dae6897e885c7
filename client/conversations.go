package client

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
)

// The conversation list: read it a page at a time (ListConversations),
// keep it current with the changes since a version (SyncConversations),
// change this user's settings of an entry, and read receipts. None of these
// change what Sync or OnMessage deliver.

// syncPage is the page size the client asks sync_conversations for: the
// server's maximum.
const syncPage = 500

// ListConversations reads one page of the user's conversation list as a
// chat app shows it: pinned entries first, then by last activity, newest
// first. cursor is "" for the first page and the previous page's
// NextCursor after that (empty on the last page); limit 0 means the
// server's default (50), and the server allows at most 200. Keep the first
// page's Version to ask SyncConversations for what changed later.
func (c *Client) ListConversations(ctx context.Context, cursor string, limit uint32) (*chorusv1.ListConversationsResult, error) {
	return request(ctx, c.call, &chorusv1.Frame{Body: &chorusv1.Frame_ListConversations{ListConversations: &chorusv1.ListConversationsRequest{
		Cursor: cursor,
		Limit:  limit,
	}}}, "list_conversations", (*chorusv1.Frame).GetListConversationsResult)
}

// Conversations reads the user's whole conversation list, in
// ListConversations' order: pinned entries first, then by last activity
// (UpdatedAtMs), newest first, then by id. It is built from
// SyncConversations(ctx, 0), which pages by version and so misses no
// entry even when the list changes while it reads; an entry that changed
// again meanwhile is kept once, in its newer form. (Paging
// ListConversations by its activity cursor could skip or repeat an entry
// that got a message between two pages.)
func (c *Client) Conversations(ctx context.Context) ([]*chorusv1.Conversation, error) {
	changed, _, err := c.SyncConversations(ctx, 0)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*chorusv1.Conversation, len(changed))
	for _, e := range changed {
		if old, ok := byID[e.GetId()]; !ok || e.GetVersion() > old.GetVersion() {
			byID[e.GetId()] = e
		}
	}
	all := slices.Collect(maps.Values(byID))
	slices.SortFunc(all, func(a, b *chorusv1.Conversation) int {
		if a.GetPinned() != b.GetPinned() {
			if a.GetPinned() {
				return -1
			}
			return 1
		}
		if n := cmp.Compare(b.GetUpdatedAtMs(), a.GetUpdatedAtMs()); n != 0 {
			return n
		}
		return strings.Compare(a.GetId(), b.GetId())
	})
	return all, nil
}

// SyncConversations returns the user's conversation entries that changed
// after sinceVersion (0: every entry), reading page after page until the
// server has no more, in ascending version order (an entry that changed
// again while paging may appear twice; the later one is newer). version
// is what to pass next time. A client that keeps the list compares each
// entry's LastSeq with what it holds; Sync does that for messages.
func (c *Client) SyncConversations(ctx context.Context, sinceVersion uint64) (changed []*chorusv1.Conversation, version uint64, err error) {
	version = sinceVersion
	for {
		res, err := syncConversations(ctx, c.call, version)
		if err != nil {
			return nil, 0, err
		}
		changed = append(changed, res.GetConversations()...)
		if !res.GetHasMore() {
			return changed, res.GetVersion(), nil
		}
		if res.GetVersion() <= version {
			return nil, 0, errNoProgress(version, res.GetVersion())
		}
		version = res.GetVersion()
	}
}

// syncConversations reads one page of changes after since.
func syncConversations(ctx context.Context, call caller, since uint64) (*chorusv1.SyncConversationsResult, error) {
	return request(ctx, call, &chorusv1.Frame{Body: &chorusv1.Frame_SyncConversations{SyncConversations: &chorusv1.SyncConversationsRequest{
		SinceVersion: since,
		Limit:        syncPage,
	}}}, "sync_conversations", (*chorusv1.Frame).GetSyncConversationsResult)
}

// errNoProgress is a server that says more changes wait but does not
// move the version: paging on would never end.
func errNoProgress(since, got uint64) error {
	return fmt.Errorf("chorus: sync_conversations after version %d: has_more with version %d", since, got)
}

// UpdateConversationSettings changes this user's settings of one
// conversation (req.ConversationId; Pinned and Muted when set, e.g.
// proto.Bool(true)) and returns the entry as it is now. The user's other
// devices get it through OnConversationUpdate. req.UserId is ignored.
func (c *Client) UpdateConversationSettings(ctx context.Context, req *chorusv1.ConversationSettingsRequest) (*chorusv1.Conversation, error) {
	res, err := request(ctx, c.call, &chorusv1.Frame{Body: &chorusv1.Frame_ConversationSettings{ConversationSettings: req}},
		"conversation_settings", (*chorusv1.Frame).GetConversationSettingsResult)
	if err != nil {
		return nil, err
	}
	if res.GetConversation() == nil {
		return nil, fmt.Errorf("chorus: conversation_settings_result without the conversation")
	}
	return res.GetConversation(), nil
}

// GetReceipts reads how many members, other than each message's sender,
// have read and received the messages of conversationID at seqs (at most
// 100), and for direct conversations and small groups who read them. The
// receipts come in the order of seqs.
func (c *Client) GetReceipts(ctx context.Context, conversationID string, seqs []uint64) ([]*chorusv1.MessageReceipt, error) {
	res, err := request(ctx, c.call, &chorusv1.Frame{Body: &chorusv1.Frame_GetReceipts{GetReceipts: &chorusv1.GetReceiptsRequest{
		ConversationId: conversationID,
		Seqs:           seqs,
	}}}, "get_receipts", (*chorusv1.Frame).GetReceiptsResult)
	if err != nil {
		return nil, err
	}
	return res.GetReceipts(), nil
}

// ListSessions lists the user's online sessions on the server it is
// connected to, ordered by device id, then connection time. This client's
// own session is among them (its SessionID).
func (c *Client) ListSessions(ctx context.Context) ([]*chorusv1.SessionInfo, error) {
	res, err := request(ctx, c.call, &chorusv1.Frame{Body: &chorusv1.Frame_ListSessions{ListSessions: &chorusv1.ListSessionsRequest{}}},
		"list_sessions", (*chorusv1.Frame).GetListSessionsResult)
	if err != nil {
		return nil, err
	}
	return res.GetSessions(), nil
}

// KickDevice signs one of the user's devices out: the server closes each
// of its sessions with DISCONNECT_CODE_REMOVED and reason (empty: the
// server's default), and those clients stop (they do not reconnect). It
// returns how many sessions were closed (0 when the device is not
// online). Kicking this client's own device closes this client too, after
// the reply.
func (c *Client) KickDevice(ctx context.Context, deviceID, reason string) (int, error) {
	res, err := request(ctx, c.call, &chorusv1.Frame{Body: &chorusv1.Frame_KickDevice{KickDevice: &chorusv1.KickDeviceRequest{
		DeviceId: deviceID,
		Reason:   reason,
	}}}, "kick_device", (*chorusv1.Frame).GetKickDeviceResult)
	if err != nil {
		return 0, err
	}
	return int(res.GetSessionsClosed()), nil
}

// GetUsers reads the profiles (name, avatar) of up to 100 users, in the
// order asked; ids with no user are left out.
func (c *Client) GetUsers(ctx context.Context, userIDs ...string) ([]*chorusv1.UserProfile, error) {
	res, err := request(ctx, c.call, &chorusv1.Frame{Body: &chorusv1.Frame_GetUsers{GetUsers: &chorusv1.GetUsersRequest{
		UserIds: userIDs,
	}}}, "get_users", (*chorusv1.Frame).GetGetUsersResult)
	if err != nil {
		return nil, err
	}
	return res.GetUsers(), nil
}
