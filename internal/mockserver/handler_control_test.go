package mockserver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// controlClient sends requests to a mock served over HTTP, as curl would.
type controlClient struct {
	t     *testing.T
	url   string
	token string
}

func (c controlClient) do(method, path, token string, body any) (int, []byte) {
	c.t.Helper()
	var reader io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		reader = strings.NewReader(b)
	default:
		encoded, err := json.Marshal(b)
		if err != nil {
			c.t.Fatal(err)
		}
		reader = bytes.NewReader(encoded)
	}
	req, err := http.NewRequest(method, c.url+path, reader)
	if err != nil {
		c.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if reader != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer func() { _ = resp.Body.Close() }()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out
}

// ok sends a request with the admin token and fails unless the status is want.
func (c controlClient) ok(method, path string, body any, want int) []byte {
	c.t.Helper()
	status, out := c.do(method, path, c.token, body)
	if status != want {
		c.t.Fatalf("%s %s: status %d, want %d; body %s", method, path, status, want, out)
	}
	return out
}

func startControl(t *testing.T, opts Options) (*Server, controlClient) {
	t.Helper()
	if opts.AccountReadyDelay == 0 {
		opts.AccountReadyDelay = -1
	}
	s, url := Start(t, opts)
	return s, controlClient{t: t, url: url, token: s.AdminToken()}
}

func TestControlHealthNeedsNoToken(t *testing.T) {
	_, c := startControl(t, Options{})
	status, body := c.do(http.MethodGet, "/_mock/health", "", nil)
	if status != http.StatusOK || strings.TrimSpace(string(body)) != `{"status":"ok"}` {
		t.Errorf("health: %d %s", status, body)
	}
}

func TestControlAPINeedsAnAdminBearer(t *testing.T) {
	s, c := startControl(t, Options{})
	account := decode[accountJSON](t, c.ok(http.MethodPost, "/v1/accounts", map[string]string{"name": "u", "email": "u@example.com"}, http.StatusOK))
	userToken := decode[tokenWithSecretJSON](t, c.ok(http.MethodPost, "/v1/accounts/"+account.ID+"/tokens",
		map[string]string{"expiresAt": "2100-01-01T00:00:00Z"}, http.StatusOK)).Secret
	for _, ep := range []struct{ method, path string }{
		{http.MethodPost, "/_mock/reset"}, {http.MethodGet, "/_mock/state"}, {http.MethodPut, "/_mock/state"},
		{http.MethodGet, "/_mock/clock"}, {http.MethodPost, "/_mock/clock"}, {http.MethodGet, "/_mock/faults"},
		{http.MethodPut, "/_mock/faults"}, {http.MethodPost, "/_mock/usage"},
		{http.MethodPost, "/_mock/pool-accounts/123456789012/status"}, {http.MethodGet, "/_mock/requests"},
	} {
		for name, token := range map[string]string{"no token": "", "a non-admin token": userToken, "a wrong token": "nope"} {
			if status, body := c.do(ep.method, ep.path, token, nil); status != http.StatusUnauthorized {
				t.Errorf("%s %s with %s: %d %s, want 401", ep.method, ep.path, name, status, body)
			}
		}
	}
	// An account with the admin role is an admin of the control API too.
	s.EditAccount(account.ID, func(a *Account) { a.Roles = []string{"admin"} })
	if status, body := c.do(http.MethodGet, "/_mock/clock", userToken, nil); status != http.StatusOK {
		t.Errorf("GET /_mock/clock with an admin account's token: %d %s", status, body)
	}
}

func TestControlAPIOff(t *testing.T) {
	_, c := startControl(t, Options{NoControlAPI: true})
	for _, path := range []string{"/_mock/health", "/_mock/state"} {
		if status, _ := c.do(http.MethodGet, path, c.token, nil); status != http.StatusNotFound {
			t.Errorf("GET %s with the control API off: %d, want 404", path, status)
		}
	}
}

func TestControlReset(t *testing.T) {
	s, c := startControl(t, Options{})
	c.ok(http.MethodPost, "/v1/accounts", map[string]string{"name": "a", "email": "a@example.com"}, http.StatusOK)
	c.ok(http.MethodPost, "/accounts", map[string]string{"id": "123456789012", "adminRoleArn": testRoleArn}, http.StatusCreated)
	c.ok(http.MethodPost, "/_mock/clock", map[string]string{"advance": "72h"}, http.StatusOK)
	s.InjectFault(ScriptedFault{Method: http.MethodGet, Path: "/leases", Status: 503, Count: 5})

	if body := c.ok(http.MethodPost, "/_mock/reset", nil, http.StatusOK); strings.TrimSpace(string(body)) != `{"status":"ok"}` {
		t.Errorf("reset answered %s", body)
	}
	if live := s.LiveAccounts(); len(live) != 1 || live[0].ID != RootAccountID || live[0].Email != "initial@user" {
		t.Errorf("accounts after reset: %+v, want only the root admin", live)
	}
	if ids := s.PoolAccountIDs(); len(ids) != 0 {
		t.Errorf("pool after reset: %v, want empty", ids)
	}
	plan := decode[planJSON](t, c.ok(http.MethodGet, "/v1/accounts/"+RootAccountID+"/plan", nil, http.StatusOK))
	if plan.PlanID != DefaultPlanID {
		t.Errorf("root's plan after reset: %+v", plan)
	}
	if skew := time.Until(s.Now()); skew > time.Hour {
		t.Errorf("clock after reset is %s ahead, want the real clock", skew)
	}
	if s.PendingFaults() != 0 {
		t.Errorf("%d scripted faults pending after reset, want none", s.PendingFaults())
	}
}

func TestControlStateSnapshotAndRestore(t *testing.T) {
	s, c := startControl(t, Options{})
	created := decode[accountJSON](t, c.ok(http.MethodPost, "/v1/accounts", map[string]string{"name": "a", "email": "a@example.com"}, http.StatusOK))
	c.ok(http.MethodPost, "/accounts", map[string]string{"id": "123456789012", "adminRoleArn": testRoleArn}, http.StatusCreated)
	c.ok(http.MethodPost, "/_mock/clock", map[string]string{"advance": "1h"}, http.StatusOK)
	snapshot := c.ok(http.MethodGet, "/_mock/state", nil, http.StatusOK)
	var view struct {
		ClockOffset string `json:"clockOffset"`
		State       struct {
			Accounts     map[string]json.RawMessage `json:"accounts"`
			PoolAccounts map[string]json.RawMessage `json:"poolAccounts"`
		} `json:"state"`
	}
	if err := json.Unmarshal(snapshot, &view); err != nil {
		t.Fatal(err)
	}
	if view.ClockOffset != "1h0m0s" || view.State.Accounts[created.ID] == nil || view.State.PoolAccounts["123456789012"] == nil {
		t.Fatalf("snapshot %s lacks the clock, the account or the pool account", snapshot)
	}

	c.ok(http.MethodPost, "/_mock/reset", nil, http.StatusOK)
	if _, live := s.Account(created.ID); live {
		t.Fatal("reset kept the account")
	}
	c.ok(http.MethodPut, "/_mock/state", json.RawMessage(snapshot), http.StatusOK)
	if a, ok := s.Account(created.ID); !ok || a.Email != "a@example.com" {
		t.Errorf("after restore the account is %+v, %v", a, ok)
	}
	if _, ok := s.PoolAccount("123456789012"); !ok {
		t.Error("after restore the pool account is missing")
	}
	if skew := time.Until(s.Now()); skew < 59*time.Minute {
		t.Errorf("after restore the clock is %s ahead, want the snapshot's hour", skew)
	}
	// The API answers from the restored state.
	c.ok(http.MethodGet, "/v1/accounts/"+created.ID, nil, http.StatusOK)

	for _, bad := range []string{`{}`, `{"state":{},"clockOffset":"soon"}`, `{"state":{},"extra":1}`, `not json`} {
		if status, body := c.do(http.MethodPut, "/_mock/state", c.token, bad); status != http.StatusBadRequest {
			t.Errorf("PUT /_mock/state %s: %d %s, want 400", bad, status, body)
		}
	}
}

func TestControlClockExpiresLeases(t *testing.T) {
	s, c := startControl(t, Options{UsageCostPerDay: -1})
	c.ok(http.MethodPost, "/accounts", map[string]string{"id": "123456789012", "adminRoleArn": testRoleArn}, http.StatusCreated)
	before := s.Now()
	l := decode[leaseJSON](t, c.ok(http.MethodPost, "/leases",
		map[string]any{"principalId": "p", "expiresOn": before.Add(24 * time.Hour).Unix()}, http.StatusCreated))

	answer := decode[clockJSON](t, c.ok(http.MethodPost, "/_mock/clock", map[string]string{"advance": "48h"}, http.StatusOK))
	now, err := time.Parse(time.RFC3339, answer.Now)
	if err != nil {
		t.Fatalf("clock answered %+v: %v", answer, err)
	}
	if moved := now.Sub(before); moved < 48*time.Hour || moved > 49*time.Hour {
		t.Errorf("clock moved %s, want 48h", moved)
	}
	if got, _ := s.Lease(l.ID); got.Status != leaseInactive || got.StatusReason != reasonExpired {
		t.Errorf("lease after the clock passed its expiry: %+v, want Inactive/Expired", got)
	}
	// As times, not strings: RFC 3339 text need not sort as the times do (offsets, fractions).
	got := decode[clockJSON](t, c.ok(http.MethodGet, "/_mock/clock", nil, http.StatusOK))
	if read, err := time.Parse(time.RFC3339, got.Now); err != nil || read.Before(now) {
		t.Errorf("GET /_mock/clock = %+v (%v), want a time at least %s", got, err, answer.Now)
	}
	for _, bad := range []string{`{"advance":"-1h"}`, `{"advance":"tomorrow"}`, `{}`} {
		if status, body := c.do(http.MethodPost, "/_mock/clock", c.token, bad); status != http.StatusBadRequest {
			t.Errorf("POST /_mock/clock %s: %d %s, want 400", bad, status, body)
		}
	}
}

func TestControlFaults(t *testing.T) {
	_, c := startControl(t, Options{})
	c.ok(http.MethodPut, "/_mock/faults", map[string]any{"errorRate": 1}, http.StatusOK)
	if status, _ := c.do(http.MethodGet, "/v1/accounts/"+RootAccountID, c.token, nil); status != http.StatusInternalServerError {
		t.Errorf("with errorRate 1 the Account API answered %d, want 500", status)
	}
	// The control API itself is never faulted, so the faults can be switched off again.
	got := decode[faultsJSON](t, c.ok(http.MethodGet, "/_mock/faults", nil, http.StatusOK))
	if got.ErrorRate != 1 || got.RetryAfter != "1s" || got.Latency != "0s" {
		t.Errorf("GET /_mock/faults = %+v", got)
	}
	c.ok(http.MethodPut, "/_mock/faults", map[string]any{
		"rateLimitRate": 0, "retryAfter": "3s",
		"scripted": []map[string]any{{"method": "get", "path": "/v1/accounts/*", "status": 503, "count": 2, "retryAfter": "2s"}},
	}, http.StatusOK)
	for i := 0; i < 2; i++ {
		if status, _ := c.do(http.MethodGet, "/v1/accounts/"+RootAccountID, c.token, nil); status != http.StatusServiceUnavailable {
			t.Errorf("scripted fault %d: %d, want 503", i, status)
		}
	}
	c.ok(http.MethodGet, "/v1/accounts/"+RootAccountID, nil, http.StatusOK)
	if got := decode[faultsJSON](t, c.ok(http.MethodGet, "/_mock/faults", nil, http.StatusOK)); len(got.Scripted) != 0 || got.ErrorRate != 0 || got.RetryAfter != "3s" {
		t.Errorf("after the scripted faults fired: %+v, want none pending, no error rate", got)
	}
	for _, bad := range []string{`{"errorRate":2}`, `{"latency":"slow"}`, `{"scripted":[{"method":"GET","path":"/x","status":99,"count":1}]}`,
		`{"scripted":[{"method":"GET","path":"/x","status":500,"count":0}]}`} {
		if status, body := c.do(http.MethodPut, "/_mock/faults", c.token, bad); status != http.StatusBadRequest {
			t.Errorf("PUT /_mock/faults %s: %d %s, want 400", bad, status, body)
		}
	}
}

func TestControlUsageEndsALeaseOverBudget(t *testing.T) {
	s, c := startControl(t, Options{UsageCostPerDay: -1})
	c.ok(http.MethodPost, "/accounts", map[string]string{"id": "123456789012", "adminRoleArn": testRoleArn}, http.StatusCreated)
	l := decode[leaseJSON](t, c.ok(http.MethodPost, "/leases", map[string]any{"principalId": "p", "budgetAmount": 100}, http.StatusCreated))
	today := s.Now().Format(time.DateOnly)
	records := decode[[]usageRecord](t, c.ok(http.MethodPost, "/_mock/usage", []map[string]any{
		{"principalId": "p", "accountId": "123456789012", "costAmount": 60},
		{"principalId": "p", "accountId": "123456789012", "date": today, "costAmount": 50},
	}, http.StatusOK))
	if len(records) != 2 || records[1].CostAmount != 110 || records[1].CostCurrency != "USD" {
		t.Errorf("usage answered %+v, want the day's record at 60 then 110", records)
	}
	if got, _ := s.Lease(l.ID); got.Status != leaseInactive || got.StatusReason != reasonOverBudget {
		t.Errorf("lease after 110 of usage on a budget of 100: %+v, want Inactive/OverBudget", got)
	}
	usage := decode[[]usageRecord](t, c.ok(http.MethodGet, fmt.Sprintf("/usage?startDate=%d&endDate=%d", s.Now().Unix(), s.Now().Unix()), nil, http.StatusOK))
	if len(usage) != 1 || usage[0].CostAmount != 110 {
		t.Errorf("GET /usage after adding = %+v", usage)
	}
	for _, bad := range []string{`[{"accountId":"123456789012","costAmount":1}]`, `[{"principalId":"p","accountId":"1","costAmount":1}]`,
		`[{"principalId":"p","accountId":"123456789012"}]`, `[{"principalId":"p","accountId":"123456789012","costAmount":1,"date":"soon"}]`, `{}`} {
		if status, body := c.do(http.MethodPost, "/_mock/usage", c.token, bad); status != http.StatusBadRequest {
			t.Errorf("POST /_mock/usage %s: %d %s, want 400", bad, status, body)
		}
	}
}

func TestControlPoolAccountStatus(t *testing.T) {
	s, c := startControl(t, Options{AccountReadyDelay: time.Hour})
	c.ok(http.MethodPost, "/accounts", map[string]string{"id": "123456789012", "adminRoleArn": testRoleArn}, http.StatusCreated)
	got := decode[poolAccountJSON](t, c.ok(http.MethodPost, "/_mock/pool-accounts/123456789012/status", map[string]string{"status": "Ready"}, http.StatusOK))
	if got.AccountStatus != accountReady {
		t.Errorf("forced Ready: %+v", got)
	}
	c.ok(http.MethodPost, "/leases", map[string]any{"principalId": "p"}, http.StatusCreated)
	c.ok(http.MethodPost, "/_mock/pool-accounts/123456789012/status", map[string]string{"status": "Orphaned"}, http.StatusOK)
	if a, _ := s.PoolAccount("123456789012"); a.Status != accountOrphaned {
		t.Errorf("forced Orphaned: %+v", a)
	}
	c.ok(http.MethodPost, "/_mock/pool-accounts/123456789012/status", map[string]string{"status": "NotReady"}, http.StatusOK)
	if a, _ := s.PoolAccount("123456789012"); a.Status != accountNotReady {
		t.Errorf("forced NotReady: %+v", a)
	}
	if status, _ := c.do(http.MethodPost, "/_mock/pool-accounts/000000000000/status", c.token, map[string]string{"status": "Ready"}); status != http.StatusNotFound {
		t.Errorf("unknown pool account: %d, want 404", status)
	}
	if status, _ := c.do(http.MethodPost, "/_mock/pool-accounts/123456789012/status", c.token, map[string]string{"status": "Gone"}); status != http.StatusBadRequest {
		t.Errorf("unknown status: %d, want 400", status)
	}
}

func TestControlRequestJournal(t *testing.T) {
	_, c := startControl(t, Options{})
	c.ok(http.MethodGet, "/v1/accounts/"+RootAccountID, nil, http.StatusOK)
	_, _ = c.do(http.MethodGet, "/v1/accounts/"+RootAccountID, "wrong-token-wrong-token", nil)
	journal := decode[struct {
		Requests []requestRecordJSON `json:"requests"`
	}](t, c.ok(http.MethodGet, "/_mock/requests?limit=2", nil, http.StatusOK))
	if len(journal.Requests) != 2 {
		t.Fatalf("journal with limit 2: %+v", journal.Requests)
	}
	first, second := journal.Requests[0], journal.Requests[1]
	if first.Method != http.MethodGet || first.Path != "/v1/accounts/"+RootAccountID || first.Status != http.StatusOK || first.Duration == "" {
		t.Errorf("first entry %+v, want the GET answered 200 with a duration", first)
	}
	if second.Status != http.StatusUnauthorized {
		t.Errorf("second entry %+v, want the refused GET's 401", second)
	}
	if _, err := time.Parse(time.RFC3339Nano, first.Time); err != nil {
		t.Errorf("entry time %q: %v", first.Time, err)
	}
	if status, _ := c.do(http.MethodGet, "/_mock/requests?limit=0", c.token, nil); status != http.StatusBadRequest {
		t.Errorf("limit=0: %d, want 400", status)
	}
}
