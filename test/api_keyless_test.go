package test

import (
	"context"
	"slices"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	reflectpb "google.golang.org/grpc/reflection/grpc_reflection_v1"
)

// `grpcurl -plaintext HOST:PORT list` lists every service the port
// serves, as grpc-go servers do: the API, health and both versions of
// reflection, without an API key.
func TestReflectionListsEveryService(t *testing.T) {
	tn := startNode(t, "", nil)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := grpc.NewClient(tn.HTTPAddr(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
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
