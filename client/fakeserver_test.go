package client

import (
	"bufio"
	"cmp"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"google.golang.org/protobuf/proto"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/testutil"
)

// fakeServer speaks the client protocol over TCP and WebSocket with just
// enough of a messaging core for the SDK's tests: conversations with
// gapless seqs and versions, idempotent sends, pull, the conversation list
// (list, sync by version, settings), receipts, read marks, delivery acks,
// group requests (recorded and answered with canned results) and the
// user's sessions. Every conversation is the user's. The token is the
// user id ("bad" and "expired" are rejected).
// Tests script deviations with onFrame and drive pushes and disconnects
// through the fakeConns.
type fakeServer struct {
	t     testing.TB
	tcpLn net.Listener
	ws    *httptest.Server
	wg    sync.WaitGroup

	// Settings, fixed by newFakeServer's setup before any goroutine runs.
	pingIntervalMs uint32
	idleTimeoutMs  uint32
	enforceIdle    bool // close connections silent for idleTimeoutMs
	echo           bool // push every stored message to every connection
	syncPageMax    int  // the most entries a sync page holds (default 500)
	// onFrame sees each frame before the default handling and reports
	// whether it handled it. It runs on the connection's goroutine.
	onFrame func(fc *fakeConn, f *chorusv1.Frame) bool

	mu        sync.Mutex
	conns     []*fakeConn
	convs     map[string]*fakeConv
	clock     int64
	nextMsgID int64
	byClient  map[string]*chorusv1.Message // sender + "/" + client_msg_id
	version   uint64                       // the conversation list's version
	sends     []*chorusv1.SendRequest
	pulls     []*chorusv1.PullMessagesRequest
	syncs     []*chorusv1.SyncConversationsRequest
	groupOps  []*chorusv1.GroupRequest
	acks      map[string]uint64
	pings     int
	firstPing time.Time
	lastPing  time.Time
	idleKills int
	wrongType int // WebSocket messages of the wrong type for the subprotocol
}

type fakeConv struct {
	msgs        []*chorusv1.Message // msgs[i].Seq == i+1
	active      int64
	visibleFrom uint64 // pull hides seqs below it (the user joined late)
	leftSeq     uint64 // >0: the user left at this seq and reads no further
	version     uint64
	pinned      bool
	muted       bool
}

type fakeConn struct {
	s      *fakeServer
	nc     net.Conn
	br     *bufio.Reader
	ws     *websocket.Conn
	json   bool
	wmu    sync.Mutex
	user   string
	device string
	done   chan struct{}
	once   sync.Once
}

// newFakeServer starts a fake server; setup, if not nil, adjusts its
// settings first.
func newFakeServer(t testing.TB, setup func(s *fakeServer)) *fakeServer {
	s := &fakeServer{
		t:              t,
		pingIntervalMs: 60_000,
		idleTimeoutMs:  180_000,
		syncPageMax:    500,
		convs:          make(map[string]*fakeConv),
		byClient:       make(map[string]*chorusv1.Message),
		acks:           make(map[string]uint64),
	}
	if setup != nil {
		setup(s)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.tcpLn = ln
	s.wg.Go(func() {
		for {
			nc, err := ln.Accept()
			if err != nil {
				return
			}
			fc := &fakeConn{s: s, nc: nc, br: bufio.NewReader(nc), done: make(chan struct{})}
			s.wg.Go(func() { s.serve(fc) })
		}
	})
	s.ws = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := websocket.Accept(w, r, &websocket.AcceptOptions{Subprotocols: []string{subprotocolProto, subprotocolJSON}})
		if err != nil {
			return
		}
		c.SetReadLimit(MaxFrameSize)
		s.serve(&fakeConn{s: s, ws: c, json: c.Subprotocol() == subprotocolJSON, done: make(chan struct{})})
	}))
	t.Cleanup(s.close)
	return s
}

func (s *fakeServer) close() {
	_ = s.tcpLn.Close()
	s.mu.Lock()
	conns := slices.Clone(s.conns)
	s.mu.Unlock()
	for _, fc := range conns {
		fc.close()
	}
	s.wg.Wait()
	s.ws.Close()
}

func (s *fakeServer) addr(transport string) string {
	if transport == "tcp" {
		return "tcp://" + s.tcpLn.Addr().String()
	}
	return "ws" + strings.TrimPrefix(s.ws.URL, "http") + "/ws"
}

func (s *fakeServer) serve(fc *fakeConn) {
	s.mu.Lock()
	s.conns = append(s.conns, fc)
	s.mu.Unlock()
	defer fc.close()
	for {
		var timeout time.Duration
		if s.enforceIdle {
			timeout = time.Duration(s.idleTimeoutMs) * time.Millisecond
		}
		f, err := fc.read(timeout)
		if err != nil {
			if isTimeout(err) {
				s.mu.Lock()
				s.idleKills++
				s.mu.Unlock()
				_ = fc.disconnect(chorusv1.DisconnectCode_DISCONNECT_CODE_IDLE_TIMEOUT, true)
			}
			return
		}
		if s.onFrame != nil && s.onFrame(fc, f) {
			continue
		}
		s.handle(fc, f)
	}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

// handle is the default behaviour for every frame a client sends.
func (s *fakeServer) handle(fc *fakeConn, f *chorusv1.Frame) {
	reply := &chorusv1.Frame{Id: f.GetId()}
	switch b := f.GetBody().(type) {
	case *chorusv1.Frame_Auth:
		switch tok := b.Auth.GetToken(); tok {
		case "bad":
			reply.Body = errBody(chorusv1.ErrorCode_ERROR_CODE_TOKEN_INVALID, "bad signature", false)
		case "expired":
			reply.Body = errBody(chorusv1.ErrorCode_ERROR_CODE_TOKEN_EXPIRED, "token expired", false)
		default:
			s.mu.Lock() // liveConns reads them on other connections' goroutines
			fc.user, fc.device = tok, b.Auth.GetDeviceId()
			n := len(s.conns)
			s.mu.Unlock()
			reply.Body = &chorusv1.Frame_AuthResult{AuthResult: &chorusv1.AuthResult{
				UserId:         tok,
				SessionId:      fmt.Sprintf("sess-%d", n),
				PingIntervalMs: s.pingIntervalMs,
				IdleTimeoutMs:  s.idleTimeoutMs,
			}}
		}
	case *chorusv1.Frame_Ping:
		s.mu.Lock()
		s.pings++
		s.lastPing = time.Now()
		if s.pings == 1 {
			s.firstPing = s.lastPing
		}
		s.mu.Unlock()
		reply.Body = &chorusv1.Frame_Pong{Pong: &chorusv1.Pong{ServerTimeMs: time.Now().UnixMilli()}}
	case *chorusv1.Frame_Send:
		ack, stored := s.store(fc, b.Send)
		reply.Body = &chorusv1.Frame_SendAck{SendAck: ack}
		_ = fc.send(reply)
		if stored != nil && s.echo {
			s.pushAll(stored)
		}
		return
	case *chorusv1.Frame_PullMessages:
		s.mu.Lock()
		s.pulls = append(s.pulls, b.PullMessages)
		res, err := s.pullLocked(b.PullMessages)
		s.mu.Unlock()
		if err != nil {
			reply.Body = err
		} else {
			reply.Body = &chorusv1.Frame_PullMessagesResult{PullMessagesResult: res}
		}
	case *chorusv1.Frame_SyncConversations:
		s.mu.Lock()
		s.syncs = append(s.syncs, b.SyncConversations)
		res := s.syncLocked(b.SyncConversations)
		s.mu.Unlock()
		reply.Body = &chorusv1.Frame_SyncConversationsResult{SyncConversationsResult: res}
	case *chorusv1.Frame_ListConversations:
		s.mu.Lock()
		res := s.listLocked(b.ListConversations)
		s.mu.Unlock()
		reply.Body = &chorusv1.Frame_ListConversationsResult{ListConversationsResult: res}
	case *chorusv1.Frame_ConversationSettings:
		req := b.ConversationSettings
		s.mu.Lock()
		cv := s.convs[req.GetConversationId()]
		if cv == nil {
			reply.Body = errBody(chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER, "no such conversation", false)
		} else {
			if req.Pinned != nil {
				cv.pinned = req.GetPinned()
			}
			if req.Muted != nil {
				cv.muted = req.GetMuted()
			}
			s.version++
			cv.version = s.version
			reply.Body = &chorusv1.Frame_ConversationSettingsResult{ConversationSettingsResult: &chorusv1.ConversationSettingsResult{
				Conversation: s.entryLocked(req.GetConversationId(), cv),
			}}
		}
		s.mu.Unlock()
	case *chorusv1.Frame_GetReceipts:
		res := &chorusv1.GetReceiptsResult{}
		for _, seq := range b.GetReceipts.GetSeqs() {
			res.Receipts = append(res.Receipts, &chorusv1.MessageReceipt{
				Seq: seq, SenderId: "carol", MemberCount: 1, ReadCount: 1, ReadBy: []string{fc.user}, ReadersListed: true,
			})
		}
		reply.Body = &chorusv1.Frame_ReceiptsResult{ReceiptsResult: res}
	case *chorusv1.Frame_Group:
		s.mu.Lock()
		s.groupOps = append(s.groupOps, b.Group)
		s.mu.Unlock()
		reply.Body = &chorusv1.Frame_GroupResult{GroupResult: groupResult(fc.user, b.Group)}
	case *chorusv1.Frame_ListSessions:
		res := &chorusv1.ListSessionsResult{}
		for i, o := range s.liveConns(fc.user, "") {
			res.Sessions = append(res.Sessions, &chorusv1.SessionInfo{SessionId: fmt.Sprint("sess-", i), DeviceId: o.device})
		}
		reply.Body = &chorusv1.Frame_ListSessionsResult{ListSessionsResult: res}
	case *chorusv1.Frame_KickDevice:
		// Reply first: the kicked device may be the caller's own.
		kicked := s.liveConns(fc.user, b.KickDevice.GetDeviceId())
		reply.Body = &chorusv1.Frame_KickDeviceResult{KickDeviceResult: &chorusv1.KickDeviceResult{SessionsClosed: uint32(len(kicked))}}
		_ = fc.send(reply)
		for _, o := range kicked {
			_ = o.disconnect(chorusv1.DisconnectCode_DISCONNECT_CODE_REMOVED, false)
			o.close()
		}
		return
	case *chorusv1.Frame_ReadMark:
		s.mu.Lock()
		last := uint64(0)
		if cv := s.convs[b.ReadMark.GetConversationId()]; cv != nil {
			last = uint64(len(cv.msgs))
		}
		s.mu.Unlock()
		read := min(b.ReadMark.GetSeq(), last)
		reply.Body = &chorusv1.Frame_ReadMarkResult{ReadMarkResult: &chorusv1.ReadMarkResult{
			ConversationId: b.ReadMark.GetConversationId(), ReadSeq: read, UnreadCount: last - read,
		}}
	case *chorusv1.Frame_DeliveryAck:
		s.mu.Lock()
		id := b.DeliveryAck.GetConversationId()
		s.acks[id] = max(s.acks[id], b.DeliveryAck.GetSeq())
		s.mu.Unlock()
		return
	default:
		reply.Body = errBody(chorusv1.ErrorCode_ERROR_CODE_UNKNOWN_FRAME, "unexpected frame", false)
	}
	_ = fc.send(reply)
}

func errBody(code chorusv1.ErrorCode, msg string, temporary bool) *chorusv1.Frame_Error {
	return &chorusv1.Frame_Error{Error: &chorusv1.Error{Code: code, Message: msg, Temporary: temporary}}
}

// store stores a send (or finds the original of a resend) and returns the
// ack and, when it stored something new, the message.
func (s *fakeServer) store(fc *fakeConn, req *chorusv1.SendRequest) (*chorusv1.SendAck, *chorusv1.Message) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sends = append(s.sends, req)
	key := fc.user + "/" + req.GetClientMsgId()
	if m := s.byClient[key]; m != nil {
		return ackOf(m, true), nil
	}
	conv := req.GetConversationId()
	if conv == "" {
		a, b := fc.user, req.GetToUserId()
		if b < a {
			a, b = b, a
		}
		conv = "p:" + a + ":" + b
	}
	m := s.appendLocked(conv, fc.user, req.GetClientMsgId(), req.GetContent())
	s.byClient[key] = m
	return ackOf(m, false), m
}

func ackOf(m *chorusv1.Message, dup bool) *chorusv1.SendAck {
	return &chorusv1.SendAck{ConversationId: m.ConversationId, Seq: m.Seq, MessageId: m.Id, ServerTimeMs: m.ServerTimeMs, Duplicate: dup}
}

func (s *fakeServer) appendLocked(conv, sender, clientMsgID string, content *chorusv1.Content) *chorusv1.Message {
	cv := s.convs[conv]
	if cv == nil {
		cv = &fakeConv{}
		s.convs[conv] = cv
	}
	s.clock++
	s.nextMsgID++
	s.version++
	cv.active = s.clock
	cv.version = s.version
	m := &chorusv1.Message{
		Id:             s.nextMsgID,
		ConversationId: conv,
		Seq:            uint64(len(cv.msgs) + 1),
		SenderId:       sender,
		ClientMsgId:    clientMsgID,
		ServerTimeMs:   time.Now().UnixMilli(),
		Content:        content,
	}
	cv.msgs = append(cv.msgs, m)
	return m
}

// add stores n text messages from "carol" in conv and returns them.
func (s *fakeServer) add(conv string, n int) []*chorusv1.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*chorusv1.Message, n)
	for i := range out {
		out[i] = s.appendLocked(conv, "carol", "", textContent(fmt.Sprintf("%s #%d", conv, i)))
	}
	return out
}

// msg returns a stored message.
func (s *fakeServer) msg(conv string, seq uint64) *chorusv1.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.convs[conv].msgs[seq-1]
}

func textContent(text string) *chorusv1.Content {
	return &chorusv1.Content{Body: &chorusv1.Content_Text{Text: &chorusv1.Text{Text: text}}}
}

func (s *fakeServer) pullLocked(req *chorusv1.PullMessagesRequest) (*chorusv1.PullMessagesResult, *chorusv1.Frame_Error) {
	res := &chorusv1.PullMessagesResult{ConversationId: req.GetConversationId()}
	cv := s.convs[req.GetConversationId()]
	if cv == nil {
		return res, nil
	}
	last := uint64(len(cv.msgs))
	from := max(req.GetFromSeq(), cv.visibleFrom, 1)
	to := req.GetToSeq()
	if cv.leftSeq > 0 && (to == 0 || to > cv.leftSeq) {
		// Strict, so a client that reads past its removal is caught.
		return nil, errBody(chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER, "left the group", false)
	}
	if to == 0 || to > last {
		to = last
	}
	limit := uint64(req.GetLimit())
	if limit == 0 {
		limit = 50
	}
	limit = min(limit, 200)
	if from > to {
		return res, nil
	}
	n := to - from + 1
	res.HasMore = n > limit
	n = min(n, limit)
	for i := range n {
		seq := from + i
		if req.GetReverse() {
			seq = to - i
		}
		res.Messages = append(res.Messages, cv.msgs[seq-1])
	}
	return res, nil
}

// entryLocked is conversation id as the user's list shows it.
func (s *fakeServer) entryLocked(id string, cv *fakeConv) *chorusv1.Conversation {
	last := uint64(len(cv.msgs))
	if cv.leftSeq > 0 {
		last = cv.leftSeq
	}
	e := &chorusv1.Conversation{Id: id, LastSeq: last, Version: cv.version, Pinned: cv.pinned, Muted: cv.muted, Left: cv.leftSeq > 0,
		UpdatedAtMs: cv.active} // the logical clock stands for the activity time
	if last > 0 {
		e.LastMessage = cv.msgs[last-1]
	}
	return e
}

// syncLocked answers a sync: the entries changed after since_version,
// oldest change first, at most syncPageMax of them.
func (s *fakeServer) syncLocked(req *chorusv1.SyncConversationsRequest) *chorusv1.SyncConversationsResult {
	var changed []*chorusv1.Conversation
	for id, cv := range s.convs {
		if cv.version > req.GetSinceVersion() {
			changed = append(changed, s.entryLocked(id, cv))
		}
	}
	slices.SortFunc(changed, func(a, b *chorusv1.Conversation) int { return cmp.Compare(a.Version, b.Version) })
	limit := int(req.GetLimit())
	if limit == 0 {
		limit = 100
	}
	limit = min(limit, s.syncPageMax)
	res := &chorusv1.SyncConversationsResult{Conversations: changed, Version: s.version}
	if len(changed) > limit {
		res.Conversations, res.HasMore = changed[:limit], true
		res.Version = changed[limit-1].Version
	}
	return res
}

// listLocked answers one page of the list: pinned first, then newest
// activity first. The cursor is the offset.
func (s *fakeServer) listLocked(req *chorusv1.ListConversationsRequest) *chorusv1.ListConversationsResult {
	ids := slices.Collect(maps.Keys(s.convs))
	slices.SortFunc(ids, func(a, b string) int {
		ca, cb := s.convs[a], s.convs[b]
		if ca.pinned != cb.pinned {
			if ca.pinned {
				return -1
			}
			return 1
		}
		return cmp.Compare(cb.active, ca.active)
	})
	off, _ := strconv.Atoi(req.GetCursor())
	limit := int(req.GetLimit())
	if limit == 0 {
		limit = 50
	}
	limit = min(limit, 200)
	res := &chorusv1.ListConversationsResult{Version: s.version}
	for i := off; i < len(ids) && i < off+limit; i++ {
		res.Conversations = append(res.Conversations, s.entryLocked(ids[i], s.convs[ids[i]]))
	}
	if off+limit < len(ids) {
		res.NextCursor = strconv.Itoa(off + limit)
	}
	return res
}

// groupResult answers a group request with the response of its op: the
// group named in the request, owned by user.
func groupResult(user string, req *chorusv1.GroupRequest) *chorusv1.GroupResult {
	g := func(id string) *chorusv1.Group {
		return &chorusv1.Group{Id: id, ConversationId: "g:" + id, OwnerId: user}
	}
	switch op := req.GetOp().(type) {
	case *chorusv1.GroupRequest_Create:
		return &chorusv1.GroupResult{Op: &chorusv1.GroupResult_Create{Create: &chorusv1.CreateGroupResponse{Group: g(op.Create.GetGroupId())}}}
	case *chorusv1.GroupRequest_Get:
		return &chorusv1.GroupResult{Op: &chorusv1.GroupResult_Get{Get: &chorusv1.GetGroupResponse{Group: g(op.Get.GetGroupId())}}}
	case *chorusv1.GroupRequest_Update:
		return &chorusv1.GroupResult{Op: &chorusv1.GroupResult_Update{Update: &chorusv1.UpdateGroupResponse{Group: g(op.Update.GetGroupId())}}}
	case *chorusv1.GroupRequest_AddMembers:
		return &chorusv1.GroupResult{Op: &chorusv1.GroupResult_AddMembers{AddMembers: &chorusv1.AddGroupMembersResponse{
			Group: g(op.AddMembers.GetGroupId()), AddedUserIds: op.AddMembers.GetUserIds(),
		}}}
	case *chorusv1.GroupRequest_RemoveMembers:
		return &chorusv1.GroupResult{Op: &chorusv1.GroupResult_RemoveMembers{RemoveMembers: &chorusv1.RemoveGroupMembersResponse{
			Group: g(op.RemoveMembers.GetGroupId()), RemovedUserIds: op.RemoveMembers.GetUserIds(),
		}}}
	case *chorusv1.GroupRequest_Join:
		return &chorusv1.GroupResult{Op: &chorusv1.GroupResult_Join{Join: &chorusv1.JoinGroupResponse{Group: g(op.Join.GetGroupId())}}}
	case *chorusv1.GroupRequest_Leave:
		return &chorusv1.GroupResult{Op: &chorusv1.GroupResult_Leave{Leave: &chorusv1.LeaveGroupResponse{}}}
	case *chorusv1.GroupRequest_Dissolve:
		return &chorusv1.GroupResult{Op: &chorusv1.GroupResult_Dissolve{Dissolve: &chorusv1.DissolveGroupResponse{}}}
	case *chorusv1.GroupRequest_SetRole:
		return &chorusv1.GroupResult{Op: &chorusv1.GroupResult_SetRole{SetRole: &chorusv1.SetGroupMemberRoleResponse{
			Member: &chorusv1.GroupMember{UserId: op.SetRole.GetUserId(), Role: op.SetRole.GetRole()},
		}}}
	case *chorusv1.GroupRequest_TransferOwner:
		return &chorusv1.GroupResult{Op: &chorusv1.GroupResult_TransferOwner{TransferOwner: &chorusv1.TransferGroupOwnerResponse{
			Group: &chorusv1.Group{Id: op.TransferOwner.GetGroupId(), OwnerId: op.TransferOwner.GetNewOwnerId()},
		}}}
	case *chorusv1.GroupRequest_MuteMember:
		return &chorusv1.GroupResult{Op: &chorusv1.GroupResult_MuteMember{MuteMember: &chorusv1.MuteGroupMemberResponse{
			Member: &chorusv1.GroupMember{UserId: op.MuteMember.GetUserId(), MutedUntilMs: int64(op.MuteMember.GetDurationSeconds()) * 1000},
		}}}
	case *chorusv1.GroupRequest_ListMembers:
		return &chorusv1.GroupResult{Op: &chorusv1.GroupResult_ListMembers{ListMembers: &chorusv1.ListGroupMembersResponse{
			Members: []*chorusv1.GroupMember{{UserId: user, Role: chorusv1.GroupRole_GROUP_ROLE_OWNER}},
		}}}
	}
	return &chorusv1.GroupResult{}
}

// liveConns returns the open connections of user, of device only when
// device is set.
func (s *fakeServer) liveConns(user, device string) []*fakeConn {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*fakeConn
	for _, fc := range s.conns {
		select {
		case <-fc.done:
			continue
		default:
		}
		if fc.user == user && (device == "" || fc.device == device) {
			out = append(out, fc)
		}
	}
	return out
}

func (s *fakeServer) pushAll(m *chorusv1.Message) {
	s.mu.Lock()
	conns := slices.Clone(s.conns)
	s.mu.Unlock()
	for _, fc := range conns {
		_ = fc.push(m)
	}
}

// conn waits for the i-th accepted connection.
func (s *fakeServer) conn(t testing.TB, i int) *fakeConn {
	t.Helper()
	var fc *fakeConn
	waitFor(t, fmt.Sprintf("connection #%d", i), func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		if len(s.conns) > i {
			fc = s.conns[i]
		}
		return fc != nil
	})
	return fc
}

// stat reads server counters under the lock.
func stat[T any](s *fakeServer, f func() T) T {
	s.mu.Lock()
	defer s.mu.Unlock()
	return f()
}

func (s *fakeServer) accepted() int { return stat(s, func() int { return len(s.conns) }) }

func (fc *fakeConn) read(timeout time.Duration) (*chorusv1.Frame, error) {
	f := new(chorusv1.Frame)
	if fc.ws != nil {
		ctx := context.Background()
		if timeout > 0 {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, timeout)
			defer cancel()
		}
		typ, b, err := fc.ws.Read(ctx)
		if err != nil {
			return nil, err
		}
		if (typ == websocket.MessageText) != fc.json {
			fc.s.mu.Lock()
			fc.s.wrongType++
			fc.s.mu.Unlock()
		}
		if fc.json {
			return f, jsonUnmarshalOpts.Unmarshal(b, f)
		}
		return f, proto.Unmarshal(b, f)
	}
	if timeout > 0 {
		_ = fc.nc.SetReadDeadline(time.Now().Add(timeout))
	}
	return testutil.ReadTCPFrame(fc.br)
}

func (fc *fakeConn) send(f *chorusv1.Frame) error {
	fc.wmu.Lock()
	defer fc.wmu.Unlock()
	if fc.ws != nil {
		if fc.json {
			b, err := jsonMarshalOpts.Marshal(f)
			if err != nil {
				return err
			}
			return fc.ws.Write(context.Background(), websocket.MessageText, b)
		}
		b, err := proto.Marshal(f)
		if err != nil {
			return err
		}
		return fc.ws.Write(context.Background(), websocket.MessageBinary, b)
	}
	b, err := proto.Marshal(f)
	if err != nil {
		return err
	}
	_, err = fc.nc.Write(binary.BigEndian.AppendUint32(nil, uint32(len(b))))
	if err == nil {
		_, err = fc.nc.Write(b)
	}
	return err
}

func (fc *fakeConn) push(m *chorusv1.Message) error {
	return fc.send(&chorusv1.Frame{Body: &chorusv1.Frame_Deliver{Deliver: &chorusv1.Deliver{Message: m}}})
}

func (fc *fakeConn) disconnect(code chorusv1.DisconnectCode, reconnect bool) error {
	return fc.send(&chorusv1.Frame{Body: &chorusv1.Frame_Disconnect{Disconnect: &chorusv1.Disconnect{
		Code: code, Reason: "test", Reconnect: reconnect,
	}}})
}

// close drops the connection without a word.
func (fc *fakeConn) close() {
	fc.once.Do(func() {
		close(fc.done)
		if fc.ws != nil {
			_ = fc.ws.CloseNow()
		} else {
			_ = fc.nc.Close()
		}
	})
}

var waitFor = testutil.WaitFor

// goroutineCheck records the goroutine count; the returned func waits
// until the count is back to it and fails with all stacks if it is not.
func goroutineCheck(t testing.TB) func() {
	t.Helper()
	base := runtime.NumGoroutine()
	return func() {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for runtime.NumGoroutine() > base {
			if time.Now().After(deadline) {
				buf := make([]byte, 1<<20)
				t.Fatalf("goroutines leaked: %d > %d\n%s", runtime.NumGoroutine(), base, buf[:runtime.Stack(buf, true)])
			}
			time.Sleep(2 * time.Millisecond)
		}
	}
}

// recorder collects what OnMessage receives.
type recorder struct {
	mu   sync.Mutex
	msgs []*chorusv1.Message
}

func (r *recorder) on(m *chorusv1.Message) {
	r.mu.Lock()
	r.msgs = append(r.msgs, m)
	r.mu.Unlock()
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.msgs)
}

// seqs returns the seqs received for conv, in arrival order.
func (r *recorder) seqs(conv string) []uint64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []uint64
	for _, m := range r.msgs {
		if m.ConversationId == conv {
			out = append(out, m.Seq)
		}
	}
	return out
}

// upTo is 1..n.
func upTo(from, to uint64) []uint64 {
	var out []uint64
	for s := from; s <= to; s++ {
		out = append(out, s)
	}
	return out
}

var transports = []string{"tcp", "ws", "json"}

// dial connects a client as "alice" to s over transport ("tcp", "ws" or
// "json") and closes it when the test ends.
func dial(t testing.TB, s *fakeServer, transport string, opt func(*Options)) *Client {
	t.Helper()
	o := Options{
		Addr:   s.addr(transport),
		Token:  "alice",
		JSON:   transport == "json",
		Logger: slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	if opt != nil {
		opt(&o)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := Dial(ctx, o)
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// testWriter sends client logs to the test log, shown on failure or -v.
type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSuffix(string(p), "\n"))
	return len(p), nil
}

func testCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}
