package mockserver

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// tokenJSON is the Account API's Token object (reads and lists: never the secret).
type tokenJSON struct {
	ID        string `json:"id"`
	AccountID string `json:"accountId"`
	CreatedAt string `json:"createdAt"`
	ExpiresAt string `json:"expiresAt"`
}

// tokenWithSecretJSON is the answer to a token create, the only one that carries the secret.
type tokenWithSecretJSON struct {
	ID        string `json:"id"`
	Secret    string `json:"secret"`
	AccountID string `json:"accountId"`
	CreatedAt string `json:"createdAt"`
	ExpiresAt string `json:"expiresAt"`
}

type tokenCreateJSON struct {
	ExpiresAt *string `json:"expiresAt"`
}

func (in *tokenCreateJSON) problems() []string {
	if in.ExpiresAt == nil {
		return []string{"expiresAt: field is required"}
	}
	if _, err := time.Parse(time.RFC3339, *in.ExpiresAt); err != nil {
		return []string{"expiresAt: " + strconv.Quote(*in.ExpiresAt) + " is not an RFC 3339 date-time"}
	}
	return nil
}

type tokenPageJSON struct {
	Values []tokenJSON `json:"values"`
}

// rootTokenExpiresAt is when the admin token expires: the real CLI's default expiry, far away.
var rootTokenExpiresAt = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)

// formatTime writes an instant the way the seed prints it: UTC with a Z.
func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func (t *token) toJSON() tokenJSON {
	return tokenJSON{ID: t.ID, AccountID: t.AccountID, CreatedAt: formatTime(t.CreatedAt), ExpiresAt: formatTime(t.ExpiresAt)}
}

func (s *Server) tokenRoutes() {
	s.mux.HandleFunc("GET /v1/accounts/{account_id}/tokens", s.accountAPI(s.listTokens))
	s.mux.HandleFunc("POST /v1/accounts/{account_id}/tokens", s.accountAPI(s.createToken))
	s.mux.HandleFunc("GET /v1/tokens/{token_id}", s.accountAPI(s.getToken))
	s.mux.HandleFunc("DELETE /v1/tokens/{token_id}", s.accountAPI(s.deleteToken))
	// Who-am-I skips the expiry check in the real system, so it does its own authentication.
	s.mux.HandleFunc("GET /v1/login/token", s.publicAccountAPI(s.loginToken))
}

// tokenParent finds the live account of a token list or create that the caller may see, or
// answers the real system's 404.
func (s *Server) tokenParent(w http.ResponseWriter, r *http.Request) (*account, bool) {
	id := r.PathValue("account_id")
	a, live := s.liveAccount(id)
	if !live || !callerFrom(r).canSee(id) {
		writeAccountError(w, http.StatusNotFound, "Parent account not found")
		return nil, false
	}
	return a, true
}

func (s *Server) listTokens(w http.ResponseWriter, r *http.Request) {
	a, ok := s.tokenParent(w, r)
	if !ok {
		return
	}
	page := tokenPageJSON{Values: []tokenJSON{}}
	for _, t := range s.state.Tokens {
		if t.AccountID == a.ID {
			page.Values = append(page.Values, t.toJSON())
		}
	}
	// The real system orders by token id and keeps expired tokens in the list.
	slices.SortFunc(page.Values, func(x, y tokenJSON) int { return cmp.Compare(x.ID, y.ID) })
	writeJSON(w, http.StatusOK, page)
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request) {
	var in tokenCreateJSON
	if !decodeAccountBody(w, r, &in) {
		return
	}
	expires, _ := time.Parse(time.RFC3339, *in.ExpiresAt)
	a, ok := s.tokenParent(w, r)
	if !ok {
		return
	}
	// A past expiresAt is accepted, as the real system does: the token simply never authenticates.
	t := &token{ID: newUUID(), AccountID: a.ID, Secret: newSecret(), CreatedAt: s.now().Truncate(time.Second), ExpiresAt: expires.UTC()}
	s.state.Tokens[t.ID] = t
	s.changed(bucketTokens, t.ID)
	if !s.opts.NoSecretRecords {
		s.issuedSecrets.add(t.Secret)
	}
	out := t.toJSON()
	writeJSON(w, http.StatusOK, tokenWithSecretJSON{ID: out.ID, Secret: t.Secret, AccountID: out.AccountID, CreatedAt: out.CreatedAt, ExpiresAt: out.ExpiresAt})
}

// liveToken finds a token whose account is live; tokens of a deleted account are gone for readers.
func (s *Server) liveToken(id string) (*token, bool) {
	t, ok := s.state.Tokens[id]
	if !ok {
		return nil, false
	}
	if _, live := s.liveAccount(t.AccountID); !live {
		return nil, false
	}
	return t, true
}

func (s *Server) getToken(w http.ResponseWriter, r *http.Request) {
	t, ok := s.liveToken(r.PathValue("token_id"))
	if !ok || !callerFrom(r).canSee(t.AccountID) {
		writeAccountError(w, http.StatusNotFound, "Token for id not found")
		return
	}
	writeJSON(w, http.StatusOK, t.toJSON())
}

func (s *Server) deleteToken(w http.ResponseWriter, r *http.Request) {
	t, ok := s.liveToken(r.PathValue("token_id"))
	if !ok {
		writeAccountError(w, http.StatusNotFound, "Token for id not found")
		return
	}
	if !callerFrom(r).canSee(t.AccountID) {
		writeAccountError(w, http.StatusForbidden, "The account action DeleteToken is not allowed")
		return
	}
	// A hard delete: the secret stops authenticating at once.
	delete(s.state.Tokens, t.ID)
	s.changed(bucketTokens, t.ID)
	writeJSON(w, http.StatusOK, struct{}{})
}

// loginToken answers who the bearer is. Like the real system it does not check expiry, but the
// token must exist and its account must be live.
func (s *Server) loginToken(w http.ResponseWriter, r *http.Request) {
	switch secret := accountAPISecret(r); secret {
	case "":
	case s.opts.AdminToken:
		writeJSON(w, http.StatusOK, tokenJSON{ID: rootTokenID, AccountID: RootAccountID,
			CreatedAt: formatTime(s.state.RootTokenCreatedAt), ExpiresAt: formatTime(rootTokenExpiresAt)})
		return
	default:
		if t, ok := s.tokenBySecret(secret); ok {
			writeJSON(w, http.StatusOK, t.toJSON())
			return
		}
	}
	writeAccountError(w, http.StatusUnauthorized, "Token not found")
}
