package mockserver

import (
	"encoding/json"
	"fmt"
	"time"
)

// Helpers for tests and demos acting on the Lease API's pool, leases and usage behind Terraform's back.
// Each first brings the state up to the mock's clock, as a request would.

// PoolAccount is a copy of a pool account as the mock holds it.
type PoolAccount struct {
	ID           string
	Status       string
	AdminRoleArn string
	// Metadata is the account's metadata JSON, nil when unset.
	Metadata json.RawMessage
}

// Lease is a copy of a lease as the mock holds it. Times are epoch seconds, as on the wire.
type Lease struct {
	ID           string
	PrincipalID  string
	AccountID    string
	Status       string
	StatusReason string
	BudgetAmount float64
	CreatedOn    int64
	ExpiresOn    int64
}

// LeaseCredentials is a set of credentials the mock handed out for a lease.
type LeaseCredentials struct {
	AccessKeyID, SecretAccessKey, SessionToken, ConsoleURL string
}

// PoolAccount returns a copy of the pool account with id.
func (s *Server) PoolAccount(id string) (PoolAccount, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settleLeaseAPI()
	a, ok := s.state.PoolAccounts[id]
	if !ok {
		return PoolAccount{}, false
	}
	return PoolAccount{ID: a.ID, Status: a.Status, AdminRoleArn: a.AdminRoleArn, Metadata: append(json.RawMessage(nil), a.Metadata...)}, true
}

// PoolAccountIDs lists the ids of every pool account.
func (s *Server) PoolAccountIDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []string
	for _, a := range s.poolAccountsInOrder() {
		ids = append(ids, a.ID)
	}
	return ids
}

// AddPoolAccount puts an account in the pool, Ready at once, as an operator outside Terraform would.
func (s *Server) AddPoolAccount(id, adminRoleArn string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	s.state.PoolAccounts[id] = &poolAccount{
		ID: id, Status: accountReady, AdminRoleArn: adminRoleArn, PrincipalRoleArn: fmt.Sprintf(principalRoleNameFmt, id),
		PrincipalPolicyHash: principalPolicyHash, CreatedOn: epoch(now), LastModifiedOn: epoch(now), ReadyAt: now,
	}
	s.changed(bucketPoolAccounts, id)
	s.persist()
}

// EditPoolAccount changes a pool account's admin role and metadata as another writer would. It
// reports whether the account exists.
func (s *Server) EditPoolAccount(id string, edit func(a *PoolAccount)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settleLeaseAPI()
	a, ok := s.state.PoolAccounts[id]
	if !ok {
		return false
	}
	view := PoolAccount{ID: a.ID, Status: a.Status, AdminRoleArn: a.AdminRoleArn, Metadata: a.Metadata}
	edit(&view)
	a.AdminRoleArn, a.Metadata = view.AdminRoleArn, metadataOrNil(view.Metadata)
	a.LastModifiedOn = epoch(s.now())
	s.changed(bucketPoolAccounts, id)
	s.persist()
	return true
}

// DeletePoolAccount removes an account from the pool behind Terraform's back, leased or not.
func (s *Server) DeletePoolAccount(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.state.PoolAccounts[id]; !ok {
		return false
	}
	delete(s.state.PoolAccounts, id)
	s.changed(bucketPoolAccounts, id)
	s.persist()
	return true
}

// Lease returns a copy of the lease with id.
func (s *Server) Lease(id string) (Lease, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settleLeaseAPI()
	l, ok := s.state.Leases[id]
	if !ok {
		return Lease{}, false
	}
	return leaseView(l), true
}

// Leases returns copies of every lease, in the API's scan order.
func (s *Server) Leases() []Lease {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settleLeaseAPI()
	var out []Lease
	for _, l := range s.leasesInOrder() {
		out = append(out, leaseView(l))
	}
	return out
}

func leaseView(l *lease) Lease {
	return Lease{ID: l.ID, PrincipalID: l.PrincipalID, AccountID: l.AccountID, Status: l.Status, StatusReason: l.StatusReason,
		BudgetAmount: l.BudgetAmount, CreatedOn: l.CreatedOn, ExpiresOn: l.ExpiresOn}
}

// InsertLease stores a lease record as given, for tests that need many leases (pagination). Empty
// fields get the API's values: a new id, status Active, a week's expiry. An Active lease makes its
// account (if it is in the pool) Leased. It returns the lease id.
func (s *Server) InsertLease(in Lease) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	l := newLease(leaseCreateJSON{PrincipalID: in.PrincipalID}, in.AccountID, in.ExpiresOn, now)
	if in.ID != "" {
		l.ID = in.ID
	}
	if in.Status != "" {
		l.Status = in.Status
		l.StatusReason = reasonActive
		if in.Status != leaseActive {
			l.StatusReason = reasonDestroyed
		}
	}
	if in.StatusReason != "" {
		l.StatusReason = in.StatusReason
	}
	if in.BudgetAmount != 0 {
		l.BudgetAmount = in.BudgetAmount
	}
	if old := s.leaseOfPair(l.AccountID, l.PrincipalID); old != nil {
		s.deleteLease(old)
	}
	s.putLease(l)
	if a, ok := s.state.PoolAccounts[l.AccountID]; ok && l.Status == leaseActive {
		a.Status = accountLeased
		s.changed(bucketPoolAccounts, a.ID)
	}
	s.persist()
	return l.ID
}

// EndLease ends an active lease outside Terraform with the given reason (Destroyed, Expired,
// OverBudget...), sending its account back through NotReady. It reports whether the lease was active.
func (s *Server) EndLease(id, reason string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settleLeaseAPI()
	l, ok := s.state.Leases[id]
	if !ok || l.Status != leaseActive {
		return false
	}
	s.endLease(l, reason, s.now(), true)
	s.persist()
	return true
}

// AddUsage adds cost to a principal's usage record of the UTC day holding day, as DCE's usage job would.
func (s *Server) AddUsage(principalID, accountID string, day time.Time, cost float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addUsage(principalID, accountID, day, cost)
	s.persist()
}

// Now returns the mock's clock, moved on by AdvanceClock.
func (s *Server) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now()
}

// IssuedLeaseCredentials returns every set of credentials POST /leases/{id}/auth handed out.
func (s *Server) IssuedLeaseCredentials() []LeaseCredentials {
	s.mu.Lock()
	defer s.mu.Unlock()
	issued := s.leaseCredentials.values()
	out := make([]LeaseCredentials, 0, len(issued))
	for _, c := range issued {
		out = append(out, LeaseCredentials(c))
	}
	return out
}
