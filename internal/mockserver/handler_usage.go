package mockserver

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"time"
)

// Usage query parameters and the scan's cursor, as DCE names them.
const (
	usageStartDate       = "startDate"
	usageEndDate         = "endDate"
	usagePrincipalID     = "principalId"
	usageAccountID       = "accountId"
	usageCursorStartDate = "nextStartDate"
	usageCursorPrincipal = "nextPrincipalId"
)

func (s *Server) usageRoutes() {
	s.mux.HandleFunc("GET /usage", s.leaseAPI(s.getUsage))
}

// getUsage routes GET /usage the way DCE's router does (the first matching route wins):
//   - startDate and endDate (query parameters; the seed says "path"): one record per principal,
//     summed over the range widened to whole UTC days, with the requested dates;
//   - startDate and principalId: that principal's daily records from startDate's day through today;
//   - anything else: a scan of the daily records, filtered by startDate (on or after),
//     principalId and accountId, paged by limit with nextStartDate and nextPrincipalId.
func (s *Server) getUsage(w http.ResponseWriter, r *http.Request) {
	// A DCE user reads only its own principal's usage (real DCE does not narrow this route).
	_, isUser := s.leaseAPIUser(r)
	if !s.scopeToUser(w, r) {
		return
	}
	q := r.URL.Query()
	switch {
	case q.Has(usageStartDate) && q.Has(usageEndDate):
		start, ok := usageDate(w, q.Get(usageStartDate), "start")
		if !ok {
			return
		}
		end, ok := usageDate(w, q.Get(usageEndDate), "end")
		if !ok {
			return
		}
		only := ""
		if isUser {
			only = queryPrincipal(q)
		}
		writeLeaseJSON(w, http.StatusOK, s.usageByPrincipal(start, end, only))
	case q.Has(usageStartDate) && q.Has(usagePrincipalID):
		start, ok := usageDate(w, q.Get(usageStartDate), "start")
		if !ok {
			return
		}
		writeLeaseJSON(w, http.StatusOK, s.principalUsageSince(q.Get(usagePrincipalID), start))
	default:
		s.scanUsage(w, r, q)
	}
}

func usageDate(w http.ResponseWriter, raw, which string) (int64, bool) {
	n, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		writeLeaseError(w, http.StatusBadRequest, codeValidation, "Failed to parse usage %s date: %v", which, err)
		return 0, false
	}
	return n, true
}

// sortedUsage returns the daily records in the order of DCE's usage table keys: start date, then principal.
func (s *Server) sortedUsage() []*usageRecord {
	out := make([]*usageRecord, 0, len(s.state.Usage))
	for _, rec := range s.state.Usage {
		out = append(out, rec)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].StartDate != out[j].StartDate {
			return out[i].StartDate < out[j].StartDate
		}
		return out[i].PrincipalID < out[j].PrincipalID
	})
	return out
}

// usageByPrincipal sums each principal's records over the range (only one principal's when only is set).
func (s *Server) usageByPrincipal(start, end int64, only string) []usageRecord {
	out := []usageRecord{}
	if end < start {
		return out
	}
	from := utcDay(time.Unix(start, 0)).Unix()
	to := utcDay(time.Unix(end, 0)).Add(24*time.Hour - time.Second).Unix()
	byPrincipal := map[string]*usageRecord{}
	var order []string
	for _, rec := range s.sortedUsage() {
		if rec.StartDate < from || rec.StartDate > to || only != "" && rec.PrincipalID != only {
			continue
		}
		sum, ok := byPrincipal[rec.PrincipalID]
		if !ok {
			copied := *rec
			copied.CostAmount = 0
			copied.StartDate, copied.EndDate = start, end
			sum = &copied
			byPrincipal[rec.PrincipalID] = sum
			order = append(order, rec.PrincipalID)
		}
		sum.CostAmount += rec.CostAmount
	}
	sort.Strings(order)
	for _, p := range order {
		out = append(out, *byPrincipal[p])
	}
	return out
}

// principalUsageSince returns a principal's daily records from the day holding start through the
// mock's today, as DCE reads them one day at a time.
func (s *Server) principalUsageSince(principalID string, start int64) []usageRecord {
	out := []usageRecord{}
	from := utcDay(time.Unix(start, 0))
	for day := from; !day.After(s.now()); day = day.Add(24 * time.Hour) {
		if rec, ok := s.state.Usage[usageKey(principalID, day.Unix())]; ok {
			out = append(out, *rec)
		}
	}
	return out
}

// scanUsage is DCE's scan of the usage table: limit counts the records evaluated (not returned),
// the filters apply to those, and a Link header carries the last evaluated key when records remain.
// Unknown parameters are ignored, as DCE's form parsing ignores them.
func (s *Server) scanUsage(w http.ResponseWriter, r *http.Request, q url.Values) {
	limit := defaultScanLimit
	if raw := q.Get("limit"); raw != "" {
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			writeLeaseError(w, http.StatusBadRequest, codeValidation, "Error parsing query params: %v", err)
			return
		}
		if n > 0 {
			limit = int(n)
		}
	}
	var since int64
	hasSince := false
	if raw := q.Get(usageStartDate); raw != "" {
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			writeLeaseError(w, http.StatusBadRequest, codeValidation, "Error parsing query params: %v", err)
			return
		}
		since, hasSince = n, n != 0
	}
	afterDate, afterPrincipal := q.Get(usageCursorStartDate), q.Get(usageCursorPrincipal)
	var afterDay int64
	if afterDate != "" {
		afterDay, _ = strconv.ParseInt(afterDate, 10, 64)
	}
	principal, account := q.Get(usagePrincipalID), q.Get(usageAccountID)
	all := s.sortedUsage()
	out := []usageRecord{}
	scanned := 0
	for i, rec := range all {
		if afterDate != "" && (rec.StartDate < afterDay || rec.StartDate == afterDay && rec.PrincipalID <= afterPrincipal) {
			continue
		}
		scanned++
		if (!hasSince || rec.StartDate >= since) && (principal == "" || rec.PrincipalID == principal) && (account == "" || rec.AccountID == account) {
			out = append(out, *rec)
		}
		if scanned == limit {
			if i < len(all)-1 {
				setNextLink(w, r, map[string]string{
					usageCursorStartDate: strconv.FormatInt(rec.StartDate, 10), usageCursorPrincipal: rec.PrincipalID})
			}
			break
		}
	}
	writeLeaseJSON(w, http.StatusOK, out)
}
