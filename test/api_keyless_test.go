package test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	reflectpb "google.golang.org/grpc/reflection/grpc_reflection_v1"
	"google.golang.org/grpc/status"
)

// `grpcurl -plaintext HOST:PORT list` lists every service the port
// serves, as grpc-go servers do: the API, health and both versions of
// reflection, without an API key.
func TestReflectionListsEveryService(t *testing.T) {
	tn := startNode(t, "", nil)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn := dialGRPC(t, tn.HTTPAddr())
	rc, err := reflectpb.NewServerReflectionClient(conn).ServerReflectionInfo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = rc.CloseSend() }()
	if err := rc.Send(&reflectpb.ServerReflectionRequest{MessageRequest: &reflectpb.ServerReflectionRequest_ListServices{}}); err != nil {
		t.Fatal(err)
	}
	res, err := rc.Recv()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range res.GetListServicesResponse().GetService() {
		names = append(names, s.GetName())
	}
	slices.Sort(names)
	want := []string{"chorus.v1.BackendService", "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection"}
	if !slices.Equal(names, want) {
		t.Fatalf("reflection lists %v, want %v", names, want)
	}

	// Each listed service can be described, so grpcurl can call it.
	for _, name := range want {
		if err := rc.Send(&reflectpb.ServerReflectionRequest{MessageRequest: &reflectpb.ServerReflectionRequest_FileContainingSymbol{FileContainingSymbol: name}}); err != nil {
			t.Fatal(err)
		}
		res, err := rc.Recv()
		if err != nil {
			t.Fatal(err)
		}
		if len(res.GetFileDescriptorResponse().GetFileDescriptorProto()) == 0 {
			t.Fatalf("no descriptor for %s: %v", name, res.GetErrorResponse())
		}
	}
}

// The keyless services hold messages to api.max_request_bytes too, so a
// caller without a key cannot make the node buffer a body of any size;
// they answer RESOURCE_EXHAUSTED, as grpc-go servers do.
func TestKeylessServicesAreLimited(t *testing.T) {
	tn := startNode(t, "", smallLimits)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn := dialGRPC(t, tn.HTTPAddr())
	health := healthpb.NewHealthClient(conn)
	_, err := health.Check(ctx, &healthpb.HealthCheckRequest{Service: strings.Repeat("x", 2*testMaxRequestBytes)})
	if status.Code(err) != codes.ResourceExhausted {
		t.Fatalf("health check over the limit: %v, want ResourceExhausted", status.Code(err))
	}
	h, err := health.Check(ctx, &healthpb.HealthCheckRequest{Service: "chorus.v1.BackendService"})
	if err != nil || h.GetStatus() != healthpb.HealthCheckResponse_SERVING {
		t.Fatalf("health: %v %v", h, err)
	}
}
