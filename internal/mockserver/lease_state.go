package mockserver

import (
	"encoding/json"
	"time"
)

// Pool account statuses and lease statuses and reasons of the Lease API.
const (
	accountNotReady = "NotReady"
	accountReady    = "Ready"
	accountLeased   = "Leased"
	accountOrphaned = "Orphaned"

	leaseActive   = "Active"
	leaseInactive = "Inactive"

	reasonActive              = "Active"
	reasonDestroyed           = "Destroyed"
	reasonExpired             = "Expired"
	reasonOverBudget          = "OverBudget"
	reasonOverPrincipalBudget = "OverPrincipalBudget"
)

// poolAccount is an AWS account in the lease pool.
type poolAccount struct {
	ID                  string          `json:"id"`
	Status              string          `json:"accountStatus"`
	AdminRoleArn        string          `json:"adminRoleArn"`
	PrincipalRoleArn    string          `json:"principalRoleArn"`
	PrincipalPolicyHash string          `json:"principalPolicyHash"`
	Metadata            json.RawMessage `json:"metadata,omitempty"`
	CreatedOn           int64           `json:"createdOn"`
	LastModifiedOn      int64           `json:"lastModifiedOn"`
	// ReadyAt is when a NotReady account finishes its reset and turns Ready.
	ReadyAt time.Time `json:"readyAt"`
}

// lease is a principal's lease of a pool account.
type lease struct {
	ID                       string   `json:"id"`
	AccountID                string   `json:"accountId"`
	PrincipalID              string   `json:"principalId"`
	Status                   string   `json:"leaseStatus"`
	StatusReason             string   `json:"leaseStatusReason"`
	CreatedOn                int64    `json:"createdOn"`
	LastModifiedOn           int64    `json:"lastModifiedOn"`
	BudgetAmount             float64  `json:"budgetAmount"`
	BudgetCurrency           string   `json:"budgetCurrency"`
	BudgetNotificationEmails []string `json:"budgetNotificationEmails"`
	StatusModifiedOn         int64    `json:"leaseStatusModifiedOn"`
	ExpiresOn                int64    `json:"expiresOn"`
	// AccruedThrough is the start of the last UTC day whose usage this lease has recorded (0: none yet).
	AccruedThrough int64 `json:"accruedThrough"`
}

// usageRecord is one principal's cost for one UTC day.
type usageRecord struct {
	PrincipalID  string  `json:"principalId"`
	AccountID    string  `json:"accountId"`
	StartDate    int64   `json:"startDate"`
	EndDate      int64   `json:"endDate"`
	CostAmount   float64 `json:"costAmount"`
	CostCurrency string  `json:"costCurrency"`
	TimeToLive   int64   `json:"timeToLive"`
}

func usageKey(principalID string, day int64) string {
	return principalID + "|" + time.Unix(day, 0).UTC().Format(time.DateOnly)
}

// utcDay returns the start of the UTC day holding t.
func utcDay(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// addUsage adds cost to the principal's record of the day holding at, creating it with the real
// record's shape (the day's first and last second, a 30-day time to live).
func (s *Server) addUsage(principalID, accountID string, at time.Time, cost float64) {
	day := utcDay(at)
	key := usageKey(principalID, day.Unix())
	rec, ok := s.state.Usage[key]
	if !ok {
		rec = &usageRecord{
			PrincipalID: principalID, AccountID: accountID,
			StartDate: day.Unix(), EndDate: day.Add(24*time.Hour - time.Second).Unix(),
			CostCurrency: "USD", TimeToLive: day.Add(usageRecordTTL).Unix(),
		}
		s.state.Usage[key] = rec
	}
	rec.CostAmount += cost
	s.changed(bucketUsage, key)
}

// settleLeaseAPI brings the pool and the leases up to the mock's clock, as DCE's background jobs
// would: NotReady accounts whose reset is done turn Ready, active leases accrue a day's usage for
// every UTC day they have been active, and leases over budget or past expiry end. The caller holds s.mu.
func (s *Server) settleLeaseAPI() {
	now := s.now()
	if now.Before(s.settleDue) {
		return
	}
	defer func() { s.settleDue = s.nextSettle() }()
	for _, a := range s.state.PoolAccounts {
		if a.Status == accountNotReady && !now.Before(a.ReadyAt) {
			a.Status = accountReady
			a.LastModifiedOn = epoch(a.ReadyAt)
			s.changed(bucketPoolAccounts, a.ID)
		}
	}
	var active []*lease
	for _, l := range s.leasesInOrder() {
		if l.Status != leaseActive {
			continue
		}
		end := now
		if expires := time.Unix(l.ExpiresOn, 0); expires.Before(end) {
			end = expires
		}
		s.accrueUsage(l, end)
		active = append(active, l)
	}
	// Budgets are checked once every lease has accrued up to now, against one index of the usage,
	// so a settle stays linear in the number of leases and records.
	usage := s.indexUsage()
	for _, l := range active {
		switch {
		case usage.leaseSpend(l) > l.BudgetAmount:
			s.endLease(l, reasonOverBudget, now, true)
		case usage.principalWeekSpend(l.PrincipalID, now) > principalBudget:
			s.endLease(l, reasonOverPrincipalBudget, now, true)
		case l.ExpiresOn <= epoch(now):
			s.endLease(l, reasonExpired, now, true)
		}
	}
}

// never is a settle time no clock reaches.
var never = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)

// nextSettle is when settleLeaseAPI next has work without another change: the first NotReady
// account's reset ending, an active lease's next UTC day of usage, or its expiry. Budgets move only
// with usage, whose changes make the settle due at once. The caller holds s.mu.
func (s *Server) nextSettle() time.Time {
	next := never
	for _, a := range s.state.PoolAccounts {
		if a.Status == accountNotReady && a.ReadyAt.Before(next) {
			next = a.ReadyAt
		}
	}
	for _, l := range s.state.Leases {
		if l.Status != leaseActive {
			continue
		}
		if l.AccruedThrough == 0 {
			return time.Time{}
		}
		if day := time.Unix(l.AccruedThrough, 0).Add(24 * time.Hour); day.Before(next) {
			next = day
		}
		if expires := time.Unix(l.ExpiresOn, 0); expires.Before(next) {
			next = expires
		}
	}
	return next
}

// putLease stores a new lease. The caller holds s.mu.
func (s *Server) putLease(l *lease) {
	s.state.Leases[l.ID] = l
	s.changed(bucketLeases, l.ID)
}

// deleteLease removes a lease. The caller holds s.mu.
func (s *Server) deleteLease(l *lease) {
	delete(s.state.Leases, l.ID)
	s.changed(bucketLeases, l.ID)
}

// accrueUsage records a day's cost for every UTC day from the lease's start through the day holding end.
func (s *Server) accrueUsage(l *lease, end time.Time) {
	cost := s.usageCostPerDay()
	day := utcDay(time.Unix(l.CreatedOn, 0))
	if l.AccruedThrough != 0 {
		day = time.Unix(l.AccruedThrough, 0).UTC().Add(24 * time.Hour)
	}
	for ; !day.After(end); day = day.Add(24 * time.Hour) {
		if cost > 0 {
			s.addUsage(l.PrincipalID, l.AccountID, day, cost)
		}
		l.AccruedThrough = day.Unix()
		s.changed(bucketLeases, l.ID)
	}
}

// usageIndex groups usage records by principal.
type usageIndex map[string][]*usageRecord

// indexUsage builds a usageIndex of every record. The caller holds s.mu.
func (s *Server) indexUsage() usageIndex {
	ix := usageIndex{}
	for _, rec := range s.state.Usage {
		ix[rec.PrincipalID] = append(ix[rec.PrincipalID], rec)
	}
	return ix
}

// leaseSpend sums the principal's usage on the lease's account since the lease's first day.
func (ix usageIndex) leaseSpend(l *lease) float64 {
	from := utcDay(time.Unix(l.CreatedOn, 0)).Unix()
	total := 0.0
	for _, rec := range ix[l.PrincipalID] {
		if rec.AccountID == l.AccountID && rec.StartDate >= from {
			total += rec.CostAmount
		}
	}
	return total
}

// principalWeekSpend sums a principal's usage since the start of the week (Sunday, 00:00 UTC).
func (ix usageIndex) principalWeekSpend(principalID string, now time.Time) float64 {
	day := utcDay(now)
	weekStart := day.AddDate(0, 0, -int(day.Weekday())).Unix()
	total := 0.0
	for _, rec := range ix[principalID] {
		if rec.StartDate >= weekStart {
			total += rec.CostAmount
		}
	}
	return total
}

// endLease makes a lease Inactive and sends its account back through NotReady. DCE's API delete does
// not touch the lease's timestamps; its background jobs (expiry, budget) do.
func (s *Server) endLease(l *lease, reason string, now time.Time, touch bool) {
	l.Status = leaseInactive
	l.StatusReason = reason
	s.changed(bucketLeases, l.ID)
	if touch {
		l.LastModifiedOn = epoch(now)
		l.StatusModifiedOn = epoch(now)
	}
	if a, ok := s.state.PoolAccounts[l.AccountID]; ok && a.Status == accountLeased {
		s.resetAccount(a, now)
	}
}

// resetAccount starts a pool account's reset: NotReady until the ready delay has passed.
func (s *Server) resetAccount(a *poolAccount, now time.Time) {
	a.Status = accountNotReady
	a.LastModifiedOn = epoch(now)
	a.ReadyAt = now.Add(s.accountReadyDelay())
	s.changed(bucketPoolAccounts, a.ID)
}

// activeLeaseOf returns the principal's active lease, if any.
func (s *Server) activeLeaseOf(principalID string) *lease {
	for _, id := range s.idx.activeByPrinc[principalID] {
		if l := s.state.Leases[id]; l != nil && l.Status == leaseActive {
			return l
		}
	}
	return nil
}

// leaseOfPair returns the lease of an (account, principal) pair, the key of DCE's lease table.
func (s *Server) leaseOfPair(accountID, principalID string) *lease {
	keys := s.idx.leases.keys
	i := s.idx.leases.firstAfter(func(k leaseKey) bool {
		return k.accountID > accountID || k.accountID == accountID && k.principalID >= principalID
	})
	if i < len(keys) && keys[i].accountID == accountID && keys[i].principalID == principalID {
		return s.state.Leases[keys[i].id]
	}
	return nil
}
