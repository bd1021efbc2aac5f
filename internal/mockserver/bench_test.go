package mockserver

import (
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync/atomic"
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
		s.changed(bucketAccounts, a.ID)
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

// BenchmarkServeGetAccount is BenchmarkGetAccount without the test plumbing around the handler: one
// request sent again and again, answered into the pipeline's own response buffer. What it measures
// is the mock's own cost per read (routing, authentication, lookup, answer), which a wrk run cannot
// tell apart from net/http's and the kernel's.
func BenchmarkServeGetAccount(b *testing.B) {
	s, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	req := newRequest(b, http.MethodGet, "/v1/accounts/"+RootAccountID, s.AdminToken(), nil)
	b.ReportAllocs()
	for b.Loop() {
		w := newResponseBuffer()
		s.ServeHTTP(w, req)
		if w.status != http.StatusOK {
			b.Fatalf("status %d", w.status)
		}
		w.release()
	}
}

// benchmarkCreateAccounts creates accounts from parallel clients, after preload accounts exist.
func benchmarkCreateAccounts(b *testing.B, opts Options, preload int) {
	s, err := New(opts)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = s.Close() })
	for i := range preload {
		call(b, s, http.MethodPost, "/v1/accounts", s.AdminToken(), map[string]string{"name": "p", "email": fmt.Sprintf("pre%d@example.com", i)})
	}
	var n atomic.Int64
	b.ResetTimer()
	b.ReportAllocs()
	b.SetParallelism(16) // 16 clients per CPU, as a busy CI would send
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			body := map[string]string{"name": "n", "email": fmt.Sprintf("b%d@example.com", n.Add(1))}
			if status, out := call(b, s, http.MethodPost, "/v1/accounts", s.AdminToken(), body); status != http.StatusOK {
				b.Fatalf("status %d %s", status, out)
			}
		}
	})
}

// BenchmarkCreateAccount measures POST /v1/accounts in memory.
func BenchmarkCreateAccount(b *testing.B) { benchmarkCreateAccounts(b, Options{}, 0) }

// BenchmarkCreateAccountDurable measures POST /v1/accounts committed to a bbolt state file, with an
// empty store and with 20,000 accounts stored (each commit fsyncs; concurrent writers share commits).
func BenchmarkCreateAccountDurable(b *testing.B) {
	for _, preload := range []int{0, 20000} {
		b.Run(fmt.Sprintf("stored=%d", preload), func(b *testing.B) {
			benchmarkCreateAccounts(b, Options{StateFile: filepath.Join(b.TempDir(), "state.db")}, preload)
		})
	}
}

// BenchmarkListLeasesPage measures one page of GET /leases (the default 25) from the middle of
// 10,000 leases: with the ordered index it does not depend on how many leases there are.
func BenchmarkListLeasesPage(b *testing.B) {
	s, err := New(Options{AccountReadyDelay: -1})
	if err != nil {
		b.Fatal(err)
	}
	for i := range 10000 {
		s.InsertLease(Lease{PrincipalID: fmt.Sprintf("principal-%05d", i), AccountID: fmt.Sprintf("%012d", i), Status: leaseInactive})
	}
	target := "/leases?nextAccountId=000000005000&nextPrincipalId=principal-05000"
	b.ResetTimer()
	b.ReportAllocs()
	for b.Loop() {
		status, out := call(b, s, http.MethodGet, target, s.AdminToken(), nil)
		if status != http.StatusOK || !strings.Contains(string(out), "principal-05001") {
			b.Fatalf("status %d %.200s", status, out)
		}
	}
}
