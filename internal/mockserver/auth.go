package mockserver

import (
	"net/http"
	"strings"
)

const (
	roleAdmin          = "admin"
	roleMarketingAdmin = "marketing-admin"
)

// caller is the account behind a request's bearer secret.
type caller struct {
	accountID string
	tokenID   string
	admin     bool
}

type callerKey struct{}

func callerFrom(r *http.Request) caller {
	c, _ := r.Context().Value(callerKey{}).(caller)
	return c
}

// canSee reports whether the caller may act on accountID: admins on every account, others on their own.
func (c caller) canSee(accountID string) bool {
	return c.admin || c.accountID == accountID
}

// authenticate finds the caller behind r's bearer secret: the admin token, or any unexpired token of
// a live account. The caller holds s.mu.
func (s *Server) authenticate(r *http.Request) (caller, bool) {
	secret, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return s.authenticateSecret(secret)
}

// authenticateSecret finds the caller behind a secret. The caller holds s.mu.
func (s *Server) authenticateSecret(secret string) (caller, bool) {
	if secret == "" {
		return caller{}, false
	}
	if secret == s.opts.AdminToken {
		return caller{accountID: RootAccountID, tokenID: rootTokenID, admin: true}, true
	}
	t, ok := s.tokenBySecret(secret)
	if !ok || !s.now().Before(t.ExpiresAt) {
		return caller{}, false
	}
	owner := s.state.Accounts[t.AccountID]
	return caller{accountID: owner.ID, tokenID: t.ID, admin: hasRole(owner.Roles, roleAdmin)}, true
}

// tokenBySecret finds the token record of a secret whose account is live, expired or not.
// The caller holds s.mu.
func (s *Server) tokenBySecret(secret string) (*token, bool) {
	t, ok := s.state.Tokens[s.idx.bySecret[secret]]
	if !ok || t.Secret != secret {
		return nil, false
	}
	if _, live := s.liveAccount(t.AccountID); !live {
		return nil, false
	}
	return t, true
}

func hasRole(roles []string, role string) bool {
	for _, r := range roles {
		if r == role {
			return true
		}
	}
	return false
}
