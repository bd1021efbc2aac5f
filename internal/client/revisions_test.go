package client

import (
	"context"
	"net/http"
	"testing"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/mockserver"
)

// requestsTo counts the requests the mock received since from, as "METHOD path" lines.
func requestsTo(srv *mockserver.Server, from int) []string {
	var out []string
	for _, r := range srv.Requests()[from:] {
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}

// TestWithCurrentRevisionSendsAKnownRevisionWithoutReading checks, against the mock, that a write
// at a revision the caller knows (the state's) or the client saw in an answer goes out alone, and
// that a stale one is refused and sent again at the revision read back.
func TestWithCurrentRevisionSendsAKnownRevisionWithoutReading(t *testing.T) {
	srv, url := mockserver.Start(t, mockserver.Options{})
	ctx := context.Background()
	newClient := func() *Client {
		c, err := New(Config{AccountAPIEndpoint: url, LeaseAPIEndpoint: url, Token: srv.AdminToken(), MaxRetries: 1})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	creator := newClient()
	a, err := creator.CreateAccount(ctx, AccountCreateInput{Name: "n", Email: "rev@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	rename := func(c *Client, hint RevisionHint, name string) *Account {
		t.Helper()
		updated, err := c.UpdateAtCurrentRevision(ctx, a.ID, hint, func(rev uint64) (*Account, error) {
			return c.UpdateAccount(ctx, a.ID, AccountUpdateInput{CurrentRevision: rev, Name: &name})
		})
		if err != nil {
			t.Fatal(err)
		}
		return updated
	}

	// The creating client saw revision 0 in the create's answer: one PUT, no GET.
	from := len(srv.Requests())
	if got := rename(creator, RevisionHint{}, "n1"); got.Revision != 1 {
		t.Fatalf("revision after rename %d, want 1", got.Revision)
	}
	if got := requestsTo(srv, from); len(got) != 1 || got[0] != http.MethodPut+" /v1/accounts/"+a.ID {
		t.Errorf("rename at a revision seen in an answer sent %v, want one PUT", got)
	}

	// A new client (a new provider process) with the state's revision: one PUT.
	from = len(srv.Requests())
	rename(newClient(), KnownRevision(1), "n2")
	if got := requestsTo(srv, from); len(got) != 1 {
		t.Errorf("rename at the state's revision sent %v, want one PUT", got)
	}

	// The creating client's remembered revision (1) is stale now: PUT 409, GET, PUT.
	from = len(srv.Requests())
	if got := rename(creator, RevisionHint{}, "n3"); got.Revision != 3 || got.Name != "n3" {
		t.Fatalf("after a stale guess: %+v, want revision 3 and name n3", got)
	}
	if got := requestsTo(srv, from); len(got) != 3 || got[1] != http.MethodGet+" /v1/accounts/"+a.ID {
		t.Errorf("rename at a stale revision sent %v, want PUT, GET, PUT", got)
	}

	// No hint and nothing seen: read first, as before.
	from = len(srv.Requests())
	fresh := newClient()
	if err := fresh.WithCurrentRevision(ctx, a.ID, RevisionHint{}, func(rev uint64) error { return fresh.DeleteAccount(ctx, a.ID, rev) }); err != nil {
		t.Fatal(err)
	}
	if got := requestsTo(srv, from); len(got) != 2 || got[0] != http.MethodGet+" /v1/accounts/"+a.ID {
		t.Errorf("delete without a known revision sent %v, want GET, DELETE", got)
	}
}
