package main

import (
	"flag"
	"strconv"
	"strings"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
)

var messageCommands = []*command{
	{
		name: "send", args: "--from <user> (--to <user> | --conv <conversation id>) [--mention <user>]... [--mention-all] [--id <client msg id>] <text>",
		summary: "Sends a text message and waits until it is stored. Without --from it is sent as the system\n" +
			"(--to <user> then means the user's system conversation s:<user>). Several text arguments are joined with spaces.",
		minArgs: 1, maxArgs: -1,
		setup: func(fs *flag.FlagSet) action {
			from := fs.String("from", "", "sender (default: the system)")
			to := fs.String("to", "", "recipient `user`: the direct conversation with them")
			conv := fs.String("conv", "", "`conversation id`, e.g. g:team")
			var mentions stringList
			fs.Var(&mentions, "mention", "mentioned `user` (repeatable)")
			mentionAll := fs.Bool("mention-all", false, "mention everyone in the group")
			id := fs.String("id", "", "client message id; the same id again is not stored twice")
			return func(c *cli, args []string) error {
				if (*to == "") == (*conv == "") {
					return usagef(nil, "send: give one of --to and --conv")
				}
				text := strings.Join(args, " ")
				if text == "" {
					return usagef(nil, "send: empty text")
				}
				res, err := call(c, c.api.SendMessage, &chorusv1.SendMessageRequest{
					FromUserId: *from, ToUserId: *to, ConversationId: *conv, ClientMsgId: *id,
					Content:        &chorusv1.Content{Body: &chorusv1.Content_Text{Text: &chorusv1.Text{Text: text}}},
					MentionUserIds: mentions, MentionAll: *mentionAll,
				})
				if err != nil {
					return err
				}
				return c.print(res, func() *table {
					a := res.GetAck()
					t := newTable("CONVERSATION", "SEQ", "MESSAGE_ID", "DUPLICATE")
					t.add(a.GetConversationId(), fmtUint(a.GetSeq()), strconv.FormatInt(a.GetMessageId(), 10), fmtBool(a.GetDuplicate()))
					return t
				})
			}
		},
	},
	{
		name: "history", args: "<conversation id> [--from SEQ] [--limit N]",
		summary: "Prints a conversation's messages, oldest first: all of them from --from on, or --limit of them.",
		minArgs: 1, maxArgs: 1,
		setup: func(fs *flag.FlagSet) action {
			from := fs.Uint64("from", 1, "first `seq`")
			limit := fs.Uint("limit", 0, "at most this many messages (default: all)")
			return func(c *cli, args []string) error {
				all := &chorusv1.GetHistoryResponse{}
				next := max(*from, 1)
				for {
					page := uint32(200)
					if *limit > 0 {
						page = uint32(min(uint(page), *limit-uint(len(all.Messages))))
					}
					res, err := call(c, c.api.GetHistory, &chorusv1.GetHistoryRequest{
						ConversationId: args[0], FromSeq: next, Limit: page,
					})
					if err != nil {
						return err
					}
					msgs := res.GetMessages()
					all.Messages = append(all.Messages, msgs...)
					if !res.GetHasMore() || len(msgs) == 0 {
						break
					}
					next = msgs[len(msgs)-1].GetSeq() + 1
					if *limit > 0 && uint(len(all.Messages)) >= *limit {
						all.HasMore = true
						break
					}
				}
				return c.print(all, func() *table { return messageTable(all.GetMessages()) })
			}
		},
	},
	{
		name: "conversations", args: "<user> [--limit N]",
		summary: "Lists the user's conversations as their clients see them: pinned first, then newest activity.",
		minArgs: 1, maxArgs: 1,
		setup: func(fs *flag.FlagSet) action {
			limit := fs.Uint("limit", 0, "at most this many conversations (default: all)")
			return func(c *cli, args []string) error {
				all := &chorusv1.ListConversationsResult{}
				cursor := ""
				for {
					page := uint32(200)
					if *limit > 0 {
						page = uint32(min(uint(page), *limit-uint(len(all.Conversations))))
					}
					res, err := call(c, c.api.ListConversations, &chorusv1.ListConversationsRequest{
						UserId: args[0], Cursor: cursor, Limit: page,
					})
					if err != nil {
						return err
					}
					if all.Version == 0 {
						all.Version = res.GetVersion()
					}
					all.Conversations = append(all.Conversations, res.GetConversations()...)
					cursor = res.GetNextCursor()
					if cursor == "" || len(res.GetConversations()) == 0 {
						break
					}
					if *limit > 0 && uint(len(all.Conversations)) >= *limit {
						all.NextCursor = cursor
						break
					}
				}
				return c.print(all, func() *table { return conversationTable(all.GetConversations()) })
			}
		},
	},
	{
		name: "receipts", args: "<conversation id> <seq>... [--as <user>]",
		summary: "Shows how many members read and received the messages, and who read them.",
		minArgs: 2, maxArgs: -1,
		setup: func(fs *flag.FlagSet) action {
			as := fs.String("as", "", "read as this member `user` (default: the system)")
			return func(c *cli, args []string) error {
				seqs, err := parseSeqs(args[1:])
				if err != nil {
					return usagef(nil, "receipts: %v", err)
				}
				res, err := call(c, c.api.GetReceipts, &chorusv1.GetReceiptsRequest{
					ConversationId: args[0], Seqs: seqs, UserId: *as,
				})
				if err != nil {
					return err
				}
				return c.print(res, func() *table {
					t := newTable("SEQ", "SENDER", "MEMBERS", "READ", "DELIVERED", "READ_BY")
					for _, r := range res.GetReceipts() {
						readBy := strings.Join(r.GetReadBy(), ",")
						if !r.GetReadersListed() {
							readBy = "(not listed)"
						}
						t.add(fmtUint(r.GetSeq()), senderName(r.GetSenderId()), fmtUint(uint64(r.GetMemberCount())),
							fmtUint(uint64(r.GetReadCount())), fmtUint(uint64(r.GetDeliveredCount())), readBy)
					}
					return t
				})
			}
		},
	},
}

func conversationTable(convs []*chorusv1.Conversation) *table {
	t := newTable("ID", "KIND", "NAME", "UNREAD", "MENTIONS", "LAST_SEQ", "READ_SEQ", "PINNED", "MUTED", "LAST_MESSAGE")
	for _, cv := range convs {
		name := cv.GetName()
		if name == "" {
			name = cv.GetPeerUserId()
		}
		last := ""
		if lm := cv.GetLastMessage(); lm != nil {
			last = senderName(lm.GetSenderId()) + ": " + contentText(lm.GetContent())
		}
		t.add(cv.GetId(), enumName(cv.GetKind().String(), "CONVERSATION_KIND_"), name,
			fmtUint(cv.GetUnreadCount()), fmtUint(cv.GetMentionCount()), fmtUint(cv.GetLastSeq()),
			fmtUint(cv.GetReadSeq()), fmtBool(cv.GetPinned()), fmtBool(cv.GetMuted()), last)
	}
	return t
}
