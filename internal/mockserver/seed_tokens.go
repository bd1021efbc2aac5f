package mockserver

import (
	"time"
)

// Helpers for tests and demos of tokens, plans and roles; they act on the state directly.

// Token is a read-only copy of a token as the mock holds it, without its secret.
type Token struct {
	ID        string
	AccountID string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// Token returns a copy of the token with id, if it has not been deleted.
func (s *Server) Token(id string) (Token, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.state.Tokens[id]
	if !ok {
		return Token{}, false
	}
	return Token{ID: t.ID, AccountID: t.AccountID, CreatedAt: t.CreatedAt, ExpiresAt: t.ExpiresAt}, true
}

// Tokens returns copies of every token of an account that has not been deleted.
func (s *Server) Tokens(accountID string) []Token {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Token
	for _, t := range s.state.Tokens {
		if t.AccountID == accountID {
			out = append(out, Token{ID: t.ID, AccountID: t.AccountID, CreatedAt: t.CreatedAt, ExpiresAt: t.ExpiresAt})
		}
	}
	return out
}

// DeleteToken deletes a token behind Terraform's back. It reports whether the token existed.
func (s *Server) DeleteToken(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.state.Tokens[id]; !ok {
		return false
	}
	delete(s.state.Tokens, id)
	s.changed(bucketTokens, id)
	s.persist()
	return true
}

// IssuedSecrets returns every token secret the mock has handed out since it started, including
// those of deleted tokens, so tests can search logs and state files for them.
func (s *Server) IssuedSecrets() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.issuedSecrets.values()
}

// MaxConcurrentRequests is the largest number of requests the mock has served at the same time.
func (s *Server) MaxConcurrentRequests() int {
	return int(s.maxInFlight.Load())
}

// trackInFlight counts a request in and returns the function that counts it out.
func (s *Server) trackInFlight() func() {
	n := s.inFlight.Add(1)
	for {
		seen := s.maxInFlight.Load()
		if n <= seen || s.maxInFlight.CompareAndSwap(seen, n) {
			break
		}
	}
	return func() { s.inFlight.Add(-1) }
}
