package mockserver

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The Lease API follows Optum DCE 0.41 where the seed is silent: epoch-second times, the error body
// {"error":{"code":..,"message":..}}, 403 without valid auth, Content-Type application/json.

// Lease API error codes, as DCE sends them.
const (
	codeClientError     = "ClientError"
	codeValidation      = "RequestValidationError"
	codeNotFound        = "NotFoundError"
	codeAlreadyExists   = "AlreadyExistsError"
	codeConflict        = "ConflictError"
	codeServerError     = "ServerError"
	codeUnauthorized    = "Unauthorized"
	leaseAPIContentType = "application/json"
)

// Messages the seed states word for word; the mock sends them where the seed lists the answer.
const (
	msgFailedToParseBody = "Failed to Parse Request Body"
	msgPastExpiry        = "Requested lease has a desired expiry date less than today: %d"
	msgNoAvailable       = "No Available accounts at this moment"
	msgMissingAuthToken  = "Missing Authentication Token"
)

// DefaultAccountReadyDelay is how long a pool account stays NotReady when Options.AccountReadyDelay is zero.
const DefaultAccountReadyDelay = 500 * time.Millisecond

// DefaultUsageCostPerDay is what a leased account costs per UTC day when Options.UsageCostPerDay is zero.
const DefaultUsageCostPerDay = 10.0

// Real DCE limits: a lease lasts at most a week and may not budget more than 1000; a principal may
// spend 1000 per week (weeks start on Sunday, 00:00 UTC).
const (
	maxLeasePeriod       = 7 * 24 * time.Hour
	maxLeaseBudget       = 1000.0
	principalBudget      = 1000.0
	usageRecordTTL       = 30 * 24 * time.Hour
	defaultScanLimit     = 25
	pageLinkRelNext      = `rel="next"`
	leasesCursorAccount  = "nextAccountId"
	leasesCursorPrinc    = "nextPrincipalId"
	accountsCursorID     = "nextId"
	principalRoleNameFmt = "arn:aws:iam::%s:role/DCEPrincipal"
)

// leaseErrorJSON is the Lease API's error body.
type leaseErrorJSON struct {
	Error leaseErrorDetail `json:"error"`
}

type leaseErrorDetail struct {
	Message string `json:"message"`
	Code    string `json:"code"`
}

// gatewayMessageJSON is API Gateway's own 403 body, sent before the request reaches DCE.
type gatewayMessageJSON struct {
	Message string `json:"message"`
}

// writeLeaseJSON sends a Lease API answer with the real content type and CORS header.
func writeLeaseJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	writeJSONAs(w, status, leaseAPIContentType, v)
}

func writeLeaseError(w http.ResponseWriter, status int, code, format string, args ...any) {
	writeLeaseJSON(w, status, leaseErrorJSON{Error: leaseErrorDetail{Code: code, Message: fmt.Sprintf(format, args...)}})
}

// validationMessage formats DCE's "<group> validation error: <field>: <msg>; ...." with fields sorted.
func validationMessage(group string, problems map[string]string) string {
	fields := make([]string, 0, len(problems))
	for f := range problems {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	parts := make([]string, 0, len(fields))
	for _, f := range fields {
		parts = append(parts, f+": "+problems[f])
	}
	return group + " validation error: " + strings.Join(parts, "; ") + "."
}

func writeValidationError(w http.ResponseWriter, group string, problems map[string]string) {
	writeLeaseError(w, http.StatusBadRequest, codeValidation, "%s", validationMessage(group, problems))
}

// checkQueryParams answers 400 for a query parameter the route does not know, as DCE's schema decoder does.
func checkQueryParams(w http.ResponseWriter, r *http.Request, known ...string) bool {
	for key := range r.URL.Query() {
		if !containsString(known, key) {
			writeLeaseError(w, http.StatusBadRequest, codeValidation, "Error parsing query params: schema: invalid path %q", key)
			return false
		}
	}
	return true
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// scanLimit reads the limit parameter: the number of items a page evaluates (not returns).
func scanLimit(w http.ResponseWriter, r *http.Request) (int, bool) {
	raw := r.URL.Query().Get("limit")
	if raw == "" {
		return defaultScanLimit, true
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n <= 0 {
		writeLeaseError(w, http.StatusBadRequest, codeValidation, "Error parsing query params: schema: error converting value for \"limit\"")
		return 0, false
	}
	return n, true
}

// setNextLink sets DCE's Link header for the next page: the request's scheme and host, its path, and
// every query parameter but the old cursor plus the new one, keys in alphabetical order.
func setNextLink(w http.ResponseWriter, r *http.Request, cursor map[string]string) {
	q := url.Values{}
	for key, values := range r.URL.Query() {
		if key == leasesCursorAccount || key == leasesCursorPrinc || key == accountsCursorID {
			continue
		}
		q[key] = values
	}
	for key, value := range cursor {
		q.Set(key, value)
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if proto := r.Header.Get("X-Forwarded-Proto"); proto != "" {
		scheme = proto
	}
	next := url.URL{Scheme: scheme, Host: r.Host, Path: basePathOf(r) + r.URL.Path, RawQuery: q.Encode()}
	w.Header().Set("Link", "<"+next.String()+">; "+pageLinkRelNext)
}

// gatewayMissingRoute answers an unknown method on a Lease API path as API Gateway does.
func gatewayMissingRoute(w http.ResponseWriter, _ *http.Request) {
	writeLeaseJSON(w, http.StatusForbidden, gatewayMessageJSON{Message: msgMissingAuthToken})
}

func (s *Server) leaseAPIRoutes() {
	s.poolAccountRoutes()
	s.leaseRoutes()
	s.usageRoutes()
	for _, p := range []string{"/accounts", "/accounts/", "/leases", "/leases/", "/usage", "/usage/"} {
		s.mux.HandleFunc(p, gatewayMissingRoute)
	}
}

// epoch converts the mock's clock to the Lease API's epoch seconds.
func epoch(t time.Time) int64 { return t.Unix() }

// accountReadyDelay is how long a new or released pool account stays NotReady.
func (s *Server) accountReadyDelay() time.Duration {
	if s.opts.AccountReadyDelay != 0 {
		return max(s.opts.AccountReadyDelay, 0)
	}
	return DefaultAccountReadyDelay
}

func (s *Server) usageCostPerDay() float64 {
	if s.opts.UsageCostPerDay != 0 {
		return max(s.opts.UsageCostPerDay, 0)
	}
	return DefaultUsageCostPerDay
}
