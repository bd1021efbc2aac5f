package mockserver

import (
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// leaseJSON is the Lease API's Lease object in DCE's wire order. DCE drops a lease's metadata.
type leaseJSON struct {
	AccountID                string   `json:"accountId"`
	PrincipalID              string   `json:"principalId"`
	ID                       string   `json:"id"`
	LeaseStatus              string   `json:"leaseStatus"`
	LeaseStatusReason        string   `json:"leaseStatusReason"`
	CreatedOn                int64    `json:"createdOn"`
	LastModifiedOn           int64    `json:"lastModifiedOn"`
	BudgetAmount             float64  `json:"budgetAmount"`
	BudgetCurrency           string   `json:"budgetCurrency"`
	BudgetNotificationEmails []string `json:"budgetNotificationEmails"`
	LeaseStatusModifiedOn    int64    `json:"leaseStatusModifiedOn"`
	ExpiresOn                int64    `json:"expiresOn"`
}

// leaseCreateJSON is the body of POST /leases. accountId is the seed's: it names the account to lease.
type leaseCreateJSON struct {
	PrincipalID              string          `json:"principalId"`
	AccountID                string          `json:"accountId"`
	BudgetAmount             *float64        `json:"budgetAmount"`
	BudgetCurrency           string          `json:"budgetCurrency"`
	BudgetNotificationEmails []string        `json:"budgetNotificationEmails"`
	ExpiresOn                json.Number     `json:"expiresOn"`
	ID                       json.RawMessage `json:"id"`
	LeaseStatus              json.RawMessage `json:"leaseStatus"`
	LeaseStatusReason        json.RawMessage `json:"leaseStatusReason"`
}

// leaseEndJSON is the body of DELETE /leases.
type leaseEndJSON struct {
	PrincipalID string `json:"principalId"`
	AccountID   string `json:"accountId"`
}

func (l *lease) toJSON() leaseJSON {
	emails := l.BudgetNotificationEmails
	if emails == nil {
		emails = []string{}
	}
	return leaseJSON{
		AccountID: l.AccountID, PrincipalID: l.PrincipalID, ID: l.ID, LeaseStatus: l.Status, LeaseStatusReason: l.StatusReason,
		CreatedOn: l.CreatedOn, LastModifiedOn: l.LastModifiedOn, BudgetAmount: l.BudgetAmount, BudgetCurrency: l.BudgetCurrency,
		BudgetNotificationEmails: emails, LeaseStatusModifiedOn: l.StatusModifiedOn, ExpiresOn: l.ExpiresOn,
	}
}

func (s *Server) leaseRoutes() {
	s.mux.HandleFunc("GET /leases", s.leaseAPI(s.listLeases))
	s.mux.HandleFunc("POST /leases", s.leaseAPI(s.createLease))
	s.mux.HandleFunc("DELETE /leases", s.leaseAPI(s.endLeaseByPair))
	s.mux.HandleFunc("GET /leases/{id}", s.leaseAPI(s.getLease))
	s.mux.HandleFunc("DELETE /leases/{id}", s.leaseAPI(s.endLeaseByID))
	s.mux.HandleFunc("POST /leases/{id}/auth", s.leaseAPI(s.createLeaseAuth))
}

// createLease follows DCE's order of checks, with the seed's answers where the seed states them:
// body (400, the seed's text), principalId (400), an active lease of the named principal and account
// (409, the seed's conflict), a Ready account (500), validation (400, the seed's past-expiry text),
// an active lease of the principal anywhere (409, the real system's rule).
func (s *Server) createLease(w http.ResponseWriter, r *http.Request) {
	var in leaseCreateJSON
	if err := decodeBody(r, &in); err != nil {
		writeLeaseError(w, http.StatusBadRequest, codeClientError, msgFailedToParseBody)
		return
	}
	var expiresOn int64
	if in.ExpiresOn != "" {
		n, err := strconv.ParseInt(in.ExpiresOn.String(), 10, 64)
		if err != nil {
			writeLeaseError(w, http.StatusBadRequest, codeClientError, msgFailedToParseBody)
			return
		}
		expiresOn = n
	}
	if in.PrincipalID == "" {
		writeLeaseError(w, http.StatusBadRequest, codeClientError, "invalid request parameters: missing principalId")
		return
	}
	if !s.mayActFor(w, r, in.PrincipalID) {
		return
	}
	if in.AccountID != "" {
		if l := s.leaseOfPair(in.AccountID, in.PrincipalID); l != nil && l.Status == leaseActive {
			writeLeaseError(w, http.StatusConflict, codeAlreadyExists, "lease \"with principal %s and account %s\" already exists", in.PrincipalID, in.AccountID)
			return
		}
	}
	account := s.accountToLease(in.AccountID)
	if account == nil {
		writeLeaseError(w, http.StatusInternalServerError, codeServerError, msgNoAvailable)
		return
	}
	now := s.now()
	if problems := s.leaseProblems(in, expiresOn, now); len(problems) > 0 {
		writeValidationError(w, "lease", problems)
		return
	}
	if s.activeLeaseOf(in.PrincipalID) != nil {
		writeLeaseError(w, http.StatusConflict, codeAlreadyExists, "lease \"with principal %s and account %s\" already exists", in.PrincipalID, account.ID)
		return
	}
	l := newLease(in, account.ID, expiresOn, now)
	// The lease table is keyed by (account, principal): an ended lease of the pair is replaced.
	if old := s.leaseOfPair(account.ID, in.PrincipalID); old != nil {
		s.deleteLease(old)
	}
	s.putLease(l)
	account.Status = accountLeased
	account.LastModifiedOn = epoch(now)
	s.changed(bucketPoolAccounts, account.ID)
	writeLeaseJSON(w, http.StatusCreated, l.toJSON())
}

// accountToLease returns the named account when it is Ready, else the first Ready account of the pool.
func (s *Server) accountToLease(accountID string) *poolAccount {
	if a, ok := s.state.PoolAccounts[accountID]; ok && a.Status == accountReady {
		return a
	}
	for _, a := range s.poolAccountsInOrder() {
		if a.Status == accountReady {
			return a
		}
	}
	return nil
}

// leaseProblems is DCE's lease validation, keyed by field. Like DCE it runs in two passes: the
// budget is checked only when the read-only fields and the expiry pass.
func (s *Server) leaseProblems(in leaseCreateJSON, expiresOn int64, now time.Time) map[string]string {
	problems := map[string]string{}
	for field, raw := range map[string]json.RawMessage{"id": in.ID, "leaseStatus": in.LeaseStatus, "leaseStatusReason": in.LeaseStatusReason} {
		if !isEmptyJSON(raw) {
			problems[field] = "must be empty"
		}
	}
	// The seed rejects only a non-zero past expiry; zero means "the default". DCE refuses an
	// expiry equal to now too, and gives the max period in seconds.
	if expiresOn != 0 && expiresOn <= epoch(now) {
		problems["expiresOn"] = strings.ReplaceAll(msgPastExpiry, "%d", strconv.FormatInt(expiresOn, 10))
	} else if expiresOn > epoch(now.Add(maxLeasePeriod)) {
		problems["expiresOn"] = "Requested lease has a budget expires on of " + strconv.FormatInt(expiresOn, 10) +
			", which is greater than max lease period of " + strconv.FormatInt(int64(maxLeasePeriod/time.Second), 10)
	}
	if len(problems) > 0 {
		return problems
	}
	// DCE rounds the amounts before printing them with six decimals, and refuses the principal
	// budget only once spend is over it.
	if in.BudgetAmount != nil && *in.BudgetAmount > maxLeaseBudget {
		problems["budgetAmount"] = "Requested lease has a budget amount of " + strconv.FormatFloat(math.Round(*in.BudgetAmount), 'f', 6, 64) +
			", which is greater than max lease budget amount of " + strconv.FormatFloat(math.Round(maxLeaseBudget), 'f', 6, 64)
	} else if spent := s.indexUsage().principalWeekSpend(in.PrincipalID, now); spent > principalBudget {
		problems["budgetAmount"] = "Unable to create lease: User principal " + in.PrincipalID + " has already spent " +
			strconv.FormatFloat(spent, 'f', 2, 64) + " of their " + strconv.FormatFloat(principalBudget, 'f', 2, 64) + " principal budget"
	}
	return problems
}

// newLease applies DCE's defaults: a week's lease, the largest budget, no currency, one empty email.
func newLease(in leaseCreateJSON, accountID string, expiresOn int64, now time.Time) *lease {
	if expiresOn == 0 {
		expiresOn = epoch(now.Add(maxLeasePeriod))
	}
	budget := maxLeaseBudget
	if in.BudgetAmount != nil {
		budget = *in.BudgetAmount
	}
	emails := in.BudgetNotificationEmails
	if emails == nil {
		emails = []string{""}
	}
	return &lease{
		ID: newUUID(), AccountID: accountID, PrincipalID: in.PrincipalID,
		Status: leaseActive, StatusReason: reasonActive,
		CreatedOn: epoch(now), LastModifiedOn: epoch(now), StatusModifiedOn: epoch(now),
		BudgetAmount: budget, BudgetCurrency: in.BudgetCurrency, BudgetNotificationEmails: emails, ExpiresOn: expiresOn,
	}
}

func (s *Server) getLease(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	l, ok := s.state.Leases[id]
	if !ok {
		writeLeaseError(w, http.StatusNotFound, codeNotFound, "lease %q not found", id)
		return
	}
	if !s.mayActFor(w, r, l.PrincipalID) {
		return
	}
	writeLeaseJSON(w, http.StatusOK, l.toJSON())
}

// endLeaseByPair is DELETE /leases. The seed answers 400 both when the pair has no lease and when
// its lease is not active (the real system: 404 and 409).
func (s *Server) endLeaseByPair(w http.ResponseWriter, r *http.Request) {
	var in leaseEndJSON
	if err := decodeBody(r, &in); err != nil {
		writeLeaseError(w, http.StatusBadRequest, codeClientError, msgFailedToParseBody)
		return
	}
	switch {
	case in.AccountID == "":
		writeLeaseError(w, http.StatusBadRequest, codeClientError, "invalid request parameters: missing AccountID")
		return
	case in.PrincipalID == "":
		writeLeaseError(w, http.StatusBadRequest, codeClientError, "invalid request parameters: missing PrincipalID")
		return
	case !s.mayActFor(w, r, in.PrincipalID):
		return
	}
	l := s.leaseOfPair(in.AccountID, in.PrincipalID)
	if l == nil {
		writeLeaseError(w, http.StatusBadRequest, codeClientError, "lease \"with Principal ID %s and Account ID %s\" not found", in.PrincipalID, in.AccountID)
		return
	}
	if l.Status != leaseActive {
		writeLeaseError(w, http.StatusBadRequest, codeClientError, "operation cannot be fulfilled on lease %q: leaseStatus: must be active lease.", l.ID)
		return
	}
	s.endLease(l, reasonDestroyed, s.now(), false)
	writeLeaseJSON(w, http.StatusOK, l.toJSON())
}

// endLeaseByID is the real system's DELETE /leases/{id} (the seed does not list it): 404, 409.
func (s *Server) endLeaseByID(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	l, ok := s.state.Leases[id]
	switch {
	case !ok:
		writeLeaseError(w, http.StatusNotFound, codeNotFound, "lease %q not found", id)
		return
	case !s.mayActFor(w, r, l.PrincipalID):
		return
	case l.Status != leaseActive:
		writeLeaseError(w, http.StatusConflict, codeConflict, "operation cannot be fulfilled on lease %q: leaseStatus: must be active lease.", l.ID)
		return
	}
	s.endLease(l, reasonDestroyed, s.now(), false)
	writeLeaseJSON(w, http.StatusOK, l.toJSON())
}

// listLeases scans leases by (account, principal): limit counts the leases evaluated, the filters
// are applied to those, and a Link header carries the cursor when leases remain.
func (s *Server) listLeases(w http.ResponseWriter, r *http.Request) {
	if !s.scopeToUser(w, r) {
		return
	}
	q := r.URL.Query()
	if _, given := q["id"]; given {
		writeValidationError(w, "lease", map[string]string{"id": "must be empty"})
		return
	}
	filters := []string{"principalId", "accountId", "status"}
	if !checkQueryParams(w, r, append(filters, "limit", leasesCursorAccount, leasesCursorPrinc)...) {
		return
	}
	limit, ok := scanLimit(w, r)
	if !ok {
		return
	}
	afterAccount, afterPrincipal := q.Get(leasesCursorAccount), q.Get(leasesCursorPrinc)
	// The index is in scan order: the page starts after the cursor and costs O(limit + log n).
	keys := s.idx.leases.keys
	start := 0
	if afterAccount != "" {
		start = s.idx.leases.firstAfter(func(k leaseKey) bool {
			return k.accountID > afterAccount || k.accountID == afterAccount && k.principalID > afterPrincipal
		})
	}
	out := []leaseJSON{}
	scanned := 0
	for i := start; i < len(keys); i++ {
		l := s.state.Leases[keys[i].id]
		scanned++
		if matchesFilters(q, map[string]string{"principalId": l.PrincipalID, "accountId": l.AccountID, "status": l.Status}) {
			out = append(out, l.toJSON())
		}
		if scanned == limit {
			if i < len(keys)-1 {
				setNextLink(w, r, map[string]string{leasesCursorAccount: l.AccountID, leasesCursorPrinc: l.PrincipalID})
			}
			break
		}
	}
	writeLeaseJSON(w, http.StatusOK, out)
}
