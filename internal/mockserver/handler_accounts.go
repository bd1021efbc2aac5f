package mockserver

import (
	"encoding/json"
	"net/http"
	"net/mail"
	"slices"
	"strconv"
)

// accountJSON is the Account API's Account object.
type accountJSON struct {
	ID       string   `json:"id"`
	Revision uint64   `json:"revision"`
	Name     string   `json:"name"`
	Email    string   `json:"email"`
	PlanID   string   `json:"planId"`
	Roles    []string `json:"roles"`
}

type accountCreateJSON struct {
	Name  *string `json:"name"`
	Email *string `json:"email"`
}

type accountUpdateJSON struct {
	CurrentRevision *uint64 `json:"currentRevision"`
	Name            *string `json:"name"`
	Email           *string `json:"email"`
	PlanID          *string `json:"planId"`
}

func (in *accountCreateJSON) problems() []string {
	return append(requiredField("name", in.Name), emailProblems(in.Email, true)...)
}

func (in *accountUpdateJSON) problems() []string {
	return append(requiredField("currentRevision", in.CurrentRevision), emailProblems(in.Email, false)...)
}

func (a *account) toJSON() accountJSON {
	out := a.accountJSON
	if out.Roles == nil {
		out.Roles = []string{}
	}
	return out
}

// accountAnswer is an account's JSON answer and the values it was encoded from.
type accountAnswer struct {
	of   accountJSON // Roles is a copy, so changing the account's roles in place cannot change it
	body []byte
}

// answerJSON is the account's JSON answer to a read, as writeJSON encodes it. Reading an account
// is the commonest request (every refresh), so the answer is kept and sent again while the account
// still holds the values it was encoded from; writes answer without keeping one, so an account
// nobody reads costs no more memory. It is checked against those values rather than dropped by
// the writers, so no write can leave a stale answer behind. The caller holds s.mu, shared or not:
// readers under the shared lock may race to store the same answer, hence the atomic pointer.
func (a *account) answerJSON() []byte {
	out := a.toJSON()
	if cached := a.answer.Load(); cached != nil && cached.of.equal(out) {
		return cached.body
	}
	body, _ := json.Marshal(out) // strings and numbers only: it cannot fail
	body = append(body, '\n')
	out.Roles = slices.Clone(out.Roles)
	a.answer.Store(&accountAnswer{of: out, body: body})
	return body
}

func (a accountJSON) equal(b accountJSON) bool {
	return a.ID == b.ID && a.Revision == b.Revision && a.Name == b.Name && a.Email == b.Email &&
		a.PlanID == b.PlanID && slices.Equal(a.Roles, b.Roles)
}

func (s *Server) accountRoutes() {
	s.mux.HandleFunc("POST /v1/accounts", s.accountAPI(s.createAccount))
	s.mux.HandleFunc("GET /v1/accounts/{account_id}", s.accountAPI(s.getAccount))
	s.mux.HandleFunc("PUT /v1/accounts/{account_id}", s.accountAPI(s.updateAccount))
	s.mux.HandleFunc("DELETE /v1/accounts/{account_id}", s.accountAPI(s.deleteAccount))
}

func (s *Server) createAccount(w http.ResponseWriter, r *http.Request) {
	if !callerFrom(r).admin {
		writeAccountError(w, http.StatusForbidden, "The global action CreateAccount is not allowed")
		return
	}
	var in accountCreateJSON
	if !decodeAccountBody(w, r, &in) {
		return
	}
	if s.emailInUse(*in.Email, "") {
		writeAccountError(w, http.StatusConflict, "Email already in use")
		return
	}
	a := &account{accountJSON: accountJSON{ID: newUUID(), Name: *in.Name, Email: *in.Email, PlanID: DefaultPlanID, Roles: []string{}}}
	s.state.Accounts[a.ID] = a
	s.changed(bucketAccounts, a.ID)
	writeJSON(w, http.StatusOK, a.toJSON())
}

func (s *Server) getAccount(w http.ResponseWriter, r *http.Request) {
	a, ok := s.visibleAccount(w, r)
	if !ok {
		return
	}
	writeJSONBody(w, http.StatusOK, a.answerJSON())
}

func (s *Server) updateAccount(w http.ResponseWriter, r *http.Request) {
	var in accountUpdateJSON
	if !decodeAccountBody(w, r, &in) {
		return
	}
	a, ok := s.visibleAccount(w, r)
	if !ok {
		return
	}
	if in.PlanID != nil && *in.PlanID != a.PlanID {
		writeAccountValidation(w, []string{"Changing the planId is not allowed"})
		return
	}
	if !s.revisionMatches(w, a, *in.CurrentRevision) {
		return
	}
	if in.Email != nil && s.emailInUse(*in.Email, a.ID) {
		writeAccountError(w, http.StatusConflict, "Email already in use")
		return
	}
	if in.Name != nil {
		a.Name = *in.Name
	}
	if in.Email != nil {
		a.Email = *in.Email
	}
	a.Revision++
	s.changed(bucketAccounts, a.ID)
	writeJSON(w, http.StatusOK, a.toJSON())
}

func (s *Server) deleteAccount(w http.ResponseWriter, r *http.Request) {
	raw := r.URL.Query().Get("current_revision")
	revision, err := strconv.ParseUint(raw, 10, 64)
	if err != nil {
		writeAccountValidation(w, []string{"failed to parse parameter current_revision: " + strconv.Quote(raw) + " is not an unsigned integer"})
		return
	}
	a, ok := s.visibleAccount(w, r)
	if !ok {
		return
	}
	if !s.revisionMatches(w, a, revision) {
		return
	}
	a.Revision++
	a.Deleted = true
	s.changed(bucketAccounts, a.ID)
	writeJSON(w, http.StatusOK, struct{}{})
}

// visibleAccount finds the live account named in the path that the caller may see, or answers 404
// (the real system hides other users' accounts behind a 404, not a 403).
func (s *Server) visibleAccount(w http.ResponseWriter, r *http.Request) (*account, bool) {
	id := r.PathValue("account_id")
	a, live := s.liveAccount(id)
	if !live || !callerFrom(r).canSee(id) {
		writeAccountError(w, http.StatusNotFound, "Account Not Found: %s", id)
		return nil, false
	}
	return a, true
}

func (s *Server) liveAccount(id string) (*account, bool) {
	a, ok := s.state.Accounts[id]
	if !ok || a.Deleted {
		return nil, false
	}
	return a, true
}

// revisionMatches answers 409 unless sent is the account's current revision. A write queued by
// ConflictNextWrites first sees another writer move the revision.
func (s *Server) revisionMatches(w http.ResponseWriter, a *account, sent uint64) bool {
	if s.conflictsDue[a.ID] > 0 {
		s.conflictsDue[a.ID]--
		a.Revision++
		s.changed(bucketAccounts, a.ID)
	}
	if sent != a.Revision {
		writeAccountError(w, http.StatusConflict, "Concurrent update")
		return false
	}
	return true
}

func (s *Server) emailInUse(email, exceptID string) bool {
	for _, id := range s.idx.byEmail[email] {
		if id != exceptID {
			return true
		}
	}
	return false
}

// emailProblems validates an email address (the issue asks the mock to refuse malformed ones).
func emailProblems(email *string, required bool) []string {
	switch {
	case email == nil && required:
		return []string{"email: field is required"}
	case email == nil:
		return nil
	}
	if addr, err := mail.ParseAddress(*email); err != nil || addr.Address != *email {
		return []string{"email: " + strconv.Quote(*email) + " is not a valid email address"}
	}
	return nil
}

// sortedRoles returns roles deduplicated in the real system's order (admin, then marketing-admin).
func sortedRoles(roles []string) []string {
	order := []string{roleAdmin, roleMarketingAdmin}
	out := []string{}
	for _, role := range order {
		if slices.Contains(roles, role) {
			out = append(out, role)
		}
	}
	return out
}
