package provider_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/client"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/mockserver"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/provider"
)

// benchServer is the provider served as the CLI sees it (protocol 6, through the framework), configured
// against an in-process mock. It calls the protocol methods directly, without gRPC or the protocol
// server's logging: what it measures is the framework's and the provider's own work per call.
type benchServer struct {
	tfprotov6.ProviderServer
	schemas *tfprotov6.GetProviderSchemaResponse
}

func newBenchServer(b *testing.B, mockURL, token string) *benchServer {
	b.Helper()
	ctx := context.Background()
	server := providerserver.NewProtocol6(provider.New("bench")())()
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		b.Fatalf("GetProviderSchema: %v %v", err, schemas.Diagnostics)
	}
	s := &benchServer{ProviderServer: server, schemas: schemas}
	config := s.value(b, schemas.Provider, map[string]tftypes.Value{
		"endpoint":    tftypes.NewValue(tftypes.String, mockURL),
		"token":       tftypes.NewValue(tftypes.String, token),
		"max_retries": tftypes.NewValue(tftypes.Number, 0),
	})
	resp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.4", Config: config})
	if err != nil || len(resp.Diagnostics) > 0 {
		b.Fatalf("ConfigureProvider: %v %v", err, resp.Diagnostics)
	}
	return s
}

// value encodes an object of the schema's type with the given attributes set and every other one null.
func (s *benchServer) value(b *testing.B, schema *tfprotov6.Schema, set map[string]tftypes.Value) *tfprotov6.DynamicValue {
	b.Helper()
	typ, ok := schema.ValueType().(tftypes.Object)
	if !ok {
		b.Fatalf("schema type %T is not an object", schema.ValueType())
	}
	attrs := map[string]tftypes.Value{}
	for name, t := range typ.AttributeTypes {
		attrs[name] = tftypes.NewValue(t, nil)
	}
	for name, v := range set {
		attrs[name] = v
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, attrs))
	if err != nil {
		b.Fatal(err)
	}
	return &dv
}

// BenchmarkAccountRead measures one refresh of a sandbox_account: the framework decodes the prior
// state, the resource GETs the account from the mock, and the framework encodes the new state. Its
// allocs/op is the per-resource garbage of a plan.
func BenchmarkAccountRead(b *testing.B) {
	srv, url := mockserver.Start(b, mockserver.Options{})
	c, err := client.New(client.Config{AccountAPIEndpoint: url, LeaseAPIEndpoint: url, Token: srv.AdminToken()})
	if err != nil {
		b.Fatal(err)
	}
	account, err := c.CreateAccount(context.Background(), client.AccountCreateInput{Name: "bench", Email: "bench@example.com"})
	if err != nil {
		b.Fatal(err)
	}
	s := newBenchServer(b, url, srv.AdminToken())
	ctx := context.Background()
	first, err := s.ReadResource(ctx, &tfprotov6.ReadResourceRequest{
		TypeName: "sandbox_account",
		CurrentState: s.value(b, s.schemas.ResourceSchemas["sandbox_account"], map[string]tftypes.Value{
			"id": tftypes.NewValue(tftypes.String, account.ID),
		}),
	})
	if err != nil || len(first.Diagnostics) > 0 || first.NewState == nil {
		b.Fatalf("ReadResource: %v %v", err, first.Diagnostics)
	}
	req := &tfprotov6.ReadResourceRequest{TypeName: "sandbox_account", CurrentState: first.NewState}
	b.ReportAllocs()
	for b.Loop() {
		resp, err := s.ReadResource(ctx, req)
		if err != nil || len(resp.Diagnostics) > 0 {
			b.Fatalf("ReadResource: %v %v", err, resp.Diagnostics)
		}
	}
}

// BenchmarkLeasesDataSourceRead measures a plan's read of data.sandbox_leases over n leases: every
// page from the mock, then n nested objects into state. ns/op divided by n should stay flat as n grows.
func BenchmarkLeasesDataSourceRead(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("leases=%d", n), func(b *testing.B) {
			srv, url := mockserver.Start(b, mockserver.Options{})
			for i := range n {
				srv.InsertLease(mockserver.Lease{PrincipalID: fmt.Sprintf("user-%05d", i), AccountID: fmt.Sprintf("%012d", i), Status: client.LeaseActive})
			}
			s := newBenchServer(b, url, srv.AdminToken())
			ctx := context.Background()
			req := &tfprotov6.ReadDataSourceRequest{
				TypeName: "sandbox_leases",
				Config:   s.value(b, s.schemas.DataSourceSchemas["sandbox_leases"], nil),
			}
			b.ReportAllocs()
			for b.Loop() {
				resp, err := s.ReadDataSource(ctx, req)
				if err != nil || len(resp.Diagnostics) > 0 || resp.State == nil {
					b.Fatalf("ReadDataSource: %v %v", err, resp.Diagnostics)
				}
			}
		})
	}
}
