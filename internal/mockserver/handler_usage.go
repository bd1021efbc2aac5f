package mockserver

import (
	"net/http"
	"sort"
	"strconv"
	"time"
)

func (s *Server) usageRoutes() {
	s.mux.HandleFunc("GET /usage", s.leaseAPI(s.getUsage))
}

// getUsage answers GET /usage?startDate=&endDate= (epoch seconds, as query parameters like the real
// system; the seed says "path") with one record per principal: the range is widened to whole UTC
// days, costs are summed, accountId and timeToLive come from the principal's first record, and
// startDate/endDate are the requested values. Without both dates it lists the raw daily records,
// filtered by principalId and accountId.
func (s *Server) getUsage(w http.ResponseWriter, r *http.Request) {
	if !checkQueryParams(w, r, "startDate", "endDate", "principalId", "accountId") {
		return
	}
	q := r.URL.Query()
	_, hasStart := q["startDate"]
	_, hasEnd := q["endDate"]
	if !hasStart && !hasEnd {
		writeLeaseJSON(w, http.StatusOK, s.rawUsage(q))
		return
	}
	start, ok := usageDate(w, q.Get("startDate"), "start")
	if !ok {
		return
	}
	end, ok := usageDate(w, q.Get("endDate"), "end")
	if !ok {
		return
	}
	writeLeaseJSON(w, http.StatusOK, s.usageByPrincipal(start, end))
}

func usageDate(w http.ResponseWriter, raw, which string) (int64, bool) {
	n, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		writeLeaseError(w, http.StatusBadRequest, codeValidation, "Failed to parse usage %s date: %v", which, err)
		return 0, false
	}
	return n, true
}

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

func (s *Server) usageByPrincipal(start, end int64) []usageRecord {
	out := []usageRecord{}
	if end < start {
		return out
	}
	from := utcDay(time.Unix(start, 0)).Unix()
	to := utcDay(time.Unix(end, 0)).Add(24*time.Hour - time.Second).Unix()
	byPrincipal := map[string]*usageRecord{}
	var order []string
	for _, rec := range s.sortedUsage() {
		if rec.StartDate < from || rec.StartDate > to {
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

func (s *Server) rawUsage(q map[string][]string) []usageRecord {
	out := []usageRecord{}
	for _, rec := range s.sortedUsage() {
		if matchesFilters(q, map[string]string{"principalId": rec.PrincipalID, "accountId": rec.AccountID}) {
			out = append(out, *rec)
		}
	}
	return out
}
