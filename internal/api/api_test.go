package api

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"connectrpc.com/connect"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/api/chorusv1/chorusv1connect"
)

const testKey = "0123456789abcdef-test"

// fakeSessions is a Sessions with function fields.
type fakeSessions struct {
	list func(user string) []*chorusv1.SessionInfo
	kick func(user, device, reason string) int
}

func (f *fakeSessions) ListSessions(user string) []*chorusv1.SessionInfo { return f.list(user) }
func (f *fakeSessions) KickDevice(user, device, reason string) int {
	return f.kick(user, device, reason)
}

// serve starts the API without a core: the tests here stop before the
// core (validation, sessions) or check what a failure inside it becomes.
func serve(t *testing.T, sessions Sessions) chorusv1connect.BackendServiceClient {
	t.Helper()
	s, err := New(nil, nil, sessions, Config{Keys: []string{testKey}})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	s.Mount(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	auth := connect.UnaryInterceptorFunc(func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
			req.Header().Set("Authorization", "Bearer "+testKey)
			return next(ctx, req)
		}
	})
	return chorusv1connect.NewBackendServiceClient(srv.Client(), srv.URL, connect.WithInterceptors(auth))
}

// chorusCode is the catalogue code of an API error.
func chorusCode(t *testing.T, err error) chorusv1.ErrorCode {
	t.Helper()
	var ce *connect.Error
	if !errors.As(err, &ce) {
		t.Fatalf("error %v is not a connect error", err)
	}
	for _, d := range ce.Details() {
		v, derr := d.Value()
		if e, ok := v.(*chorusv1.Error); ok && derr == nil {
			return e.GetCode()
		}
	}
	t.Fatalf("error %v has no chorus.v1.Error detail", err)
	return 0
}

func TestNew(t *testing.T) {
	if _, err := New(nil, nil, nil, Config{Keys: []string{testKey}}); err == nil {
		t.Fatal("New accepted no session hub")
	}
}

func TestRequestsAreValidatedBeforeTheCore(t *testing.T) {
	api := serve(t, &fakeSessions{})
	ctx := context.Background()
	for name, call := range map[string]func() error{
		"list without user": func() error {
			_, err := api.ListConversations(ctx, connect.NewRequest(&chorusv1.ListConversationsRequest{}))
			return err
		},
		"sync without user": func() error {
			_, err := api.SyncConversations(ctx, connect.NewRequest(&chorusv1.SyncConversationsRequest{SinceVersion: 3}))
			return err
		},
		"settings without user": func() error {
			_, err := api.UpdateConversationSettings(ctx, connect.NewRequest(&chorusv1.ConversationSettingsRequest{ConversationId: "p:a:b"}))
			return err
		},
		"list with a bad user": func() error {
			_, err := api.ListConversations(ctx, connect.NewRequest(&chorusv1.ListConversationsRequest{UserId: "no spaces"}))
			return err
		},
		"receipts with a bad user": func() error {
			_, err := api.GetReceipts(ctx, connect.NewRequest(&chorusv1.GetReceiptsRequest{ConversationId: "p:a:b", UserId: "a:b"}))
			return err
		},
		"create with a bad actor": func() error {
			_, err := api.CreateGroup(ctx, connect.NewRequest(&chorusv1.CreateGroupRequest{Name: "x", ActingUserId: "bad actor"}))
			return err
		},
		"remove with a bad actor": func() error {
			_, err := api.RemoveGroupMembers(ctx, connect.NewRequest(&chorusv1.RemoveGroupMembersRequest{GroupId: "g", ActingUserId: "é"}))
			return err
		},
		"join as the system": func() error {
			_, err := api.JoinGroup(ctx, connect.NewRequest(&chorusv1.JoinGroupRequest{GroupId: "g"}))
			return err
		},
		"leave as the system": func() error {
			_, err := api.LeaveGroup(ctx, connect.NewRequest(&chorusv1.LeaveGroupRequest{GroupId: "g"}))
			return err
		},
		"sessions without user": func() error {
			_, err := api.ListSessions(ctx, connect.NewRequest(&chorusv1.ListSessionsRequest{}))
			return err
		},
		"kick without device": func() error {
			_, err := api.KickDevice(ctx, connect.NewRequest(&chorusv1.KickDeviceRequest{UserId: "ann"}))
			return err
		},
		"kick without user": func() error {
			_, err := api.KickDevice(ctx, connect.NewRequest(&chorusv1.KickDeviceRequest{DeviceId: "phone"}))
			return err
		},
	} {
		t.Run(name, func(t *testing.T) {
			err := call()
			if connect.CodeOf(err) != connect.CodeInvalidArgument || chorusCode(t, err) != chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT {
				t.Fatalf("got %v, want INVALID_ARGUMENT", err)
			}
		})
	}
}

func TestSessionsGoToTheHub(t *testing.T) {
	var kicked []string
	api := serve(t, &fakeSessions{
		list: func(user string) []*chorusv1.SessionInfo {
			return []*chorusv1.SessionInfo{{SessionId: "3-7", DeviceId: user + "-phone", NodeId: 3}}
		},
		kick: func(user, device, reason string) int {
			kicked = append(kicked, user, device, reason)
			return 2
		},
	})
	ctx := context.Background()
	ls, err := api.ListSessions(ctx, connect.NewRequest(&chorusv1.ListSessionsRequest{UserId: "ann"}))
	if err != nil || len(ls.Msg.GetSessions()) != 1 || ls.Msg.GetSessions()[0].GetDeviceId() != "ann-phone" {
		t.Fatalf("ListSessions: %v, %v", ls, err)
	}
	kd, err := api.KickDevice(ctx, connect.NewRequest(&chorusv1.KickDeviceRequest{UserId: "ann", DeviceId: "phone", Reason: "lost"}))
	if err != nil || kd.Msg.GetSessionsClosed() != 2 {
		t.Fatalf("KickDevice: %v, %v", kd, err)
	}
	if len(kicked) != 3 || kicked[0] != "ann" || kicked[1] != "phone" || kicked[2] != "lost" {
		t.Fatalf("hub got %v", kicked)
	}
}

// A panic below a handler answers INTERNAL (with the request id) instead
// of dropping the connection. A nil core panics on its first store read.
func TestPanicIsAnInternalError(t *testing.T) {
	api := serve(t, &fakeSessions{})
	_, err := api.GetHistory(context.Background(), connect.NewRequest(&chorusv1.GetHistoryRequest{ConversationId: "p:a:b"}))
	if chorusCode(t, err) != chorusv1.ErrorCode_ERROR_CODE_INTERNAL {
		t.Fatalf("got %v, want INTERNAL", err)
	}
	var ce *connect.Error
	if errors.As(err, &ce); ce.Meta().Get("X-Request-Id") == "" {
		t.Fatal("no request id on the error")
	}
}
