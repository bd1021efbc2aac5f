package mockserver

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/golden"
)

func TestLeaseAPIResponsesMatchTheDocumentedShapes(t *testing.T) {
	s := newLeaseTestServer(t, Options{})
	created := admin(t, s, http.MethodPost, "/accounts",
		map[string]any{"id": "123456789012", "adminRoleArn": testRoleArn, "metadata": map[string]any{"team": "a"}}, http.StatusCreated)
	golden.AssertShape(t, "lease_api_pool_account_response.json", created)
	golden.AssertShape(t, "lease_api_pool_account_response.json", admin(t, s, http.MethodGet, "/accounts/123456789012", nil, http.StatusOK))
	golden.AssertShape(t, "lease_api_pool_account_response.json",
		admin(t, s, http.MethodPut, "/accounts/123456789012", map[string]any{"adminRoleArn": testRoleArn}, http.StatusOK))
	golden.AssertShape(t, "lease_api_pool_accounts_list_response.json", admin(t, s, http.MethodGet, "/accounts", nil, http.StatusOK))

	leaseBody := admin(t, s, http.MethodPost, "/leases", map[string]any{
		"principalId": "jdoe", "budgetAmount": 50, "budgetCurrency": "USD", "budgetNotificationEmails": []string{"a@example.com"},
	}, http.StatusCreated)
	golden.AssertShape(t, "lease_api_lease_response.json", leaseBody)
	id := decode[leaseJSON](t, leaseBody).ID
	golden.AssertShape(t, "lease_api_lease_response.json", admin(t, s, http.MethodGet, "/leases/"+id, nil, http.StatusOK))
	golden.AssertShape(t, "lease_api_leases_list_response.json", admin(t, s, http.MethodGet, "/leases", nil, http.StatusOK))
	golden.AssertShape(t, "lease_api_lease_auth_response.json", admin(t, s, http.MethodPost, "/leases/"+id+"/auth", nil, http.StatusCreated))
	golden.AssertShape(t, "lease_api_lease_response.json",
		admin(t, s, http.MethodDelete, "/leases", map[string]string{"principalId": "jdoe", "accountId": "123456789012"}, http.StatusOK))

	now := s.Now()
	usage := admin(t, s, http.MethodGet, fmt.Sprintf("/usage?startDate=%d&endDate=%d", now.Unix(), now.Unix()), nil, http.StatusOK)
	if len(decode[[]usageRecord](t, usage)) != 1 {
		t.Fatalf("usage = %s, want one record for the day of the lease", usage)
	}
	golden.AssertShape(t, "lease_api_usage_response.json", usage)

	golden.AssertShape(t, "lease_api_error_response.json", leaseCall(t, s, http.MethodGet, "/accounts/210987654321", nil).Body.Bytes())
}

func TestLeaseAPIAuthAndCORS(t *testing.T) {
	s := newLeaseTestServer(t, Options{})
	for _, token := range []string{"", "wrong-token"} {
		for _, target := range []string{"/accounts", "/leases", "/usage?startDate=0&endDate=1"} {
			status, body := call(t, s, http.MethodGet, target, token, nil)
			if status != http.StatusForbidden || decode[gatewayMessageJSON](t, body).Message != msgMissingAuthToken {
				t.Errorf("GET %s with token %q: %d %s, want 403 Missing Authentication Token", target, token, status, body)
			}
		}
	}
	golden.AssertShape(t, "lease_api_gateway_error_response.json", func() []byte { _, b := call(t, s, http.MethodGet, "/leases", "", nil); return b }())

	req := httptest.NewRequest(http.MethodOptions, "/leases/x/auth", nil)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || rec.Header().Get("Access-Control-Allow-Origin") != "*" ||
		!strings.Contains(rec.Header().Get("Access-Control-Allow-Headers"), "X-Amz-Date") {
		t.Errorf("OPTIONS without auth: %d %v, want 200 with CORS headers", rec.Code, rec.Header())
	}

	got := leaseCall(t, s, http.MethodGet, "/leases", nil)
	if ct := got.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	if got := leaseCall(t, s, http.MethodPatch, "/leases", nil); got.Code != http.StatusForbidden {
		t.Errorf("PATCH /leases: %d, want API Gateway's 403", got.Code)
	}
}

func TestPoolAccountLifecycle(t *testing.T) {
	s := newLeaseTestServer(t, Options{AccountReadyDelay: time.Hour})
	created := decode[poolAccountJSON](t, admin(t, s, http.MethodPost, "/accounts",
		map[string]any{"id": "123456789012", "adminRoleArn": testRoleArn}, http.StatusCreated))
	if created.AccountStatus != accountNotReady || created.PrincipalRoleArn != "arn:aws:iam::123456789012:role/DCEPrincipal" ||
		!strings.HasPrefix(created.PrincipalPolicyHash, `"`) || created.Metadata != nil || created.CreatedOn == 0 {
		t.Errorf("new account = %+v, want NotReady with DCE's computed fields and no metadata", created)
	}
	s.AdvanceClock(time.Hour)
	got := decode[poolAccountJSON](t, admin(t, s, http.MethodGet, "/accounts/123456789012", nil, http.StatusOK))
	if got.AccountStatus != accountReady {
		t.Errorf("after the ready delay: %s, want Ready", got.AccountStatus)
	}

	expectLeaseError(t, leaseCall(t, s, http.MethodPost, "/accounts", map[string]any{"id": "123456789012", "adminRoleArn": testRoleArn}),
		http.StatusConflict, codeAlreadyExists, `account "123456789012" already exists`)
	expectLeaseError(t, leaseCall(t, s, http.MethodPost, "/accounts", map[string]any{"id": "12", "accountStatus": "Ready"}),
		http.StatusBadRequest, codeValidation,
		"account validation error: accountStatus: must be empty; adminRoleArn: must be a string; id: must be a string with 12 digits.")
	expectLeaseError(t, leaseCall(t, s, http.MethodPost, "/accounts", map[string]any{"id": "123456789013", "adminRoleArn": "not-an-arn"}),
		http.StatusBadRequest, codeClientError, "invalid request parameters")
	expectLeaseError(t, leaseCall(t, s, http.MethodPut, "/accounts/123456789012", map[string]any{"id": "999999999999"}),
		http.StatusBadRequest, codeValidation, "account validation error: id: must be a valid value.")
	expectLeaseError(t, leaseCall(t, s, http.MethodPut, "/accounts/000000000000", map[string]any{"adminRoleArn": testRoleArn}),
		http.StatusNotFound, codeNotFound, `account "000000000000" not found`)

	updated := decode[poolAccountJSON](t, admin(t, s, http.MethodPut, "/accounts/123456789012",
		map[string]any{"metadata": map[string]any{"owner": "ops"}}, http.StatusOK))
	if updated.AdminRoleArn != testRoleArn || string(updated.Metadata) != `{"owner":"ops"}` {
		t.Errorf("after PUT of metadata only: %+v, want the admin role kept and the metadata set", updated)
	}

	admin(t, s, http.MethodPost, "/leases", map[string]any{"principalId": "p"}, http.StatusCreated)
	expectLeaseError(t, leaseCall(t, s, http.MethodDelete, "/accounts/123456789012", nil), http.StatusConflict, codeConflict,
		`operation cannot be fulfilled on account "123456789012": accountStatus: must not be leased.`)
	admin(t, s, http.MethodDelete, "/leases", map[string]string{"principalId": "p", "accountId": "123456789012"}, http.StatusOK)
	if a, _ := s.PoolAccount("123456789012"); a.Status != accountNotReady {
		t.Errorf("after the lease ended the account is %s, want NotReady", a.Status)
	}
	s.AdvanceClock(time.Hour)
	if a, _ := s.PoolAccount("123456789012"); a.Status != accountReady {
		t.Errorf("after the reset the account is %s, want Ready", a.Status)
	}
	rec := leaseCall(t, s, http.MethodDelete, "/accounts/123456789012", nil)
	if rec.Code != http.StatusNoContent || rec.Body.Len() != 0 {
		t.Errorf("DELETE: %d %q, want 204 and no body", rec.Code, rec.Body)
	}
	expectLeaseError(t, leaseCall(t, s, http.MethodDelete, "/accounts/123456789012", nil), http.StatusNotFound, codeNotFound,
		`account "123456789012" not found`)
}

func TestLeaseCreateFollowsTheSeedAndTheRealSystem(t *testing.T) {
	s := newLeaseTestServer(t, Options{})
	expectLeaseError(t, leaseCall(t, s, http.MethodPost, "/leases", map[string]any{"principalId": "p"}),
		http.StatusInternalServerError, codeServerError, "No Available accounts at this moment")
	addReadyAccount(t, s, "111111111111")
	addReadyAccount(t, s, "222222222222")

	for _, body := range []string{"", "{", `{"principalId":"p","expiresOn":1.5}`} {
		expectLeaseError(t, leaseCall(t, s, http.MethodPost, "/leases", body), http.StatusBadRequest, codeClientError, "Failed to Parse Request Body")
	}
	expectLeaseError(t, leaseCall(t, s, http.MethodPost, "/leases", map[string]any{"budgetAmount": 1}),
		http.StatusBadRequest, codeClientError, "invalid request parameters: missing principalId")
	past := s.Now().Add(-time.Hour).Unix()
	expectLeaseError(t, leaseCall(t, s, http.MethodPost, "/leases", map[string]any{"principalId": "p", "expiresOn": past}),
		http.StatusBadRequest, codeValidation, fmt.Sprintf("lease validation error: expiresOn: Requested lease has a desired expiry date less than today: %d.", past))
	expectLeaseError(t, leaseCall(t, s, http.MethodPost, "/leases", map[string]any{"principalId": "p", "budgetAmount": 5000}),
		http.StatusBadRequest, codeValidation,
		"lease validation error: budgetAmount: Requested lease has a budget amount of 5000.000000, which is greater than max lease budget amount of 1000.000000.")

	// Defaults of the real system; expiresOn 0 means "the default", as the seed reads.
	now := s.Now()
	l := decode[leaseJSON](t, admin(t, s, http.MethodPost, "/leases", map[string]any{"principalId": "p", "accountId": "222222222222", "expiresOn": 0}, http.StatusCreated))
	if l.AccountID != "222222222222" || l.LeaseStatus != leaseActive || l.LeaseStatusReason != reasonActive || l.BudgetAmount != 1000 ||
		l.BudgetCurrency != "" || len(l.BudgetNotificationEmails) != 1 || l.ExpiresOn != now.Add(maxLeasePeriod).Unix() ||
		l.CreatedOn != l.LastModifiedOn || l.CreatedOn != l.LeaseStatusModifiedOn {
		t.Errorf("new lease = %+v, want the named account and DCE's defaults", l)
	}
	if a, _ := s.PoolAccount("222222222222"); a.Status != accountLeased {
		t.Errorf("leased account is %s, want Leased", a.Status)
	}
	// The seed's 409: an active lease of the same principal and account.
	expectLeaseError(t, leaseCall(t, s, http.MethodPost, "/leases", map[string]any{"principalId": "p", "accountId": "222222222222"}),
		http.StatusConflict, codeAlreadyExists, `lease "with principal p and account 222222222222" already exists`)
	// The real system's 409: the principal has an active lease anywhere.
	expectLeaseError(t, leaseCall(t, s, http.MethodPost, "/leases", map[string]any{"principalId": "p"}),
		http.StatusConflict, codeAlreadyExists, `lease "with principal p and account 111111111111" already exists`)
	// Without an account the pool picks the first Ready one.
	q := decode[leaseJSON](t, admin(t, s, http.MethodPost, "/leases", map[string]any{"principalId": "q"}, http.StatusCreated))
	if q.AccountID != "111111111111" {
		t.Errorf("pool picked %s, want the first Ready account 111111111111", q.AccountID)
	}
	expectLeaseError(t, leaseCall(t, s, http.MethodPost, "/leases", map[string]any{"principalId": "r"}),
		http.StatusInternalServerError, codeServerError, "No Available accounts at this moment")

	// Ending: the seed answers 400 for a pair without a lease and for a lease that is not active.
	expectLeaseError(t, leaseCall(t, s, http.MethodDelete, "/leases", ""), http.StatusBadRequest, codeClientError, "Failed to Parse Request Body")
	expectLeaseError(t, leaseCall(t, s, http.MethodDelete, "/leases", map[string]string{"principalId": "p"}),
		http.StatusBadRequest, codeClientError, "invalid request parameters: missing AccountID")
	expectLeaseError(t, leaseCall(t, s, http.MethodDelete, "/leases", map[string]string{"principalId": "x", "accountId": "111111111111"}),
		http.StatusBadRequest, codeClientError, `lease "with Principal ID x and Account ID 111111111111" not found`)
	ended := decode[leaseJSON](t, admin(t, s, http.MethodDelete, "/leases", map[string]string{"principalId": "p", "accountId": "222222222222"}, http.StatusOK))
	if ended.LeaseStatus != leaseInactive || ended.LeaseStatusReason != reasonDestroyed || ended.LastModifiedOn != l.LastModifiedOn {
		t.Errorf("ended lease = %+v, want Inactive/Destroyed with its timestamps untouched", ended)
	}
	expectLeaseError(t, leaseCall(t, s, http.MethodDelete, "/leases", map[string]string{"principalId": "p", "accountId": "222222222222"}),
		http.StatusBadRequest, codeClientError, fmt.Sprintf(`operation cannot be fulfilled on lease %q: leaseStatus: must be active lease.`, l.ID))
	expectLeaseError(t, leaseCall(t, s, http.MethodDelete, "/leases/"+l.ID, nil),
		http.StatusConflict, codeConflict, fmt.Sprintf(`operation cannot be fulfilled on lease %q: leaseStatus: must be active lease.`, l.ID))
	expectLeaseError(t, leaseCall(t, s, http.MethodGet, "/leases/nope", nil), http.StatusNotFound, codeNotFound, `lease "nope" not found`)
	if got := decode[leaseJSON](t, admin(t, s, http.MethodGet, "/leases/"+l.ID, nil, http.StatusOK)); got.LeaseStatus != leaseInactive {
		t.Errorf("an ended lease still reads, as Inactive; got %s", got.LeaseStatus)
	}

	// Credentials: only for active leases; an unknown lease is the real system's 500.
	expectLeaseError(t, leaseCall(t, s, http.MethodPost, "/leases/"+l.ID+"/auth", nil), http.StatusUnauthorized, codeUnauthorized,
		"Could not access the resource requested.")
	expectLeaseError(t, leaseCall(t, s, http.MethodPost, "/leases/nope/auth", nil), http.StatusInternalServerError, codeServerError,
		"Failed Get on Lease nope")
	creds := decode[leaseAuthJSON](t, admin(t, s, http.MethodPost, "/leases/"+q.ID+"/auth", nil, http.StatusCreated))
	if issued := s.IssuedLeaseCredentials(); len(issued) != 1 || issued[0].SecretAccessKey != creds.SecretAccessKey || creds.SessionToken == "" {
		t.Errorf("issued credentials = %+v, answer %+v", issued, creds)
	}
}

func TestLeasesPageByScannedItemsWithALinkHeader(t *testing.T) {
	s := newLeaseTestServer(t, Options{})
	want := map[string]bool{}
	for i := 0; i < 60; i++ {
		status := leaseInactive
		if i%3 == 0 {
			status = leaseActive
		}
		id := s.InsertLease(Lease{PrincipalID: fmt.Sprintf("user-%02d", i%7), AccountID: fmt.Sprintf("%012d", i), Status: status})
		if status == leaseActive {
			want[id] = true
		}
	}
	target := "/leases?status=Active&limit=7"
	seen := map[string]int{}
	pages := 0
	for target != "" {
		pages++
		rec := leaseCall(t, s, http.MethodGet, target, nil)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s: %d %s", target, rec.Code, rec.Body)
		}
		page := decode[[]leaseJSON](t, rec.Body.Bytes())
		if len(page) > 7 {
			t.Fatalf("page of %d leases, more than the limit", len(page))
		}
		for _, l := range page {
			seen[l.ID]++
		}
		target = ""
		if link := rec.Header().Get("Link"); link != "" {
			raw, ok := strings.CutSuffix(strings.TrimPrefix(link, "<"), `>; rel="next"`)
			if !ok {
				t.Fatalf("Link %q is not <url>; rel=\"next\"", link)
			}
			u, err := url.Parse(raw)
			if err != nil || u.Host != "example.com" || u.Path != "/leases" {
				t.Fatalf("Link URL %q: want the request's host and path", raw)
			}
			if !strings.HasPrefix(u.RawQuery, "limit=7&nextAccountId=") || !strings.Contains(u.RawQuery, "&nextPrincipalId=user-") ||
				!strings.HasSuffix(u.RawQuery, "&status=Active") {
				t.Fatalf("Link query %q: want filters, limit and cursor in alphabetical order", u.RawQuery)
			}
			target = u.RequestURI()
		}
	}
	if pages != 9 {
		t.Errorf("%d pages, want 9 (60 leases scanned 7 at a time)", pages)
	}
	if len(seen) != len(want) {
		t.Errorf("saw %d active leases, want %d", len(seen), len(want))
	}
	for id, n := range seen {
		if !want[id] || n != 1 {
			t.Errorf("lease %s seen %d times (active: %v)", id, n, want[id])
		}
	}
	expectLeaseError(t, leaseCall(t, s, http.MethodGet, "/leases?id=x", nil), http.StatusBadRequest, codeValidation,
		"lease validation error: id: must be empty.")
	expectLeaseError(t, leaseCall(t, s, http.MethodGet, "/leases?foo=x", nil), http.StatusBadRequest, codeValidation,
		`Error parsing query params: schema: invalid path "foo"`)
}

func TestPoolAccountsPageAndFilter(t *testing.T) {
	s := newLeaseTestServer(t, Options{AccountReadyDelay: time.Hour})
	for i := 0; i < 5; i++ {
		addReadyAccount(t, s, fmt.Sprintf("%012d", i))
	}
	s.AddPoolAccount("999999999999", testRoleArn)
	rec := leaseCall(t, s, http.MethodGet, "/accounts?limit=2&status=Ready", nil)
	if page := decode[[]poolAccountJSON](t, rec.Body.Bytes()); len(page) != 0 {
		t.Errorf("first page = %+v, want none Ready among the first two scanned", page)
	}
	if link := rec.Header().Get("Link"); !strings.Contains(link, "?limit=2&nextId=000000000001&status=Ready>") {
		t.Errorf("Link = %q, want the accounts cursor nextId", link)
	}
	all := decode[[]poolAccountJSON](t, admin(t, s, http.MethodGet, "/accounts?status=Ready", nil, http.StatusOK))
	if len(all) != 1 || all[0].ID != "999999999999" {
		t.Errorf("Ready accounts = %+v, want only 999999999999", all)
	}
}

func TestLeasesEndOnExpiryAndBudgetFromTheClockAndUsage(t *testing.T) {
	s := newLeaseTestServer(t, Options{AccountReadyDelay: time.Minute, UsageCostPerDay: 10})
	s.AddPoolAccount("111111111111", testRoleArn)
	s.AddPoolAccount("222222222222", testRoleArn)
	expiring := decode[leaseJSON](t, admin(t, s, http.MethodPost, "/leases",
		map[string]any{"principalId": "e", "accountId": "111111111111", "expiresOn": s.Now().Add(48 * time.Hour).Unix()}, http.StatusCreated))
	spending := decode[leaseJSON](t, admin(t, s, http.MethodPost, "/leases",
		map[string]any{"principalId": "b", "accountId": "222222222222", "budgetAmount": 500}, http.StatusCreated))

	s.AdvanceClock(24 * time.Hour)
	if l, _ := s.Lease(expiring.ID); l.Status != leaseActive {
		t.Fatalf("lease ended a day early: %+v", l)
	}
	s.AddUsage("b", "222222222222", s.Now(), 600)
	if l, _ := s.Lease(spending.ID); l.Status != leaseInactive || l.StatusReason != reasonOverBudget {
		t.Errorf("lease over its budget is %s/%s, want Inactive/OverBudget", l.Status, l.StatusReason)
	}
	s.AdvanceClock(25 * time.Hour)
	got := decode[leaseJSON](t, admin(t, s, http.MethodGet, "/leases/"+expiring.ID, nil, http.StatusOK))
	if got.LeaseStatus != leaseInactive || got.LeaseStatusReason != reasonExpired || got.LeaseStatusModifiedOn <= expiring.LeaseStatusModifiedOn {
		t.Errorf("lease past expiry = %+v, want Inactive/Expired with a new status time", got)
	}
	if a, _ := s.PoolAccount("111111111111"); a.Status != accountNotReady {
		t.Errorf("account of the expired lease is %s, want NotReady", a.Status)
	}

	// Usage accrued one record per UTC day of each lease; "e" leased for three calendar days at most.
	start := time.Unix(expiring.CreatedOn, 0)
	records := decode[[]usageRecord](t, admin(t, s, http.MethodGet,
		fmt.Sprintf("/usage?startDate=%d&endDate=%d", start.Unix(), s.Now().Unix()), nil, http.StatusOK))
	byPrincipal := map[string]usageRecord{}
	for _, r := range records {
		byPrincipal[r.PrincipalID] = r
	}
	if e := byPrincipal["e"]; e.CostAmount < 20 || e.CostAmount > 30 || e.StartDate != start.Unix() || e.CostCurrency != "USD" {
		t.Errorf("usage of e = %+v, want 20 to 30 USD summed over its days, with the requested start date", e)
	}
	if b := byPrincipal["b"]; b.CostAmount < 610 {
		t.Errorf("usage of b = %+v, want the added 600 plus its daily cost", b)
	}
	if empty := admin(t, s, http.MethodGet, "/usage?startDate=100&endDate=50", nil, http.StatusOK); strings.TrimSpace(string(empty)) != "[]" {
		t.Errorf("end before start: %s, want []", empty)
	}
	expectLeaseError(t, leaseCall(t, s, http.MethodGet, "/usage?startDate=x&endDate=1", nil), http.StatusBadRequest, codeValidation,
		`Failed to parse usage start date: strconv.ParseInt: parsing "x": invalid syntax`)
}

func TestLeaseAPIStateSurvivesARestart(t *testing.T) {
	file := t.TempDir() + "/state.json"
	s := newLeaseTestServer(t, Options{StateFile: file})
	addReadyAccount(t, s, "123456789012")
	id := decode[leaseJSON](t, admin(t, s, http.MethodPost, "/leases", map[string]any{"principalId": "p"}, http.StatusCreated)).ID
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	restarted := newLeaseTestServer(t, Options{StateFile: file})
	if l, ok := restarted.Lease(id); !ok || l.Status != leaseActive {
		t.Errorf("after a restart lease %s = %+v, %v", id, l, ok)
	}
}
