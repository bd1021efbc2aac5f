package mockserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The control API drives the mock from outside a Go test: health, reset, state snapshot and
// restore, the clock, faults, usage records, pool account status and the request journal. It lives
// under /_mock/, answers JSON, and needs an admin bearer (the admin token, or a token of an account
// with the admin role) everywhere but /_mock/health. Options.NoControlAPI turns it off.

// controlPrefix is where the control API is served.
const controlPrefix = "/_mock/"

// defaultJournalAnswer is how many journal entries GET /_mock/requests returns without ?limit.
const defaultJournalAnswer = 100

// controlErrorJSON is every control API error body.
type controlErrorJSON struct {
	Error string `json:"error"`
}

// controlStatusJSON answers health and reset.
type controlStatusJSON struct {
	Status string `json:"status"`
}

// clockJSON is the body and answer of the clock endpoint.
type clockJSON struct {
	// Advance, in a request, is a Go duration to move the clock forward by, e.g. "48h".
	Advance string `json:"advance,omitempty"`
	// Now, in an answer, is the mock's clock after the move (RFC 3339).
	Now string `json:"now"`
}

// snapshotJSON is the whole of the mock: its state and how far its clock has been moved.
type snapshotJSON struct {
	// Now is the mock's clock when the snapshot was taken (ignored on restore).
	Now string `json:"now,omitempty"`
	// ClockOffset is how far the clock has been advanced, as a Go duration.
	ClockOffset string `json:"clockOffset"`
	State       *state `json:"state"`
}

// faultsJSON is the fault settings in their wire form: durations as Go durations, rates as fractions.
type faultsJSON struct {
	Latency       string              `json:"latency"`
	ErrorRate     float64             `json:"errorRate"`
	RateLimitRate float64             `json:"rateLimitRate"`
	RetryAfter    string              `json:"retryAfter"`
	DropRate      float64             `json:"dropRate"`
	Scripted      []scriptedFaultJSON `json:"scripted"`
}

type scriptedFaultJSON struct {
	Method string `json:"method"`
	// Path is the request path, or a prefix when it ends in "*".
	Path       string `json:"path"`
	Status     int    `json:"status"`
	Count      int    `json:"count"`
	RetryAfter string `json:"retryAfter,omitempty"`
}

// usageAddJSON is one record of POST /_mock/usage.
type usageAddJSON struct {
	PrincipalID string   `json:"principalId"`
	AccountID   string   `json:"accountId"`
	Date        string   `json:"date"`
	CostAmount  *float64 `json:"costAmount"`
}

// poolAccountStatusJSON is the body of POST /_mock/pool-accounts/{id}/status.
type poolAccountStatusJSON struct {
	Status string `json:"status"`
}

// requestRecordJSON is one journal entry.
type requestRecordJSON struct {
	Time     string  `json:"time"`
	Method   string  `json:"method"`
	Path     string  `json:"path"`
	Status   int     `json:"status"`
	Duration string  `json:"duration"`
	Millis   float64 `json:"durationMs"`
}

// controlRoutes registers the control API on its own mux; it is served before faults apply.
func (s *Server) controlRoutes() {
	s.control = http.NewServeMux()
	s.control.HandleFunc("GET /_mock/health", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, controlStatusJSON{Status: "ok"})
	})
	s.control.HandleFunc("POST /_mock/reset", s.controlAdmin(s.controlReset))
	s.control.HandleFunc("GET /_mock/state", s.controlAdmin(s.controlGetState))
	s.control.HandleFunc("PUT /_mock/state", s.controlAdmin(s.controlPutState))
	s.control.HandleFunc("GET /_mock/clock", s.controlAdmin(s.controlGetClock))
	s.control.HandleFunc("POST /_mock/clock", s.controlAdmin(s.controlAdvanceClock))
	s.control.HandleFunc("GET /_mock/faults", s.controlAdmin(s.controlGetFaults))
	s.control.HandleFunc("PUT /_mock/faults", s.controlAdmin(s.controlPutFaults))
	s.control.HandleFunc("POST /_mock/usage", s.controlAdmin(s.controlAddUsage))
	s.control.HandleFunc("POST /_mock/pool-accounts/{id}/status", s.controlAdmin(s.controlPoolAccountStatus))
	s.control.HandleFunc("GET /_mock/requests", s.controlAdmin(s.controlRequests))
	s.control.HandleFunc("/_mock/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, controlErrorJSON{Error: "no control endpoint " + r.Method + " " + r.URL.Path})
	})
}

// serveControl answers a control API request and reports whether r was one.
func (s *Server) serveControl(w http.ResponseWriter, r *http.Request) bool {
	if s.opts.NoControlAPI || !strings.HasPrefix(r.URL.Path, controlPrefix) {
		return false
	}
	s.control.ServeHTTP(w, r)
	return true
}

// controlAdmin runs h in the request pipeline (under the lock) for an admin caller only (401 otherwise).
func (s *Server) controlAdmin(h http.HandlerFunc) http.HandlerFunc {
	return s.pipeline(endpoint{api: controlAPIKind, bodyLimit: controlBodyLimit, handle: func(w http.ResponseWriter, r *http.Request) {
		if !callerFrom(r).admin {
			writeControlRefusal(w)
			return
		}
		h(w, r)
	}})
}

// controlBodyLimit bounds a control request body: a state snapshot may be large.
const controlBodyLimit = 64 << 20

// writeControlRefusal answers a control request without an admin bearer.
func writeControlRefusal(w http.ResponseWriter) {
	writeJSON(w, http.StatusUnauthorized, controlErrorJSON{Error: "the control API needs an admin bearer token (Authorization: Bearer <admin token>)"})
}

func writeControlError(w http.ResponseWriter, format string, args ...any) {
	writeJSON(w, http.StatusBadRequest, controlErrorJSON{Error: fmt.Sprintf(format, args...)})
}

// decodeControlBody decodes a control request body strictly: an unknown field is a mistake worth telling.
func decodeControlBody(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		writeControlError(w, "request body: %v", err)
		return false
	}
	return true
}

// controlReset puts the mock back to its first start: the root admin, the plan catalogue (the
// plans file's plans included), nothing else; the clock back to the configured one and no scripted
// faults pending. The fault rates stay as configured.
func (s *Server) controlReset(w http.ResponseWriter, _ *http.Request) {
	st := newState(s.opts.Now().UTC())
	if _, err := st.loadPlansFile(s.opts.PlansFile); err != nil {
		writeJSON(w, http.StatusInternalServerError, controlErrorJSON{Error: err.Error()})
		return
	}
	s.replaceState(st, 0)
	s.faults.clearScripted()
	writeJSON(w, http.StatusOK, controlStatusJSON{Status: "ok"})
}

func (s *Server) controlGetState(w http.ResponseWriter, _ *http.Request) {
	s.settleLeaseAPI()
	writeJSON(w, http.StatusOK, snapshotJSON{Now: formatTime(s.now()), ClockOffset: s.clockOffset.String(), State: s.state})
}

// controlPutState restores a snapshot taken by GET /_mock/state.
func (s *Server) controlPutState(w http.ResponseWriter, r *http.Request) {
	var in snapshotJSON
	if !decodeControlBody(w, r, &in) {
		return
	}
	if in.State == nil {
		writeControlError(w, "state: field is required (send what GET /_mock/state answered)")
		return
	}
	offset := time.Duration(0)
	if in.ClockOffset != "" {
		var err error
		if offset, err = time.ParseDuration(in.ClockOffset); err != nil {
			writeControlError(w, "clockOffset: %v", err)
			return
		}
	}
	in.State.fillMissingMaps()
	if in.State.RootTokenCreatedAt.IsZero() {
		in.State.RootTokenCreatedAt = s.state.RootTokenCreatedAt
	}
	s.replaceState(in.State, offset)
	writeJSON(w, http.StatusOK, snapshotJSON{Now: formatTime(s.now()), ClockOffset: s.clockOffset.String(), State: s.state})
}

// replaceState swaps the whole state and clock offset; the pipeline commits the result. The caller holds s.mu.
func (s *Server) replaceState(st *state, offset time.Duration) {
	s.changedAll(s.state) // what the new state lacks is deleted from the store
	s.state = st
	s.clockOffset = offset
	s.conflictsDue = map[string]int{}
	s.reindexAll()
	s.changedAll(st)
}

func (s *Server) controlGetClock(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, clockJSON{Now: formatTime(s.now())})
}

// controlAdvanceClock moves the clock forward, then settles the Lease API so leases past their
// expiry or budget end at once, as a request after the move would see them.
func (s *Server) controlAdvanceClock(w http.ResponseWriter, r *http.Request) {
	var in clockJSON
	if !decodeControlBody(w, r, &in) {
		return
	}
	d, err := time.ParseDuration(in.Advance)
	switch {
	case err != nil:
		writeControlError(w, "advance: %q is not a Go duration such as \"48h\" or \"90m\"", in.Advance)
		return
	case d < 0:
		writeControlError(w, "advance: the clock only moves forward, got %s", d)
		return
	}
	s.clockOffset += d
	s.settleLeaseAPI()
	writeJSON(w, http.StatusOK, clockJSON{Now: formatTime(s.now())})
}

func (s *Server) controlGetFaults(w http.ResponseWriter, _ *http.Request) {
	f, scripted := s.faults.settings()
	out := faultsJSON{
		Latency: f.Latency.String(), ErrorRate: f.ErrorRate, RateLimitRate: f.RateLimitRate,
		RetryAfter: f.RetryAfter.String(), DropRate: f.DropRate, Scripted: []scriptedFaultJSON{},
	}
	for _, sf := range scripted {
		j := scriptedFaultJSON{Method: sf.Method, Path: sf.Path, Status: sf.Status, Count: sf.Count}
		if sf.RetryAfter > 0 {
			j.RetryAfter = sf.RetryAfter.String()
		}
		out.Scripted = append(out.Scripted, j)
	}
	writeJSON(w, http.StatusOK, out)
}

// controlPutFaults replaces every fault setting; absent fields are zero (no fault).
func (s *Server) controlPutFaults(w http.ResponseWriter, r *http.Request) {
	var in faultsJSON
	if !decodeControlBody(w, r, &in) {
		return
	}
	f, scripted, err := in.parse()
	if err != nil {
		writeControlError(w, "%v", err)
		return
	}
	s.faults.set(f, scripted)
	s.controlGetFaults(w, r)
}

func (in faultsJSON) parse() (Faults, []ScriptedFault, error) {
	var f Faults
	var err error
	if f.Latency, err = optionalDuration("latency", in.Latency); err != nil {
		return f, nil, err
	}
	if f.RetryAfter, err = optionalDuration("retryAfter", in.RetryAfter); err != nil {
		return f, nil, err
	}
	for name, rate := range map[string]float64{"errorRate": in.ErrorRate, "rateLimitRate": in.RateLimitRate, "dropRate": in.DropRate} {
		if rate < 0 || rate > 1 {
			return f, nil, fmt.Errorf("%s: a fraction between 0 and 1, got %v", name, rate)
		}
	}
	f.ErrorRate, f.RateLimitRate, f.DropRate = in.ErrorRate, in.RateLimitRate, in.DropRate
	var scripted []ScriptedFault
	for i, sf := range in.Scripted {
		retryAfter, err := optionalDuration(fmt.Sprintf("scripted[%d].retryAfter", i), sf.RetryAfter)
		if err != nil {
			return f, nil, err
		}
		switch {
		case sf.Method == "" || sf.Path == "":
			return f, nil, fmt.Errorf("scripted[%d]: method and path are required", i)
		case sf.Status < 100 || sf.Status > 599:
			return f, nil, fmt.Errorf("scripted[%d].status: an HTTP status, got %d", i, sf.Status)
		case sf.Count < 1:
			return f, nil, fmt.Errorf("scripted[%d].count: how many requests to answer, at least 1, got %d", i, sf.Count)
		}
		scripted = append(scripted, ScriptedFault{Method: strings.ToUpper(sf.Method), Path: sf.Path, Status: sf.Status, Count: sf.Count, RetryAfter: retryAfter})
	}
	return f, scripted, nil
}

func optionalDuration(name, raw string) (time.Duration, error) {
	if raw == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(raw)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%s: %q is not a Go duration of zero or more, such as \"250ms\"", name, raw)
	}
	return d, nil
}

// controlAddUsage adds cost to principals' daily usage records, as DCE's usage job would, then
// settles the Lease API so a lease that went over its budget ends at once. It answers the daily
// records it touched.
func (s *Server) controlAddUsage(w http.ResponseWriter, r *http.Request) {
	var in []usageAddJSON
	if !decodeControlBody(w, r, &in) {
		return
	}
	type add struct {
		principal, account string
		day                time.Time
		cost               float64
	}
	adds := make([]add, 0, len(in))
	for i, rec := range in {
		day := s.now()
		if rec.Date != "" {
			var err error
			if day, err = parseControlDate(rec.Date); err != nil {
				writeControlError(w, "[%d].date: %v", i, err)
				return
			}
		}
		switch {
		case rec.PrincipalID == "":
			writeControlError(w, "[%d].principalId: required", i)
			return
		case !awsAccountIDPattern.MatchString(rec.AccountID):
			writeControlError(w, "[%d].accountId: a 12-digit AWS account id, got %q", i, rec.AccountID)
			return
		case rec.CostAmount == nil:
			writeControlError(w, "[%d].costAmount: required", i)
			return
		}
		adds = append(adds, add{rec.PrincipalID, rec.AccountID, day, *rec.CostAmount})
	}
	touched := []usageRecord{}
	for _, a := range adds {
		s.addUsage(a.principal, a.account, a.day, a.cost)
		touched = append(touched, *s.state.Usage[usageKey(a.principal, utcDay(a.day).Unix())])
	}
	s.settleLeaseAPI()
	writeJSON(w, http.StatusOK, touched)
}

// parseControlDate reads a date (2030-01-02), an RFC 3339 timestamp or epoch seconds.
func parseControlDate(raw string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, raw); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, raw); err == nil {
		return t, nil
	}
	if n, err := strconv.ParseInt(raw, 10, 64); err == nil {
		return time.Unix(n, 0).UTC(), nil
	}
	return time.Time{}, errors.New("a date (2030-01-02), an RFC 3339 timestamp or epoch seconds, got " + strconv.Quote(raw))
}

// controlPoolAccountStatus forces a pool account's status, as DCE's background jobs or an operator
// would set it. NotReady starts a reset: the account turns Ready after the ready delay.
func (s *Server) controlPoolAccountStatus(w http.ResponseWriter, r *http.Request) {
	var in poolAccountStatusJSON
	if !decodeControlBody(w, r, &in) {
		return
	}
	s.settleLeaseAPI()
	id := r.PathValue("id")
	a, ok := s.state.PoolAccounts[id]
	if !ok {
		writeJSON(w, http.StatusNotFound, controlErrorJSON{Error: fmt.Sprintf("pool account %q not found", id)})
		return
	}
	now := s.now()
	switch in.Status {
	case accountNotReady:
		s.resetAccount(a, now)
	case accountReady, accountLeased, accountOrphaned:
		a.Status = in.Status
		a.LastModifiedOn = epoch(now)
		a.ReadyAt = now
		s.changed(bucketPoolAccounts, a.ID)
	default:
		writeControlError(w, "status: one of %s, %s, %s, %s; got %q", accountNotReady, accountReady, accountLeased, accountOrphaned, in.Status)
		return
	}
	writeJSON(w, http.StatusOK, a.toJSON())
}

// controlRequests answers the latest journal entries, oldest first (?limit=N, default 100).
func (s *Server) controlRequests(w http.ResponseWriter, r *http.Request) {
	limit := defaultJournalAnswer
	if raw := r.URL.Query().Get("limit"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 {
			writeControlError(w, "limit: a whole number of 1 or more, got %q", raw)
			return
		}
		limit = n
	}
	records := s.Requests()
	if len(records) > limit {
		records = records[len(records)-limit:]
	}
	out := make([]requestRecordJSON, 0, len(records))
	for _, rec := range records {
		out = append(out, requestRecordJSON{
			Time: formatTime(rec.Time), Method: rec.Method, Path: rec.Path, Status: rec.Status,
			Duration: rec.Duration.String(), Millis: float64(rec.Duration.Microseconds()) / 1000,
		})
	}
	writeJSON(w, http.StatusOK, struct {
		Requests []requestRecordJSON `json:"requests"`
	}{out})
}
