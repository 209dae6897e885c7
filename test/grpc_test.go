package test

import (
	"context"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
)

// TestGRPCClients calls the server API with a stock grpc-go client over
// h2c on the HTTP port: a method, the error catalogue in status details,
// the health service (reflection: TestReflectionListsEveryService).
func TestGRPCClients(t *testing.T) {
	tn := startNode(t, "", nil)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn := dialGRPC(t, tn.HTTPAddr())

	authed := metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+tn.APIKey(), "x-request-id", "grpc-test-1")
	var created chorusv1.CreateUserResponse
	var header metadata.MD
	if err := conn.Invoke(authed, "/chorus.v1.BackendService/CreateUser",
		&chorusv1.CreateUserRequest{User: &chorusv1.User{Id: "gina", Name: "Gina"}}, &created, grpc.Header(&header)); err != nil {
		t.Fatal(err)
	}
	if created.GetUser().GetId() != "gina" || created.GetUser().GetCreatedAtMs() == 0 {
		t.Fatalf("created %v", created.GetUser())
	}
	if got := header.Get("x-request-id"); len(got) != 1 || got[0] != "grpc-test-1" {
		t.Fatalf("request id not echoed: %v", header)
	}

	err := conn.Invoke(authed, "/chorus.v1.BackendService/GetUser", &chorusv1.GetUserRequest{UserId: "nobody"}, &chorusv1.GetUserResponse{})
	st := status.Convert(err)
	if st.Code() != codes.NotFound || len(st.Details()) != 1 {
		t.Fatalf("missing user: %v", err)
	}
	if d, ok := st.Details()[0].(*chorusv1.Error); !ok || d.GetCode() != chorusv1.ErrorCode_ERROR_CODE_USER_NOT_FOUND || d.GetTemporary() {
		t.Fatalf("status detail %v", st.Details()[0])
	}

	err = conn.Invoke(ctx, "/chorus.v1.BackendService/GetUser", &chorusv1.GetUserRequest{UserId: "gina"}, &chorusv1.GetUserResponse{})
	if status.Code(err) != codes.Unauthenticated {
		t.Fatalf("call without API key: %v", err)
	}

	h, err := healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{Service: "chorus.v1.BackendService"})
	if err != nil || h.GetStatus() != healthpb.HealthCheckResponse_SERVING {
		t.Fatalf("health: %v %v", h, err)
	}

	// Reflection: TestReflectionListsEveryService.
}
