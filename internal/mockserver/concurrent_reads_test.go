package mockserver

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// TestReadsRunBesideWrites reads accounts from many goroutines while others create and rename
// them. Reads share the lock, so under -race this proves no read handler writes to the state; every
// answer must still be whole and consistent.
func TestReadsRunBesideWrites(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	status, out := call(t, s, http.MethodPost, "/v1/accounts", s.AdminToken(), map[string]string{"name": "a", "email": "read@example.com"})
	if status != http.StatusOK {
		t.Fatalf("create: %d %s", status, out)
	}
	id := decode[accountJSON](t, out).ID
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := range 50 {
				body := map[string]string{"name": "w", "email": fmt.Sprintf("w%d-%d@example.com", w, i)}
				if status, out := call(t, s, http.MethodPost, "/v1/accounts", s.AdminToken(), body); status != http.StatusOK {
					t.Errorf("create: %d %s", status, out)
					return
				}
			}
		}()
		go func() {
			defer wg.Done()
			for range 100 {
				for _, path := range []string{"/v1/accounts/" + id, "/v1/accounts/" + id + "/tokens", "/v1/accounts/" + id + "/plan", "/leases", "/accounts", "/usage"} {
					status, out := call(t, s, http.MethodGet, path, s.AdminToken(), nil)
					if status != http.StatusOK || !strings.HasSuffix(string(out), "\n") {
						t.Errorf("GET %s: %d %q", path, status, out)
						return
					}
				}
				if status, _ := call(t, s, http.MethodGet, "/v1/accounts/"+id, "not-a-token", nil); status != http.StatusUnauthorized {
					t.Errorf("GET with a bad token: %d, want 401", status)
					return
				}
			}
		}()
	}
	wg.Wait()
}
