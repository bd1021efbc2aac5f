package acctest

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/provider"
)

// ReattachProvider serves the provider in-process for the length of t, as a plugin the CLI
// attaches to instead of installing one, and returns the value of TF_REATTACH_PROVIDERS for CLI
// commands the test runs itself (resource.Test does the same for its own steps). Configurations
// that name no source get the provider as hashicorp/sandbox, so that is the address it serves.
func ReattachProvider(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	configs := make(chan *plugin.ReattachConfig, 1)
	closed := make(chan struct{})
	served := make(chan error, 1)
	go func() {
		served <- tf6server.Serve("registry.terraform.io/hashicorp/sandbox",
			providerserver.NewProtocol6(provider.New("test")()),
			tf6server.WithDebug(ctx, configs, closed),
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()),
			tf6server.WithoutLogStderrOverride(),
			// Provider logs follow TF_LOG and TF_LOG_PATH, as under resource.Test, instead of going to stderr.
			tf6server.WithLoggingSink(t))
	}()
	t.Cleanup(func() {
		cancel()
		<-closed
	})
	var cfg *plugin.ReattachConfig
	select {
	case cfg = <-configs:
	case err := <-served:
		t.Fatalf("serving the provider: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("the provider server did not start within 30s")
	}
	type addr struct{ Network, String string }
	type reattach struct {
		Protocol        string
		ProtocolVersion int
		Pid             int
		Test            bool
		Addr            addr
	}
	host := os.Getenv("TF_ACC_PROVIDER_HOST")
	if host == "" {
		host = "registry.terraform.io"
	}
	info := reattach{
		Protocol: string(cfg.Protocol), ProtocolVersion: cfg.ProtocolVersion, Pid: cfg.Pid, Test: cfg.Test,
		Addr: addr{Network: cfg.Addr.Network(), String: cfg.Addr.String()},
	}
	out, err := json.Marshal(map[string]reattach{strings.TrimSuffix(host, "/") + "/hashicorp/sandbox": info})
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}
