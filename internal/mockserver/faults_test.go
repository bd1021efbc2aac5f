package mockserver

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestRandomFaults(t *testing.T) {
	cases := []struct {
		name       string
		faults     Faults
		wantStatus int
		wantRetry  string
	}{
		{"every request fails", Faults{ErrorRate: 1}, http.StatusInternalServerError, ""},
		{"every request is rate limited", Faults{RateLimitRate: 1, RetryAfter: 3 * time.Second}, http.StatusTooManyRequests, "3"},
		{"no faults", Faults{}, http.StatusOK, ""},
	}
	for _, c := range cases {
		s, err := New(Options{Faults: c.faults})
		if err != nil {
			t.Fatal(err)
		}
		req := httptest.NewRequest(http.MethodGet, "/v1/accounts/"+RootAccountID, nil)
		req.Header.Set("Authorization", "Bearer "+s.AdminToken())
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != c.wantStatus || rec.Header().Get("Retry-After") != c.wantRetry {
			t.Errorf("%s: status %d Retry-After %q, want %d %q", c.name, rec.Code, rec.Header().Get("Retry-After"), c.wantStatus, c.wantRetry)
		}
	}
}

func TestDroppedConnection(t *testing.T) {
	_, url := Start(t, Options{Faults: Faults{DropRate: 1}})
	resp, err := http.Get(url + "/v1/accounts/" + RootAccountID)
	if err == nil {
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
		t.Fatalf("got status %d, want the connection dropped", resp.StatusCode)
	}
}

func TestLatency(t *testing.T) {
	s, err := New(Options{Faults: Faults{Latency: 30 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	call(t, s, http.MethodGet, "/v1/accounts/"+RootAccountID, s.AdminToken(), nil)
	if elapsed := time.Since(start); elapsed < 30*time.Millisecond {
		t.Errorf("answered after %v, want at least the injected 30ms", elapsed)
	}
}
