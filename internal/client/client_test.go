package client

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/golden"
)

// newTestClient points a client at handler with fast retries.
func newTestClient(t *testing.T, handler http.Handler) *Client {
	t.Helper()
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	return newClientFor(t, srv.URL)
}

func newClientFor(t *testing.T, url string) *Client {
	t.Helper()
	c, err := New(Config{
		AccountAPIEndpoint: url, LeaseAPIEndpoint: url, Token: "secret-token-123456",
		MaxRetries: 3, RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond, UserAgent: "test-agent",
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// statusSequence answers each request with the next status, then 200 with body.
func statusSequence(calls *atomic.Int32, body string, statuses ...int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		n := int(calls.Add(1)) - 1
		if n < len(statuses) {
			w.WriteHeader(statuses[n])
			_, _ = io.WriteString(w, `{"error":"injected"}`)
			return
		}
		_, _ = io.WriteString(w, body)
	}
}

const accountBody = `{"id":"497f6eca-6276-4993-bfeb-53cbbbba6f08","revision":2,"name":"n","email":"e@x.io","planId":"b3f60ba2-c1fd-4b3a-a23d-8e876e0ef75d","roles":["admin"]}`

// An account create is resent by the transport when the server certainly did not act (503, 429)
// and by the settle loop when it may have (500, 502, 504); a 4xx is never resent.
func TestCreateIsResentOnlyWhenTheOutcomeAllowsIt(t *testing.T) {
	cases := []struct {
		status    int
		wantCalls int32
		wantErr   bool
	}{
		{http.StatusServiceUnavailable, 2, false},
		{http.StatusTooManyRequests, 2, false},
		{http.StatusInternalServerError, 2, false},
		{http.StatusBadGateway, 2, false},
		{http.StatusGatewayTimeout, 2, false},
		{http.StatusBadRequest, 1, true},
		{http.StatusNotImplemented, 1, true},
	}
	for _, c := range cases {
		var calls atomic.Int32
		cl := newTestClient(t, statusSequence(&calls, accountBody, c.status))
		_, err := cl.CreateAccount(context.Background(), AccountCreateInput{Name: "n", Email: "e@x.io"})
		if (err != nil) != c.wantErr || calls.Load() != c.wantCalls {
			t.Errorf("POST after %d: err=%v calls=%d, want err=%v calls=%d", c.status, err, calls.Load(), c.wantErr, c.wantCalls)
		}
	}
}

func TestReadsAndUpdatesAreRetriedOn5xx(t *testing.T) {
	var calls atomic.Int32
	cl := newTestClient(t, statusSequence(&calls, accountBody, 500, 502, 503))
	a, err := cl.GetAccount(context.Background(), "497f6eca-6276-4993-bfeb-53cbbbba6f08")
	if err != nil || a.Revision != 2 || calls.Load() != 4 {
		t.Fatalf("GET: account=%+v err=%v calls=%d, want success on the 4th call", a, err, calls.Load())
	}
	// Each request has its own retry budget: the next one rides out the same three failures.
	calls.Store(0)
	if _, err = cl.GetAccount(context.Background(), "x"); err != nil || calls.Load() != 4 {
		t.Fatalf("second GET: err=%v calls=%d, want success on the 4th call again", err, calls.Load())
	}
	calls.Store(0)
	cl2 := newTestClient(t, statusSequence(&calls, accountBody, 500, 500, 500, 500, 500))
	_, err = cl2.UpdateAccount(context.Background(), "x", AccountUpdateInput{})
	if err == nil || calls.Load() != 4 {
		t.Errorf("PUT with endless 500s: err=%v calls=%d, want an error after 1+3 attempts", err, calls.Load())
	}
}

func TestConnectionRefusedCreateIsRetried(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close() // nothing listens there now: every attempt is refused
	cl := newClientFor(t, "http://"+addr)
	var attempts atomic.Int32
	cl.httpClient.Transport = countingTransport{next: cl.httpClient.Transport, n: &attempts}
	_, err = cl.CreateAccount(context.Background(), AccountCreateInput{Name: "n", Email: "e@x.io"})
	if err == nil || attempts.Load() != 4 {
		t.Errorf("refused POST: err=%v attempts=%d, want 4 attempts then an error", err, attempts.Load())
	}
}

type countingTransport struct {
	next http.RoundTripper
	n    *atomic.Int32
}

func (c countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.next.RoundTrip(r)
}

func TestRetryAfterIsHonouredButCapped(t *testing.T) {
	cl := newClientFor(t, "http://127.0.0.1:1")
	resp := &http.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {"2"}}}
	if got := cl.backoff(time.Second, 10*time.Second, 1, resp); got != 2*time.Second {
		t.Errorf("Retry-After 2: backoff %v, want 2s", got)
	}
	resp.Header.Set("Retry-After", "3600")
	if got := cl.backoff(time.Second, 10*time.Second, 1, resp); got != 10*time.Second {
		t.Errorf("Retry-After 3600: backoff %v, want the 10s cap", got)
	}
}

func TestErrorBodies(t *testing.T) {
	cases := []struct {
		name, body string
		status     int
		wantMsg    string
		wantErrs   int
		wantCode   string
		sentinel   error
	}{
		{"account validation", `{"errors":["name: field is required","email: bad"]}`, 400, "", 2, "", ErrBadRequest},
		{"account single", `{"error":"Concurrent update"}`, 409, "Concurrent update", 0, "", ErrConflict},
		{"account newer with code", `{"error":"Concurrent update","code":"CONCURRENT_UPDATE"}`, 409, "Concurrent update", 0, "CONCURRENT_UPDATE", ErrConflict},
		{"lease nested", `{"error":{"message":"lease \"x\" not found","code":"NotFoundError"}}`, 404, `lease "x" not found`, 0, "NotFoundError", ErrNotFound},
		{"gateway", `{"message":"Missing Authentication Token"}`, 403, "Missing Authentication Token", 0, "", ErrForbidden},
		{"plain text", "authorization error", 401, "authorization error", 0, "", ErrUnauthorized},
	}
	for _, c := range cases {
		err := newAPIError(AccountAPI, "GET", "/p", "http://h/p", c.status, []byte(c.body))
		if err.Message != c.wantMsg || len(err.Errors) != c.wantErrs || err.Code != c.wantCode || !errors.Is(err, c.sentinel) {
			t.Errorf("%s: got %+v", c.name, err)
		}
	}
	if err := newAPIError(AccountAPI, "PUT", "/v1/accounts/x", "http://h/v1/v1/accounts/x", 409, []byte(`{"error":"Email already in use"}`)); err.Error() != "PUT http://h/v1/v1/accounts/x: Account API answered 409 Conflict: Email already in use" {
		t.Errorf("message %q", err.Error())
	}
}

func TestRequestsCarryAuthUserAgentAndDocumentedBodies(t *testing.T) {
	type seen struct{ method, path, query, auth, agent, body string }
	var got []seen
	cl := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		got = append(got, seen{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Get("Authorization"), r.Header.Get("User-Agent"), string(body)})
		_, _ = io.WriteString(w, accountBody)
	}))
	ctx := context.Background()
	name := "n"
	if _, err := cl.CreateAccount(ctx, AccountCreateInput{Name: "n", Email: "e@x.io"}); err != nil {
		t.Fatal(err)
	}
	if _, err := cl.UpdateAccount(ctx, "id1", AccountUpdateInput{CurrentRevision: 3, Name: &name, Email: &name}); err != nil {
		t.Fatal(err)
	}
	if err := cl.DeleteAccount(ctx, "id1", 4); err != nil {
		t.Fatal(err)
	}
	golden.AssertShape(t, "account_create_request.json", []byte(got[0].body))
	golden.AssertShape(t, "account_update_request.json", []byte(got[1].body))
	if got[2].method != http.MethodDelete || got[2].path != "/v1/accounts/id1" || got[2].query != "current_revision=4" {
		t.Errorf("delete request %+v", got[2])
	}
	for _, s := range got {
		if s.auth != "Bearer secret-token-123456" || s.agent != "test-agent" {
			t.Errorf("%s %s: auth %q agent %q", s.method, s.path, s.auth, s.agent)
		}
	}
}

func TestAccountResponseDecodesTheDocumentedExample(t *testing.T) {
	example := golden.Load(t, "account_get_response.json")
	cl := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write(example) }))
	a, err := cl.GetAccount(context.Background(), "497f6eca-6276-4993-bfeb-53cbbbba6f08")
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != "497f6eca-6276-4993-bfeb-53cbbbba6f08" || a.PlanID != "b3f60ba2-c1fd-4b3a-a23d-8e876e0ef75d" || len(a.Roles) != 1 || a.Roles[0] != "admin" {
		t.Errorf("decoded %+v", a)
	}
}

func TestWithCurrentRevisionRetriesOnlyWhenTheRevisionMoved(t *testing.T) {
	var revision atomic.Int32
	var puts atomic.Int32
	cl := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			_, _ = io.WriteString(w, `{"id":"a","revision":`+strconv.Itoa(int(revision.Load()))+`,"name":"","email":"","planId":"","roles":[]}`)
			return
		}
		if puts.Add(1) <= 2 {
			revision.Add(1) // another writer got there first
			w.WriteHeader(http.StatusConflict)
			_, _ = io.WriteString(w, `{"error":"Concurrent update"}`)
			return
		}
		_, _ = io.WriteString(w, `{}`)
	}))
	var sent []uint64
	err := cl.WithCurrentRevision(context.Background(), "a", RevisionHint{}, func(rev uint64) error {
		sent = append(sent, rev)
		_, err := cl.UpdateAccount(context.Background(), "a", AccountUpdateInput{CurrentRevision: rev})
		return err
	})
	if err != nil || len(sent) != 3 || sent[2] != 2 {
		t.Fatalf("err=%v sent=%v, want success on the third try with revision 2", err, sent)
	}

	// A 409 that leaves the revision alone (email taken) is not retried.
	var calls atomic.Int32
	cl2 := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			_, _ = io.WriteString(w, `{"id":"a","revision":5}`)
			return
		}
		calls.Add(1)
		w.WriteHeader(http.StatusConflict)
		_, _ = io.WriteString(w, `{"error":"Email already in use"}`)
	}))
	err = cl2.WithCurrentRevision(context.Background(), "a", RevisionHint{}, func(rev uint64) error {
		_, err := cl2.UpdateAccount(context.Background(), "a", AccountUpdateInput{CurrentRevision: rev})
		return err
	})
	if !IsConflict(err) || calls.Load() != 1 {
		t.Errorf("email conflict: err=%v after %d PUTs, want the 409 after one", err, calls.Load())
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	bad := []Config{
		{AccountAPIEndpoint: "", LeaseAPIEndpoint: "http://x", Token: "t"},
		{AccountAPIEndpoint: "ftp://x", LeaseAPIEndpoint: "http://x", Token: "t"},
		{AccountAPIEndpoint: "http://x", LeaseAPIEndpoint: "http://x", Token: ""},
		{AccountAPIEndpoint: "http://x", LeaseAPIEndpoint: "http://x", Token: "t", LeaseAPIAuth: "basic"},
		{AccountAPIEndpoint: "http://x", LeaseAPIEndpoint: "http://x", Token: "t", MaxRetries: -1},
	}
	for i, cfg := range bad {
		if _, err := New(cfg); err == nil {
			t.Errorf("config %d accepted: %+v", i, cfg)
		}
	}
}

func TestUnavailableClientFailsEveryCallWithItsReason(t *testing.T) {
	reason := errors.New("the provider's token is not known yet")
	c := Unavailable(reason)
	if !errors.Is(c.Err(), reason) {
		t.Fatalf("Err() = %v, want %v", c.Err(), reason)
	}
	if _, err := c.GetAccount(context.Background(), "497f6eca-6276-4993-bfeb-53cbbbba6f08"); !errors.Is(err, reason) {
		t.Fatalf("GetAccount error = %v, want %v", err, reason)
	}
	if err := c.DeleteToken(context.Background(), "tok"); !errors.Is(err, reason) {
		t.Fatalf("DeleteToken error = %v, want %v", err, reason)
	}
	configured := newTestClient(t, http.NotFoundHandler())
	if configured.Err() != nil {
		t.Fatalf("a configured client reports %v", configured.Err())
	}
}

// TestAnswersOutliveTheirReadBuffer reads a pool account (its metadata is raw JSON) and then other
// answers through the same pooled read buffers, and checks the first answer kept its own bytes.
func TestAnswersOutliveTheirReadBuffer(t *testing.T) {
	var calls atomic.Int32
	cl := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if calls.Add(1) == 1 {
			_, _ = io.WriteString(w, `[{"id":"123456789012","metadata":{"team":"first"}}]`)
			return
		}
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, `{"error":{"code":"NotFoundError","message":"XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"}}`)
	}))
	accounts, err := cl.ListPoolAccounts(context.Background(), PoolAccountFilter{})
	if err != nil || len(accounts) != 1 {
		t.Fatalf("list: %v %v", accounts, err)
	}
	for range 5 {
		if _, err := cl.GetAccount(context.Background(), "497f6eca-6276-4993-bfeb-53cbbbba6f08"); StatusCode(err) != http.StatusNotFound {
			t.Fatalf("want a 404, got %v", err)
		}
	}
	if got := string(accounts[0].Metadata); got != `{"team":"first"}` {
		t.Errorf("the first answer's metadata became %q", got)
	}
}
