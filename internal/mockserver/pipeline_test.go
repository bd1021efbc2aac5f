package mockserver

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeStore records what the server saves and fails on demand.
type fakeStore struct {
	mu     sync.Mutex
	fail   error
	saves  int
	writes []storeWrite
}

func (f *fakeStore) load(*state) (bool, error) { return false, nil }

func (f *fakeStore) save(writes []storeWrite) func() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.saves++
	f.writes = append(f.writes, writes...)
	err := f.fail
	return func() error { return err }
}

func (f *fakeStore) close() error { return nil }

func (f *fakeStore) failWith(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fail = err
}

func (f *fakeStore) counts() (saves int, writes []storeWrite) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.saves, append([]storeWrite(nil), f.writes...)
}

// newStoredTestServer is a server whose store is a fakeStore, logging to the returned buffer.
func newStoredTestServer(t *testing.T) (*Server, *fakeStore, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	s, err := New(Options{Logger: slog.New(slog.NewTextHandler(logs, nil)), AccountReadyDelay: -1})
	if err != nil {
		t.Fatal(err)
	}
	fs := &fakeStore{}
	s.store = fs
	return s, fs, logs
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestFailedCommitAnswers500AndIsLogged(t *testing.T) {
	s, fs, logs := newStoredTestServer(t)
	fs.failWith(errors.New("disk on fire"))
	status, body := call(t, s, http.MethodPost, "/v1/accounts", s.AdminToken(), map[string]string{"name": "n", "email": "n@example.com"})
	if status != http.StatusInternalServerError || !strings.Contains(errorBodyOf(t, body), "disk on fire") {
		t.Fatalf("Account API write with a failing store: %d %s, want 500 naming the error", status, body)
	}
	status, body = call(t, s, http.MethodPost, "/accounts", s.AdminToken(), map[string]string{"id": "123456789012", "adminRoleArn": "arn:aws:iam::123456789012:role/A"})
	if status != http.StatusInternalServerError || decode[leaseErrorJSON](t, body).Error.Code != codeServerError {
		t.Fatalf("Lease API write with a failing store: %d %s, want 500 ServerError", status, body)
	}
	for _, want := range []string{"level=ERROR", "saving state failed", "path=/v1/accounts", "path=/accounts", "disk on fire"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs.String())
		}
	}
	fs.failWith(nil)
	status, _ = call(t, s, http.MethodPost, "/v1/accounts", s.AdminToken(), map[string]string{"name": "m", "email": "m@example.com"})
	if status != http.StatusOK {
		t.Fatalf("once the store works again: %d, want 200", status)
	}
}

func TestOnlyChangesAreCommittedAndOnlyTheChangedObjects(t *testing.T) {
	s, fs, _ := newStoredTestServer(t)
	for i := range 3 {
		createTestAccount(t, s, "x", fmt.Sprintf("x%d@example.com", i))
	}
	a := createTestAccount(t, s, "changed", "changed@example.com")
	before, prior := fs.counts()
	admin(t, s, http.MethodGet, "/v1/accounts/"+a.ID, nil, http.StatusOK)
	admin(t, s, http.MethodGet, "/leases", nil, http.StatusOK)
	call(t, s, http.MethodPut, "/v1/accounts/"+a.ID, s.AdminToken(), map[string]any{"currentRevision": 99, "name": "refused"})
	call(t, s, http.MethodGet, "/v1/accounts/"+a.ID, "wrong-token", nil)
	if saves, _ := fs.counts(); saves != before {
		t.Fatalf("reads, refusals and failed writes committed %d times, want 0", saves-before)
	}
	admin(t, s, http.MethodPut, "/v1/accounts/"+a.ID, map[string]any{"currentRevision": 0, "name": "renamed"}, http.StatusOK)
	saves, writes := fs.counts()
	if saves != before+1 {
		t.Fatalf("a write committed %d times, want once", saves-before)
	}
	// The commit is exactly one write, of the renamed account: not the other accounts, not the root.
	added := writes[len(prior):]
	if len(added) != 1 {
		var keys []string
		for _, w := range added {
			keys = append(keys, w.bucket+"/"+w.key)
		}
		t.Fatalf("the write committed %d objects %v, want only the renamed account", len(added), keys)
	}
	if w := added[0]; w.bucket != bucketAccounts || w.key != a.ID || !strings.Contains(string(w.value), `"renamed"`) {
		t.Fatalf("committed %s/%s %s, want the renamed account", w.bucket, w.key, w.value)
	}
}

func TestBodiesOverTheLimitAreRefusedWith413(t *testing.T) {
	s := newTestServer(t)
	big := `{"name":"` + strings.Repeat("x", defaultBodyLimit) + `","email":"big@example.com"}`
	status, body := call(t, s, http.MethodPost, "/v1/accounts", s.AdminToken(), big)
	if status != http.StatusRequestEntityTooLarge || !strings.Contains(errorBodyOf(t, body), "limit") {
		t.Fatalf("Account API: %d %s, want 413", status, body)
	}
	status, body = call(t, s, http.MethodPost, "/leases", s.AdminToken(), big)
	if status != http.StatusRequestEntityTooLarge || decode[leaseErrorJSON](t, body).Error.Code != codeClientError {
		t.Fatalf("Lease API: %d %s, want 413 ClientError", status, body)
	}
	if n := len(s.LiveAccounts()); n != 1 {
		t.Fatalf("%d accounts, want only the root", n)
	}
}

// readTracker is a body that records whether anyone read it.
type readTracker struct{ read atomic.Bool }

func (r *readTracker) Read(p []byte) (int, error) {
	r.read.Store(true)
	return 0, io.EOF
}

func TestUnauthenticatedBodiesAreNeverRead(t *testing.T) {
	cases := map[string]struct {
		opts   Options
		target string
		header map[string]string
		want   int
	}{
		"account API without a token": {target: "/v1/accounts", want: http.StatusUnauthorized},
		"lease API without a token":   {target: "/leases", want: http.StatusForbidden},
		"SigV4 without a signature": {opts: Options{SigV4AccessKeyID: "AKIDEXAMPLE", SigV4SecretAccessKey: "secret"},
			target: "/leases", want: http.StatusForbidden},
		"SigV4 with only the public key id and a wrong declared hash": {
			opts:   Options{SigV4AccessKeyID: "AKIDEXAMPLE", SigV4SecretAccessKey: "secret"},
			target: "/leases", want: http.StatusForbidden,
			header: map[string]string{
				"Authorization":        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=00",
				"X-Amz-Date":           "20260101T000000Z",
				"X-Amz-Content-Sha256": strings.Repeat("0", 64),
			}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			s, err := New(c.opts)
			if err != nil {
				t.Fatal(err)
			}
			body := &readTracker{}
			req := httptest.NewRequest(http.MethodPost, c.target, body)
			req.ContentLength = 300 << 20
			req.Header.Set("Content-Type", "application/json")
			for k, v := range c.header {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			if rec.Code != c.want || body.read.Load() {
				t.Fatalf("status %d (want %d), body read: %v", rec.Code, c.want, body.read.Load())
			}
		})
	}
}

// blockingBody is a request body that sends nothing until released.
type blockingBody struct{ release chan struct{} }

func (b *blockingBody) Read(p []byte) (int, error) {
	<-b.release
	return 0, io.EOF
}

func TestASlowBodyDoesNotHoldUpOtherRequests(t *testing.T) {
	s := newTestServer(t)
	slow := &blockingBody{release: make(chan struct{})}
	// Released on every way out, so a failing test leaves no request hanging on the body.
	var releaseOnce sync.Once
	release := func() { releaseOnce.Do(func() { close(slow.release) }) }
	t.Cleanup(release)
	done := make(chan int, 1) // buffered: the request may finish after the test has given up
	go func() {
		req := httptest.NewRequest(http.MethodPost, "/v1/accounts", slow)
		req.Header.Set("Authorization", "Bearer "+s.AdminToken())
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		done <- rec.Code
	}()
	// While the slow body is still arriving, a read and a write both finish. Failures come back on
	// a channel: t.Fatal must not be called from another goroutine.
	other := make(chan error, 1)
	go func() {
		if status, body := call(t, s, http.MethodGet, "/v1/accounts/"+RootAccountID, s.AdminToken(), nil); status != http.StatusOK {
			other <- fmt.Errorf("read beside the slow body: %d %s, want 200", status, body)
			return
		}
		if status, body := call(t, s, http.MethodPost, "/v1/accounts", s.AdminToken(), `{"name":"quick","email":"quick@example.com"}`); status != http.StatusOK {
			other <- fmt.Errorf("write beside the slow body: %d %s, want 200", status, body)
			return
		}
		other <- nil
	}()
	select {
	case err := <-other:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("requests waited for another request's body")
	}
	release()
	select {
	case status := <-done:
		if status != http.StatusBadRequest {
			t.Fatalf("the empty slow body answered %d, want 400", status)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the slow request did not finish once its body ended")
	}
}

func TestABodyThatDoesNotArriveInTimeIs408(t *testing.T) {
	s, err := New(Options{BodyReadTimeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	defer ts.Close()
	pr, pw := io.Pipe()
	defer pw.Close()
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/v1/accounts", pr)
	req.Header.Set("Authorization", "Bearer "+s.AdminToken())
	req.Header.Set("Content-Type", "application/json")
	req.ContentLength = 100
	go func() { _, _ = pw.Write([]byte(`{"name":`)) }()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusRequestTimeout || !strings.Contains(string(body), "did not arrive") {
		t.Fatalf("%d %s, want 408", resp.StatusCode, body)
	}
}

func TestAccessLogHasOneLinePerRequest(t *testing.T) {
	s, _, logs := newStoredTestServer(t)
	admin(t, s, http.MethodGet, "/v1/accounts/"+RootAccountID, nil, http.StatusOK)
	call(t, s, http.MethodGet, "/leases", "", nil)
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d log lines, want 2:\n%s", len(lines), logs.String())
	}
	for i, want := range []string{"method=GET path=/v1/accounts/" + RootAccountID + " status=200", "path=/leases status=403"} {
		if !strings.Contains(lines[i], want) || !strings.Contains(lines[i], "duration=") || !strings.Contains(lines[i], "bytes=") {
			t.Errorf("line %d = %s, want %q, a duration and bytes", i, lines[i], want)
		}
	}
	if strings.Contains(logs.String(), s.AdminToken()) {
		t.Error("the access log shows the admin token")
	}
}

func TestADeclaredPayloadHashIsCheckedAgainstTheBody(t *testing.T) {
	s := newLeaseTestServer(t, Options{SigV4AccessKeyID: testKeys.AccessKeyID, SigV4SecretAccessKey: testKeys.SecretAccessKey})
	body := `{"id":"123456789012","adminRoleArn":"` + testRoleArn + `"}`
	declare := func(req *http.Request, sent string) *http.Request {
		sum := payloadSHA256Hex([]byte(body))
		req.Header.Set("X-Amz-Content-Sha256", sum)
		req.Body = io.NopCloser(strings.NewReader(sent))
		req.ContentLength = int64(len(sent))
		return req
	}
	// Signed over the declared hash: the signature is checked before the body, then the body against the hash.
	if rec := serve(s, declare(signedRequest(t, testKeys, http.MethodPost, "/accounts", body, "us-east-1"), body)); rec.Code != http.StatusCreated {
		t.Fatalf("declared hash of the body sent: %d %s, want 201", rec.Code, rec.Body)
	}
	other := `{"id":"210987654321","adminRoleArn":"` + testRoleArn + `"}`
	rec := serve(s, declare(signedRequest(t, testKeys, http.MethodPost, "/accounts", body, "us-east-1"), other))
	if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), "x-amz-content-sha256") {
		t.Fatalf("a body that does not match the declared hash: %d %s, want 403", rec.Code, rec.Body)
	}
	if _, ok := s.PoolAccount("210987654321"); ok {
		t.Fatal("the mismatched body was acted on")
	}
}
