package mockserver

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// leaseRolesFixture is a pool of three accounts, a lease of another principal, and a DCE user.
type leaseRolesFixture struct {
	s          *Server
	userToken  string
	otherLease leaseJSON
}

const (
	userPrincipal  = "jdoe@example.com"
	otherPrincipal = "other@example.com"
)

func newLeaseRolesFixture(t *testing.T) leaseRolesFixture {
	t.Helper()
	s := newLeaseTestServer(t, Options{UsageCostPerDay: -1})
	for _, id := range []string{"111111111111", "222222222222", "333333333333"} {
		addReadyAccount(t, s, id)
	}
	user := createTestAccount(t, s, "J", userPrincipal)
	token := createTestToken(t, s, user.ID, s.AdminToken(), farFuture).Secret
	other := decode[leaseJSON](t, admin(t, s, http.MethodPost, "/leases", map[string]any{"principalId": otherPrincipal}, http.StatusCreated))
	return leaseRolesFixture{s: s, userToken: token, otherLease: other}
}

// as sends a Lease API request with the user's token.
func (f leaseRolesFixture) as(t *testing.T, method, target string, body any) *httptest.ResponseRecorder {
	t.Helper()
	return serve(f.s, newRequest(t, method, target, f.userToken, body))
}

func refusedForPrincipal(principal string) string {
	return fmt.Sprintf("User [%s] with role: [User] attempted to act on a lease for [%s], but was not authorized", userPrincipal, principal)
}

func TestLeaseAPIUserIsRefusedThePool(t *testing.T) {
	f := newLeaseRolesFixture(t)
	refused := fmt.Sprintf("User [%s] with role: [User] attempted to manage pool accounts, but was not authorized", userPrincipal)
	for _, tc := range []struct {
		method, target string
		body           any
	}{
		{http.MethodGet, "/accounts", nil},
		{http.MethodPost, "/accounts", map[string]string{"id": "444444444444", "adminRoleArn": testRoleArn}},
		{http.MethodGet, "/accounts/111111111111", nil},
		{http.MethodPut, "/accounts/111111111111", map[string]string{"adminRoleArn": "arn:aws:iam::111111111111:role/Hijacked"}},
		{http.MethodDelete, "/accounts/222222222222", nil},
	} {
		expectLeaseError(t, f.as(t, tc.method, tc.target, tc.body), http.StatusUnauthorized, codeUnauthorizedError, refused)
	}
	if a, _ := f.s.PoolAccount("111111111111"); a.AdminRoleArn != testRoleArn {
		t.Errorf("a user re-pointed the admin role: %+v", a)
	}
	if _, ok := f.s.PoolAccount("222222222222"); !ok {
		t.Error("a user removed a pool account")
	}
	if _, ok := f.s.PoolAccount("444444444444"); ok {
		t.Error("a user added a pool account")
	}
}

func TestLeaseAPIUserCreatesLeasesOnlyForItsPrincipal(t *testing.T) {
	f := newLeaseRolesFixture(t)
	expectLeaseError(t, f.as(t, http.MethodPost, "/leases", map[string]string{"principalId": "someone@example.com"}),
		http.StatusUnauthorized, codeUnauthorizedError, refusedForPrincipal("someone@example.com"))
	if rec := f.as(t, http.MethodPost, "/leases", map[string]string{"principalId": userPrincipal}); rec.Code != http.StatusCreated {
		t.Errorf("a user leasing for its own principal: %d %s", rec.Code, rec.Body)
	}
}

func TestLeaseAPIUserListsOnlyItsLeases(t *testing.T) {
	f := newLeaseRolesFixture(t)
	own := decode[leaseJSON](t, f.as(t, http.MethodPost, "/leases", map[string]string{"principalId": userPrincipal}).Body.Bytes())
	rec := f.as(t, http.MethodGet, "/leases", nil)
	got := decode[[]leaseJSON](t, rec.Body.Bytes())
	if rec.Code != http.StatusOK || len(got) != 1 || got[0].ID != own.ID {
		t.Errorf("a user's list: %d %+v, want only its own lease %s", rec.Code, got, own.ID)
	}
	expectLeaseError(t, f.as(t, http.MethodGet, "/leases?principalId="+otherPrincipal, nil),
		http.StatusUnauthorized, codeUnauthorizedError, refusedForPrincipal(otherPrincipal))
	// The narrowed filter stays in the next page's link. Two leases are in the table, so a page that
	// scans one has a next page: no Link is a failure, not a pass.
	if link := f.as(t, http.MethodGet, "/leases?limit=1", nil).Header().Get("Link"); !bytes.Contains([]byte(link), []byte("principalId=jdoe%40example.com")) {
		t.Errorf("Link %q, want a next page that keeps the user's principal", link)
	}
}

func TestLeaseAPIUserReadsOnlyItsLeases(t *testing.T) {
	f := newLeaseRolesFixture(t)
	expectLeaseError(t, f.as(t, http.MethodGet, "/leases/"+f.otherLease.ID, nil),
		http.StatusUnauthorized, codeUnauthorizedError, refusedForPrincipal(otherPrincipal))
	own := decode[leaseJSON](t, f.as(t, http.MethodPost, "/leases", map[string]string{"principalId": userPrincipal}).Body.Bytes())
	if rec := f.as(t, http.MethodGet, "/leases/"+own.ID, nil); rec.Code != http.StatusOK {
		t.Errorf("a user reading its own lease: %d %s", rec.Code, rec.Body)
	}
}

func TestLeaseAPIUserEndsOnlyItsLeases(t *testing.T) {
	f := newLeaseRolesFixture(t)
	expectLeaseError(t, f.as(t, http.MethodDelete, "/leases", map[string]string{"principalId": otherPrincipal, "accountId": f.otherLease.AccountID}),
		http.StatusUnauthorized, codeUnauthorizedError, refusedForPrincipal(otherPrincipal))
	expectLeaseError(t, f.as(t, http.MethodDelete, "/leases/"+f.otherLease.ID, nil),
		http.StatusUnauthorized, codeUnauthorizedError, refusedForPrincipal(otherPrincipal))
	if l, _ := f.s.Lease(f.otherLease.ID); l.Status != leaseActive {
		t.Errorf("a user ended another principal's lease: %+v", l)
	}
	own := decode[leaseJSON](t, f.as(t, http.MethodPost, "/leases", map[string]string{"principalId": userPrincipal}).Body.Bytes())
	if rec := f.as(t, http.MethodDelete, "/leases/"+own.ID, nil); rec.Code != http.StatusOK {
		t.Errorf("a user ending its own lease by id: %d %s", rec.Code, rec.Body)
	}
	again := decode[leaseJSON](t, f.as(t, http.MethodPost, "/leases", map[string]string{"principalId": userPrincipal}).Body.Bytes())
	if rec := f.as(t, http.MethodDelete, "/leases", map[string]string{"principalId": userPrincipal, "accountId": again.AccountID}); rec.Code != http.StatusOK {
		t.Errorf("a user ending its own lease by pair: %d %s", rec.Code, rec.Body)
	}
}

func TestLeaseAPIUserGetsOnlyItsCredentials(t *testing.T) {
	f := newLeaseRolesFixture(t)
	// DCE's lease-auth handler hides another principal's lease behind its legacy 404.
	expectLeaseError(t, f.as(t, http.MethodPost, "/leases/"+f.otherLease.ID+"/auth", nil),
		http.StatusNotFound, codeLegacyNotFound, "The requested resource could not be found.")
	if n := len(f.s.IssuedLeaseCredentials()); n != 0 {
		t.Errorf("%d credentials handed out to a user for another's lease", n)
	}
	own := decode[leaseJSON](t, f.as(t, http.MethodPost, "/leases", map[string]string{"principalId": userPrincipal}).Body.Bytes())
	if rec := f.as(t, http.MethodPost, "/leases/"+own.ID+"/auth", nil); rec.Code != http.StatusCreated {
		t.Errorf("a user's own credentials: %d %s", rec.Code, rec.Body)
	}
}

func TestLeaseAPIUserReadsOnlyItsUsage(t *testing.T) {
	f := newLeaseRolesFixture(t)
	now := f.s.Now()
	f.s.AddUsage(userPrincipal, "111111111111", now, 5)
	f.s.AddUsage(otherPrincipal, "222222222222", now, 50)
	day := now.Add(-time.Hour).Unix()
	for _, target := range []string{
		fmt.Sprintf("/usage?startDate=%d&endDate=%d", day, now.Unix()),
		fmt.Sprintf("/usage?startDate=%d&principalId=%s", day, userPrincipal),
		"/usage",
	} {
		rec := f.as(t, http.MethodGet, target, nil)
		got := decode[[]usageRecord](t, rec.Body.Bytes())
		if rec.Code != http.StatusOK || len(got) != 1 || got[0].PrincipalID != userPrincipal {
			t.Errorf("GET %s as a user: %d %+v, want only its own usage", target, rec.Code, got)
		}
	}
	for _, target := range []string{
		fmt.Sprintf("/usage?startDate=%d&principalId=%s", day, otherPrincipal),
		"/usage?principalId=" + otherPrincipal,
	} {
		expectLeaseError(t, f.as(t, http.MethodGet, target, nil), http.StatusUnauthorized, codeUnauthorizedError, refusedForPrincipal(otherPrincipal))
	}
}

func TestLeaseAPIAdminsAreTheAdminTokenAndAdminAccounts(t *testing.T) {
	f := newLeaseRolesFixture(t)
	user, _ := f.s.tokenAccount(f.userToken)
	f.s.EditAccount(user, func(a *Account) { a.Roles = []string{"admin"} })
	rec := f.as(t, http.MethodGet, "/leases/"+f.otherLease.ID, nil)
	if rec.Code != http.StatusOK {
		t.Errorf("an admin account's token reading another's lease: %d %s", rec.Code, rec.Body)
	}
	if rec := f.as(t, http.MethodGet, "/accounts", nil); rec.Code != http.StatusOK {
		t.Errorf("an admin account's token listing the pool: %d %s", rec.Code, rec.Body)
	}
}

// tokenAccount finds the account id behind a secret, for tests.
func (s *Server) tokenAccount(secret string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.tokenBySecret(secret)
	if !ok {
		return "", false
	}
	return t.AccountID, true
}
