package main

import (
	"context"
	"errors"
	"runtime"
	"testing"
	"weak"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/provider"
)

type testKey struct{}

// payload stands for what an RPC's context carries (loggers, stream headers).
type payload struct{ _ [4096]byte }

// TestTheFrameworkServerIsWrapped guards against a framework upgrade that drops an interface, which
// would make withReleasedContexts serve the framework unwrapped.
func TestTheFrameworkServerIsWrapped(t *testing.T) {
	if _, ok := withReleasedContexts(providerserver.NewProtocol6(provider.New("test")())()).(releasingServer); !ok {
		t.Fatal("the framework's server was not wrapped")
	}
}

// TestRPCContextsAreReleased sends RPCs through the real framework server and checks that nothing
// from their contexts stays reachable once they return (the framework keeps a cancel function per RPC).
func TestRPCContextsAreReleased(t *testing.T) {
	server := withReleasedContexts(providerserver.NewProtocol6(provider.New("test")())())
	var refs []weak.Pointer[payload]
	for range 3 {
		p := &payload{}
		refs = append(refs, weak.Make(p))
		ctx := context.WithValue(context.Background(), testKey{}, p)
		if _, err := server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: "sandbox_account"}); err != nil {
			t.Fatal(err)
		}
		if _, err := server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: "sandbox_leases"}); err != nil {
			t.Fatal(err)
		}
	}
	runtime.GC()
	runtime.GC()
	for i, r := range refs {
		if r.Value() != nil {
			t.Errorf("the context of RPC %d is still reachable after it returned", i)
		}
	}
	runtime.KeepAlive(server)
}

// recordingServer captures the context its ReadResource gets.
type recordingServer struct {
	frameworkServer
	seen  context.Context
	value any
}

func (s *recordingServer) ReadResource(ctx context.Context, _ *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	s.seen, s.value = ctx, ctx.Value(testKey{})
	return &tfprotov6.ReadResourceResponse{}, nil
}

// TestARPCSeesItsContextUntilItReturns checks the values and the cancellation of the RPC's context
// reach the framework during the call, and that afterwards the context is a cancelled, empty one.
func TestARPCSeesItsContextUntilItReturns(t *testing.T) {
	rec := &recordingServer{}
	ctx, cancel := context.WithCancel(context.WithValue(context.Background(), testKey{}, "value"))
	defer cancel()
	if _, err := (releasingServer{rec}).ReadResource(ctx, &tfprotov6.ReadResourceRequest{}); err != nil {
		t.Fatal(err)
	}
	if rec.value != "value" {
		t.Errorf("during the RPC the context's value was %v", rec.value)
	}
	if rec.seen.Value(testKey{}) != nil || !errors.Is(rec.seen.Err(), context.Canceled) {
		t.Errorf("after the RPC its context still answers: value %v, err %v", rec.seen.Value(testKey{}), rec.seen.Err())
	}
	select {
	case <-rec.seen.Done():
	default:
		t.Error("after the RPC its context is not done")
	}

	// While the call runs, cancelling the caller's context reaches the framework.
	live, stop := withRelease(ctx)
	defer stop()
	cancel()
	select {
	case <-live.Done():
	default:
		t.Error("cancelling the RPC's context did not reach the framework")
	}
}
