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
		err = c.WithCurrentRevision(ctx, a.ID, func(rev uint64) error {
			_, err := c.UpdateAccount(ctx, a.ID, AccountUpdateInput{CurrentRevision: rev, Name: &name})
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
		if err := c.WithCurrentRevision(ctx, a.ID, func(rev uint64) error { return c.DeleteAccount(ctx, a.ID, rev) }); err != nil {
			b.Fatal(err)
		}
	}
}
