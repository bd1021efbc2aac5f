package client

import (
	"context"
	"fmt"
	"testing"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/mockserver"
)

// BenchmarkAccountRoundTrip measures one create, read, revisioned update and delete through the
// client against the in-process mock: the per-resource cost of an apply and destroy.
func BenchmarkAccountRoundTrip(b *testing.B) {
	srv, url := mockserver.Start(b, mockserver.Options{})
	c, err := New(Config{AccountAPIEndpoint: url, LeaseAPIEndpoint: url, Token: srv.AdminToken(), MaxRetries: 0})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		a, err := c.CreateAccount(ctx, AccountCreateInput{Name: "bench", Email: fmt.Sprintf("bench-%d@example.com", i)})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.GetAccount(ctx, a.ID); err != nil {
			b.Fatal(err)
		}
		name := "renamed"
		err = c.WithCurrentRevision(ctx, a.ID, RevisionHint{}, func(rev uint64) error {
			_, err := c.UpdateAccount(ctx, a.ID, AccountUpdateInput{CurrentRevision: rev, Name: &name})
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
		if err := c.WithCurrentRevision(ctx, a.ID, RevisionHint{}, func(rev uint64) error { return c.DeleteAccount(ctx, a.ID, rev) }); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkListLeases measures reading 1000 leases through the Link-header iterator, 100 per page.
func BenchmarkListLeases(b *testing.B) {
	srv, url := mockserver.Start(b, mockserver.Options{})
	for i := range 1000 {
		srv.InsertLease(mockserver.Lease{PrincipalID: fmt.Sprintf("user-%04d", i), AccountID: fmt.Sprintf("%012d", i), Status: LeaseActive})
	}
	c, err := New(Config{AccountAPIEndpoint: url, LeaseAPIEndpoint: url, Token: srv.AdminToken()})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		leases, err := c.ListLeases(context.Background(), LeaseFilter{PageSize: 100})
		if err != nil || len(leases) != 1000 {
			b.Fatalf("%d leases, err %v", len(leases), err)
		}
	}
}

// BenchmarkGetAccount measures one GET through the client against the in-process mock: the HTTP
// part of every sandbox_account refresh.
func BenchmarkGetAccount(b *testing.B) {
	srv, url := mockserver.Start(b, mockserver.Options{})
	c, err := New(Config{AccountAPIEndpoint: url, LeaseAPIEndpoint: url, Token: srv.AdminToken()})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	a, err := c.CreateAccount(ctx, AccountCreateInput{Name: "bench", Email: "bench@example.com"})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.GetAccount(ctx, a.ID); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkListLeases10000 measures listing 10,000 leases with the client's default page size.
func BenchmarkListLeases10000(b *testing.B) {
	srv, url := mockserver.Start(b, mockserver.Options{})
	for i := range 10000 {
		srv.InsertLease(mockserver.Lease{PrincipalID: fmt.Sprintf("user-%05d", i), AccountID: fmt.Sprintf("%012d", i), Status: LeaseActive})
	}
	c, err := New(Config{AccountAPIEndpoint: url, LeaseAPIEndpoint: url, Token: srv.AdminToken()})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		leases, err := c.ListLeases(context.Background(), LeaseFilter{})
		if err != nil || len(leases) != 10000 {
			b.Fatalf("%d leases, err %v", len(leases), err)
		}
	}
}
