package mockserver

import (
	"fmt"
	"net/http"
	"testing"
)

// BenchmarkGetAccount measures the mock's read path (auth, lookup, JSON) with many accounts and tokens stored.
func BenchmarkGetAccount(b *testing.B) {
	s, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	var id string
	for i := range 1000 {
		s.mu.Lock()
		a := &account{accountJSON: accountJSON{ID: newUUID(), Name: "n", Email: fmt.Sprintf("%d@example.com", i), PlanID: DefaultPlanID, Roles: []string{}}}
		s.state.Accounts[a.ID] = a
		s.mu.Unlock()
		id = a.ID
	}
	b.ReportAllocs()
	for b.Loop() {
		if status, _ := call(b, s, http.MethodGet, "/v1/accounts/"+id, s.AdminToken(), nil); status != http.StatusOK {
			b.Fatalf("status %d", status)
		}
	}
}
