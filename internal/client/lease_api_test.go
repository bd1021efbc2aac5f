package client_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/client"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/golden"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/mockserver"
)

const testRoleArn = "arn:aws:iam::123456789012:role/DCEAdmin"

// recorder remembers the body of every request, keyed by "METHOD /path", before the mock sees it.
type recorder struct {
	mu     sync.Mutex
	bodies map[string][]byte
	count  int
}

func (rec *recorder) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec.mu.Lock()
		rec.bodies[r.Method+" "+r.URL.Path] = body
		rec.count++
		rec.mu.Unlock()
		next.ServeHTTP(w, r)
	})
}

func (rec *recorder) body(key string) []byte {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return rec.bodies[key]
}

func (rec *recorder) requests() int {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return rec.count
}

// leaseEnv is a mock behind a recording server and a client pointed at it.
type leaseEnv struct {
	mock   *mockserver.Server
	rec    *recorder
	url    string
	client *client.Client
}

func newLeaseEnv(t *testing.T, opts mockserver.Options, cfg client.Config) *leaseEnv {
	t.Helper()
	if opts.AccountReadyDelay == 0 {
		opts.AccountReadyDelay = 20 * time.Millisecond
	}
	mock, err := mockserver.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{bodies: map[string][]byte{}}
	// Pretend the mock sits behind a proxy that puts an unreachable host and a stage in its Link
	// headers, so only a client that rebuilds the next URL on its base URL can page.
	proxied := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mock.ServeHTTP(linkRewriter{ResponseWriter: w, host: r.Host}, r)
	})
	srv := httptest.NewServer(rec.wrap(proxied))
	t.Cleanup(srv.Close)
	cfg.AccountAPIEndpoint, cfg.LeaseAPIEndpoint = srv.URL, srv.URL
	if cfg.Token == "" {
		cfg.Token = mock.AdminToken()
	}
	cfg.RetryWaitMin, cfg.RetryWaitMax = time.Millisecond, 5*time.Millisecond
	c, err := client.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &leaseEnv{mock: mock, rec: rec, url: srv.URL, client: c}
}

// linkRewriter moves the Link header's URL to another host and path prefix.
type linkRewriter struct {
	http.ResponseWriter
	host string
}

func (w linkRewriter) WriteHeader(status int) {
	if link := w.Header().Get("Link"); link != "" {
		w.Header().Set("Link", strings.Replace(link, "http://"+w.host+"/", "https://unreachable.invalid:1/stage/", 1))
	}
	w.ResponseWriter.WriteHeader(status)
}

func TestEpochTimeDecodesWholeAndFractionalSeconds(t *testing.T) {
	cases := map[string]time.Time{
		`1700000000`:     time.Unix(1700000000, 0).UTC(),
		`1700000000.5`:   time.Unix(1700000000, 500000000).UTC(),
		`1.7e9`:          time.Unix(1700000000, 0).UTC(),
		`0`:              {},
		`null`:           {},
		"\t1700000000\n": time.Unix(1700000000, 0).UTC(),
		`-1.25`:          time.Unix(-1, -250000000).UTC(),
		`1700000000.00`:  time.Unix(1700000000, 0).UTC(),
	}
	for raw, want := range cases {
		var got client.EpochTime
		if err := json.Unmarshal([]byte(raw), &got); err != nil || !got.Equal(want) {
			t.Errorf("%s: got %v (%v), want %v", raw, got.Time, err, want)
		}
	}
	for _, bad := range []string{`"1700000000"`, `true`, `1e400`} {
		var got client.EpochTime
		if err := json.Unmarshal([]byte(bad), &got); err == nil {
			t.Errorf("%s decoded to %v, want an error", bad, got.Time)
		}
	}
	out, _ := json.Marshal(client.NewEpochTime(time.Date(2024, 1, 2, 3, 4, 5, 600, time.FixedZone("x", 3600))))
	if string(out) != "1704161045" {
		t.Errorf("marshal = %s, want whole epoch seconds 1704161045", out)
	}
}

func TestLeaseClientAgainstTheMock(t *testing.T) {
	env := newLeaseEnv(t, mockserver.Options{}, client.Config{})
	ctx := context.Background()
	c := env.client

	created, err := c.CreatePoolAccount(ctx, client.PoolAccountCreateInput{ID: "123456789012", AdminRoleArn: testRoleArn, Metadata: json.RawMessage(`{"team":"a"}`)})
	if err != nil {
		t.Fatal(err)
	}
	if created.AccountStatus != client.PoolAccountNotReady || created.CreatedOn.IsZero() || !strings.HasPrefix(created.PrincipalPolicyHash, `"`) {
		t.Errorf("created = %+v, want NotReady, a creation time and the quoted ETag verbatim", created)
	}
	golden.AssertShape(t, "lease_api_pool_account_create_request.json", env.rec.body("POST /accounts"))

	waitCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	ready, err := c.WaitForPoolAccount(waitCtx, "123456789012", func(a *client.PoolAccount) bool { return a.AccountStatus == client.PoolAccountReady })
	if err != nil || ready.AccountStatus != client.PoolAccountReady {
		t.Fatalf("waiting for Ready: %+v, %v", ready, err)
	}

	updated, err := c.UpdatePoolAccount(ctx, "123456789012", client.PoolAccountUpdateInput{AdminRoleArn: testRoleArn, Metadata: json.RawMessage(`{"team":"b"}`)})
	if err != nil || string(updated.Metadata) != `{"team":"b"}` {
		t.Fatalf("update: %+v, %v", updated, err)
	}
	golden.AssertShape(t, "lease_api_pool_account_update_request.json", env.rec.body("PUT /accounts/123456789012"))

	budget := 100.0
	expires := time.Now().Add(48 * time.Hour).Truncate(time.Second)
	lease, err := c.CreateLease(ctx, client.LeaseCreateInput{
		PrincipalID: "jdoe", BudgetAmount: &budget, BudgetCurrency: "USD", BudgetNotificationEmails: []string{"a@example.com"}, ExpiresOn: expires,
	})
	if err != nil {
		t.Fatal(err)
	}
	golden.AssertShape(t, "lease_api_lease_create_request.json", env.rec.body("POST /leases"))
	if lease.AccountID != "123456789012" || lease.LeaseStatus != client.LeaseActive || !lease.ExpiresOn.Equal(expires) || lease.BudgetAmount != 100 {
		t.Errorf("lease = %+v, want an active lease of the pool's account expiring at %v", lease, expires)
	}

	// The seed's optional accountId goes in the body when set.
	if _, err := c.CreateLease(ctx, client.LeaseCreateInput{PrincipalID: "jdoe", AccountID: "123456789012"}); !client.IsConflict(err) {
		t.Errorf("second lease of the pair: %v, want a 409", err)
	}
	var sent map[string]any
	_ = json.Unmarshal(env.rec.body("POST /leases"), &sent)
	if sent["accountId"] != "123456789012" || sent["expiresOn"] != nil || sent["budgetAmount"] != nil {
		t.Errorf("request %v: want accountId set and unset fields omitted (an expiresOn of 0 is refused by the real system)", sent)
	}

	active, err := c.ActiveLeaseOf(ctx, "jdoe")
	if err != nil || active == nil || active.ID != lease.ID {
		t.Errorf("ActiveLeaseOf = %+v, %v; want %s", active, err, lease.ID)
	}
	creds, err := c.CreateLeaseCredentials(ctx, lease.ID)
	if err != nil || creds.SecretAccessKey == "" || !strings.HasPrefix(creds.ConsoleURL, "https://signin.aws.amazon.com/federation?") {
		t.Errorf("credentials = %+v, %v", creds, err)
	}

	if err := c.DeletePoolAccount(ctx, "123456789012"); !client.IsConflict(err) {
		t.Errorf("deleting a leased account: %v, want a 409", err)
	}
	env.mock.AddUsage("jdoe", "123456789012", time.Now(), 5)
	usage, err := c.GetUsage(ctx, time.Now().Add(-time.Hour), time.Now())
	if err != nil || len(usage) != 1 || usage[0].PrincipalID != "jdoe" || usage[0].CostAmount < 5 || usage[0].TimeToLive.IsZero() {
		t.Errorf("usage = %+v, %v", usage, err)
	}

	if err := c.EndLease(ctx, "jdoe", "123456789012"); err != nil {
		t.Fatal(err)
	}
	golden.AssertShape(t, "lease_api_lease_end_request.json", env.rec.body("DELETE /leases"))
	// Ending it again (400 in the seed, 409 in the real system) and ending a lease that never was
	// (400 in the seed, 404 in the real system) are "already gone".
	if err := c.EndLease(ctx, "jdoe", "123456789012"); err != nil {
		t.Errorf("ending an ended lease: %v, want nil", err)
	}
	if err := c.EndLease(ctx, "nobody", "123456789012"); err != nil {
		t.Errorf("ending a lease that never was: %v, want nil", err)
	}
	got, err := c.GetLease(ctx, lease.ID)
	if err != nil || got.LeaseStatus != client.LeaseInactive || got.LeaseStatusReason != "Destroyed" {
		t.Errorf("ended lease = %+v, %v", got, err)
	}

	_, err = c.GetLease(ctx, "0d7e5c5e-1111-4c4c-8888-000000000000")
	var apiErr *client.APIError
	if !client.IsNotFound(err) || !errors.As(err, &apiErr) || apiErr.Code != "NotFoundError" || !strings.Contains(apiErr.Message, "not found") {
		t.Errorf("unknown lease: %#v, want a 404 with the Lease API's code and message", err)
	}
	env.mock.AddPoolAccount("210987654321", testRoleArn)
	_, err = c.CreateLease(ctx, client.LeaseCreateInput{PrincipalID: "late", ExpiresOn: time.Now().Add(-time.Hour)})
	if client.StatusCode(err) != http.StatusBadRequest || !strings.Contains(err.Error(), "Requested lease has a desired expiry date less than today") {
		t.Errorf("past expiry: %v, want a 400 quoting the seed", err)
	}
}

func TestListLeasesFollowsEveryPageFromTheConfiguredBaseURL(t *testing.T) {
	env := newLeaseEnv(t, mockserver.Options{}, client.Config{})
	want := map[string]bool{}
	for i := 0; i < 260; i++ {
		status := client.LeaseInactive
		if i%2 == 0 {
			status = client.LeaseActive
		}
		id := env.mock.InsertLease(mockserver.Lease{PrincipalID: fmt.Sprintf("user-%03d", i), AccountID: fmt.Sprintf("%012d", i%40), Status: status})
		want[id] = true
	}
	before := env.rec.requests()
	leases, err := env.client.ListLeases(context.Background(), client.LeaseFilter{PageSize: 7})
	if err != nil {
		t.Fatal(err)
	}
	if pages := env.rec.requests() - before; pages != 38 {
		t.Errorf("%d requests, want 38 pages of 7", pages)
	}
	seen := map[string]int{}
	for _, l := range leases {
		seen[l.ID]++
	}
	if len(leases) != 260 || len(seen) != 260 {
		t.Errorf("got %d leases (%d distinct), want all 260 once", len(leases), len(seen))
	}
	for id := range want {
		if seen[id] != 1 {
			t.Errorf("lease %s returned %d times", id, seen[id])
		}
	}

	active, err := env.client.ListLeases(context.Background(), client.LeaseFilter{Status: client.LeaseActive, PageSize: 9})
	if err != nil || len(active) != 130 {
		t.Errorf("active leases: %d, %v; want 130 over pages that may be short", len(active), err)
	}
	accounts, err := env.client.ListPoolAccounts(context.Background(), client.PoolAccountFilter{PageSize: 1})
	if err != nil || len(accounts) != 0 {
		t.Errorf("empty pool: %v, %v", accounts, err)
	}
}

func TestListStopsWhenTheLinkHeaderLoops(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Link", `<https://elsewhere.example/api/leases?limit=1&nextAccountId=1&nextPrincipalId=a>; rel="next"`)
		_, _ = w.Write([]byte(`[]`))
	}))
	defer srv.Close()
	c, err := client.New(client.Config{AccountAPIEndpoint: srv.URL, LeaseAPIEndpoint: srv.URL, Token: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListLeases(context.Background(), client.LeaseFilter{}); err == nil || !strings.Contains(err.Error(), "points back") {
		t.Errorf("looping Link: %v, want an error", err)
	}
}

func TestLeaseAPIAuthErrorsCarryTheGatewayMessage(t *testing.T) {
	env := newLeaseEnv(t, mockserver.Options{}, client.Config{Token: "wrong"})
	_, err := env.client.ListLeases(context.Background(), client.LeaseFilter{})
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusForbidden || apiErr.Message != "Missing Authentication Token" {
		t.Errorf("bad token: %#v, want a 403 with API Gateway's message", err)
	}
}

// DCE states the expiry it refuses in epoch seconds, and its max lease period in seconds; the
// client's error adds the times in RFC 3339 and the period in days, and keeps the server's words.
func TestCreateLeaseExplainsARefusedExpiry(t *testing.T) {
	env := newLeaseEnv(t, mockserver.Options{}, client.Config{})
	env.mock.AddPoolAccount("123456789012", testRoleArn)
	asked := time.Date(2999, 1, 4, 9, 0, 0, 0, time.UTC)
	_, err := env.client.CreateLease(context.Background(), client.LeaseCreateInput{PrincipalID: "jdoe", ExpiresOn: asked})
	if client.StatusCode(err) != http.StatusBadRequest {
		t.Fatalf("err = %v, want a 400", err)
	}
	msg := err.Error()
	for _, want := range []string{
		"which is greater than max lease period of ", // the server's words stay
		"the expiry asked for, 2999-01-04T09:00:00Z, is after the latest the platform allows now, ",
		"a lease lasts at most 7 days)",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q\ndoes not contain %q", msg, want)
		}
	}
	m := regexp.MustCompile(`allows now, (\S+):`).FindStringSubmatch(msg)
	if m == nil {
		t.Fatalf("error %q names no latest expiry", msg)
	}
	latest, perr := time.Parse(time.RFC3339, m[1])
	if want := time.Now().Add(7 * 24 * time.Hour); perr != nil || latest.Before(want.Add(-time.Minute)) || latest.After(want) {
		t.Errorf("latest expiry %q (%v), want about a week from now (%v)", m[1], perr, want)
	}

	past := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	_, err = env.client.CreateLease(context.Background(), client.LeaseCreateInput{PrincipalID: "jdoe", ExpiresOn: past})
	if want := "desired expiry date less than today: 981173106"; client.StatusCode(err) != http.StatusBadRequest || !strings.Contains(err.Error(), want) {
		t.Fatalf("err = %v, want a 400 with %q", err, want)
	}
	if want := regexp.MustCompile(`\(the expiry asked for, 2001-02-03T04:05:06Z, is not in the future: it is now \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)`); !want.MatchString(err.Error()) {
		t.Errorf("error %q\ndoes not match %s", err, want)
	}
}

func TestGetPrincipalUsageSumsOnePrincipalsDays(t *testing.T) {
	now := time.Date(2030, 1, 5, 12, 0, 0, 0, time.UTC)
	env := newLeaseEnv(t, mockserver.Options{Now: func() time.Time { return now }, UsageCostPerDay: -1}, client.Config{})
	day := func(d int) time.Time { return time.Date(2030, 1, d, 0, 0, 0, 0, time.UTC) }
	for d := 1; d <= 5; d++ {
		env.mock.AddUsage("jdoe", "123456789012", day(d), float64(d))
		env.mock.AddUsage("other", "210987654321", day(d), 100)
	}
	ctx := context.Background()
	// Days 2 to 4 of jdoe only: 2+3+4, with the requested dates as the period.
	got, err := env.client.GetPrincipalUsage(ctx, "jdoe", day(2).Add(3*time.Hour), day(4).Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].PrincipalID != "jdoe" || got[0].CostAmount != 9 || got[0].AccountID != "123456789012" ||
		!got[0].StartDate.Equal(day(2).Add(3*time.Hour)) || !got[0].EndDate.Equal(day(4).Add(time.Hour)) {
		t.Errorf("GetPrincipalUsage = %+v, want one jdoe record of 9 over the requested period", got)
	}
	if none, err := env.client.GetPrincipalUsage(ctx, "nobody", day(1), day(5)); err != nil || len(none) != 0 {
		t.Errorf("usage of a principal without any = %+v, %v; want none", none, err)
	}
}
