package mockserver

import (
	"net/http"
	"net/url"
)

// DCE separates Lease API admins from users. Admins are IAM callers: here the SigV4 key pair, the
// admin token and tokens of accounts with the admin role. Any other valid bearer stands for a
// Cognito user whose principal id is its account's email; like DCE's User.Authorize, the mock lets
// it act only on leases, credentials and usage of that principal.

const codeUnauthorizedError = "UnauthorizedError"

// leaseAPIUser returns the principal id of r's caller when the caller is a DCE user rather than an
// admin. A signed request carries no caller in its context: it is an admin. The caller holds s.mu.
func (s *Server) leaseAPIUser(r *http.Request) (string, bool) {
	c := callerFrom(r)
	if c.accountID == "" || c.admin {
		return "", false
	}
	a, ok := s.state.Accounts[c.accountID]
	if !ok {
		return "", false
	}
	return a.Email, true
}

// mayActFor answers DCE's 401 unless r's caller is an admin or the user of principal; it reports
// whether the handler may go on.
func (s *Server) mayActFor(w http.ResponseWriter, r *http.Request, principal string) bool {
	user, isUser := s.leaseAPIUser(r)
	if !isUser || user == principal {
		return true
	}
	writeLeaseError(w, http.StatusUnauthorized, codeUnauthorizedError,
		"User [%s] with role: [User] attempted to act on a lease for [%s], but was not authorized", user, principal)
	return false
}

// leaseAPIAdminOnly refuses DCE users an admin endpoint (the pool accounts) with the same 401.
func (s *Server) leaseAPIAdminOnly(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if user, isUser := s.leaseAPIUser(r); isUser {
			writeLeaseError(w, http.StatusUnauthorized, codeUnauthorizedError,
				"User [%s] with role: [User] attempted to manage pool accounts, but was not authorized", user)
			return
		}
		h(w, r)
	}
}

// scopeToUser makes a user's list or usage query name the user's own principal, as DCE's lease
// list does: a query naming another principal is refused (401), one naming none is narrowed to the
// user's. It reports whether the handler may go on; r's query is rewritten, so Link headers keep it.
func (s *Server) scopeToUser(w http.ResponseWriter, r *http.Request) bool {
	user, isUser := s.leaseAPIUser(r)
	if !isUser {
		return true
	}
	q := r.URL.Query()
	if asked := q.Get("principalId"); asked != "" && !s.mayActFor(w, r, asked) {
		return false
	}
	q.Set("principalId", user)
	r.URL.RawQuery = q.Encode()
	return true
}

// queryPrincipal is the principal a scoped query names, "" for every principal.
func queryPrincipal(q url.Values) string { return q.Get("principalId") }
