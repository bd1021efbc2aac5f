package mockserver

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// Behaviour of real DCE 0.41 where the seed is silent, read from DCE's handlers and its own CLI.

func TestUsageRoutesAsDCERoutesThem(t *testing.T) {
	// Wednesday 2030-01-02, noon UTC.
	now := time.Date(2030, 1, 2, 12, 0, 0, 0, time.UTC)
	s := newLeaseTestServer(t, Options{Now: func() time.Time { return now }, UsageCostPerDay: -1})
	day := func(d int) time.Time { return time.Date(2030, 1, d, 0, 0, 0, 0, time.UTC) }
	s.AddUsage("alice", "111111111111", day(1), 5)
	s.AddUsage("alice", "111111111111", day(2), 7)
	s.AddUsage("bob", "222222222222", day(1), 3)
	s.AddUsage("bob", "222222222222", day(2), 4)
	s.AddUsage("carol", "333333333333", day(2), 9)

	// startDate and principalId: the principal's daily records through today, not summed.
	recs := decode[[]usageRecord](t, admin(t, s, http.MethodGet,
		fmt.Sprintf("/usage?startDate=%d&principalId=alice", day(1).Add(6*time.Hour).Unix()), nil, http.StatusOK))
	if len(recs) != 2 || recs[0].CostAmount != 5 || recs[1].CostAmount != 7 || recs[0].StartDate != day(1).Unix() {
		t.Errorf("startDate+principalId = %+v, want alice's two daily records", recs)
	}
	// startDate and endDate win over principalId, as DCE's first route does: every principal, summed.
	recs = decode[[]usageRecord](t, admin(t, s, http.MethodGet,
		fmt.Sprintf("/usage?startDate=%d&endDate=%d&principalId=alice", day(1).Unix(), day(2).Unix()), nil, http.StatusOK))
	if len(recs) != 3 || recs[0].PrincipalID != "alice" || recs[0].CostAmount != 12 {
		t.Errorf("startDate+endDate = %+v, want three principals, alice at 12", recs)
	}
	// startDate alone scans records starting on or after it.
	recs = decode[[]usageRecord](t, admin(t, s, http.MethodGet, fmt.Sprintf("/usage?startDate=%d", day(2).Unix()), nil, http.StatusOK))
	if len(recs) != 3 {
		t.Errorf("startDate alone = %+v, want the three records of 2030-01-02", recs)
	}
	// Filters, and unknown parameters ignored as DCE's form parsing ignores them.
	recs = decode[[]usageRecord](t, admin(t, s, http.MethodGet, "/usage?accountId=222222222222&whatever=1", nil, http.StatusOK))
	if len(recs) != 2 || recs[0].PrincipalID != "bob" {
		t.Errorf("accountId filter = %+v, want bob's two records", recs)
	}
	recs = decode[[]usageRecord](t, admin(t, s, http.MethodGet, "/usage?principalId=carol", nil, http.StatusOK))
	if len(recs) != 1 || recs[0].CostAmount != 9 {
		t.Errorf("principalId filter = %+v, want carol's record", recs)
	}

	// Paging: limit counts records evaluated; the Link carries nextStartDate and nextPrincipalId.
	var seen []string
	target := "/usage?limit=2&principalId=bob"
	for pages := 0; target != ""; pages++ {
		if pages > 5 {
			t.Fatal("paging does not end")
		}
		rec := leaseCall(t, s, http.MethodGet, target, nil)
		for _, r := range decode[[]usageRecord](t, rec.Body.Bytes()) {
			seen = append(seen, fmt.Sprintf("%s@%d", r.PrincipalID, r.StartDate))
		}
		target = ""
		if link := rec.Header().Get("Link"); link != "" {
			u, err := url.Parse(strings.TrimSuffix(strings.TrimPrefix(link, "<"), `>; rel="next"`))
			if err != nil {
				t.Fatalf("Link %q: %v", link, err)
			}
			q := u.Query()
			if q.Get("nextStartDate") == "" || q.Get("nextPrincipalId") == "" || q.Get("principalId") != "bob" || q.Get("limit") != "2" {
				t.Errorf("Link %q, want the filters, the limit and both cursor keys", link)
			}
			target = u.RequestURI()
		}
	}
	if want := fmt.Sprintf("[bob@%d bob@%d]", day(1).Unix(), day(2).Unix()); fmt.Sprint(seen) != want {
		t.Errorf("paged records %v, want %s", seen, want)
	}
	expectLeaseError(t, leaseCall(t, s, http.MethodGet, "/usage?limit=x", nil), http.StatusBadRequest, codeValidation,
		`Error parsing query params: strconv.ParseInt: parsing "x": invalid syntax`)
}

func TestLeaseValidationAsDCERunsIt(t *testing.T) {
	now := time.Date(2030, 1, 2, 12, 0, 0, 0, time.UTC)
	s := newLeaseTestServer(t, Options{Now: func() time.Time { return now }, UsageCostPerDay: -1})
	addReadyAccount(t, s, "111111111111")
	create := func(body map[string]any) *httptest.ResponseRecorder {
		return leaseCall(t, s, http.MethodPost, "/leases", body)
	}

	// Budget and expiry are separate passes: a bad expiry hides a bad budget.
	expectLeaseError(t, create(map[string]any{"principalId": "p", "expiresOn": now.Unix() - 10, "budgetAmount": 5000}),
		http.StatusBadRequest, codeValidation,
		fmt.Sprintf("lease validation error: expiresOn: Requested lease has a desired expiry date less than today: %d.", now.Unix()-10))
	// An expiry equal to now is refused.
	expectLeaseError(t, create(map[string]any{"principalId": "p", "expiresOn": now.Unix()}),
		http.StatusBadRequest, codeValidation,
		fmt.Sprintf("lease validation error: expiresOn: Requested lease has a desired expiry date less than today: %d.", now.Unix()))
	// The max period is given in seconds.
	far := now.Add(8 * 24 * time.Hour).Unix()
	expectLeaseError(t, create(map[string]any{"principalId": "p", "expiresOn": far}),
		http.StatusBadRequest, codeValidation,
		fmt.Sprintf("lease validation error: expiresOn: Requested lease has a budget expires on of %d, which is greater than max lease period of 604800.", far))
	// The requested budget is rounded before it is printed.
	expectLeaseError(t, create(map[string]any{"principalId": "p", "budgetAmount": 1500.4}),
		http.StatusBadRequest, codeValidation,
		"lease validation error: budgetAmount: Requested lease has a budget amount of 1500.000000, which is greater than max lease budget amount of 1000.000000.")

	// The principal budget refuses only once spend is over it: exactly 1000 spent still leases.
	s.AddUsage("q", "999999999999", now, 1000)
	admin(t, s, http.MethodPost, "/leases", map[string]any{"principalId": "q"}, http.StatusCreated)
	addReadyAccount(t, s, "222222222222")
	s.AddUsage("r", "999999999999", now, 1000.5)
	expectLeaseError(t, create(map[string]any{"principalId": "r"}), http.StatusBadRequest, codeValidation,
		"lease validation error: budgetAmount: Unable to create lease: User principal r has already spent 1000.50 of their 1000.00 principal budget.")
}

func TestPoolAccountWritesAsDCEDecodesThem(t *testing.T) {
	s := newLeaseTestServer(t, Options{})
	// DCE's ARN type fails to decode an empty string: the decoder's answer, not a validation error.
	expectLeaseError(t, leaseCall(t, s, http.MethodPost, "/accounts", map[string]any{"id": "123456789012", "adminRoleArn": ""}),
		http.StatusBadRequest, codeClientError, "invalid request parameters")
	addReadyAccount(t, s, "123456789012")
	expectLeaseError(t, leaseCall(t, s, http.MethodPut, "/accounts/123456789012", map[string]any{"adminRoleArn": ""}),
		http.StatusBadRequest, codeClientError, "invalid request parameters")
	expectLeaseError(t, leaseCall(t, s, http.MethodPut, "/accounts/123456789012", map[string]any{"adminRoleArn": "not-an-arn"}),
		http.StatusBadRequest, codeClientError, "invalid request parameters")

	// Every answer carries the JSON content type, the empty 204 of a delete included.
	rec := leaseCall(t, s, http.MethodDelete, "/accounts/123456789012", nil)
	if rec.Code != http.StatusNoContent || rec.Header().Get("Content-Type") != "application/json" || rec.Body.Len() != 0 {
		t.Errorf("DELETE /accounts/{id}: %d %q %q, want 204, application/json, no body", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
	}
	for _, target := range []string{"/accounts", "/accounts/000000000000", "/leases", "/usage"} {
		if ct := leaseCall(t, s, http.MethodGet, target, nil).Header().Get("Content-Type"); ct != "application/json" {
			t.Errorf("GET %s: Content-Type %q, want application/json", target, ct)
		}
	}
}
