package mockserver

// Helpers for tests and demos: they act on the state directly, as another writer on the platform would.

// Account is a read-only copy of an account as the mock holds it.
type Account struct {
	ID       string
	Revision uint64
	Name     string
	Email    string
	PlanID   string
	Roles    []string
	Deleted  bool
}

// Account returns a copy of the account with id, deleted or not.
func (s *Server) Account(id string) (Account, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.state.Accounts[id]
	if !ok {
		return Account{}, false
	}
	return Account{ID: a.ID, Revision: a.Revision, Name: a.Name, Email: a.Email, PlanID: a.PlanID,
		Roles: append([]string(nil), a.Roles...), Deleted: a.Deleted}, true
}

// LiveAccounts returns copies of every account that is not deleted, the root admin included.
func (s *Server) LiveAccounts() []Account {
	s.mu.Lock()
	ids := make([]string, 0, len(s.state.Accounts))
	for id, a := range s.state.Accounts {
		if !a.Deleted {
			ids = append(ids, id)
		}
	}
	s.mu.Unlock()
	out := make([]Account, 0, len(ids))
	for _, id := range ids {
		a, _ := s.Account(id)
		out = append(out, a)
	}
	return out
}

// EditAccount changes an account as another writer would, bumping its revision. It reports
// whether the account exists and is live.
func (s *Server) EditAccount(id string, edit func(a *Account)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, live := s.liveAccount(id)
	if !live {
		return false
	}
	view := Account{Name: a.Name, Email: a.Email, PlanID: a.PlanID, Roles: append([]string(nil), a.Roles...)}
	edit(&view)
	a.Name, a.Email, a.PlanID, a.Roles = view.Name, view.Email, view.PlanID, sortedRoles(view.Roles)
	a.Revision++
	s.changed(bucketAccounts, id)
	s.persist()
	return true
}

// DeleteAccount soft-deletes an account behind Terraform's back.
func (s *Server) DeleteAccount(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, live := s.liveAccount(id)
	if !live {
		return false
	}
	a.Deleted = true
	a.Revision++
	s.changed(bucketAccounts, id)
	s.persist()
	return true
}

// ConflictNextWrites makes the next n revisioned writes to the account find that another writer
// moved its revision just before them, so each answers 409 Concurrent update.
func (s *Server) ConflictNextWrites(accountID string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.conflictsDue[accountID] += n
}
