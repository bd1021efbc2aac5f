// Package mockserver is an in-memory, stateful implementation of the sandbox platform's Account API
// and Lease API. It is an http.Handler: the acceptance tests start one per test, and the sandbox-mock
// command serves one for people trying the provider or testing their modules offline.
//
// It shares no types with the client: its wire structs are its own, and golden files copied from the
// API documents keep both sides honest.
package mockserver

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// RootAccountID is the id of the admin account that owns the configured admin token, like the
// real system's pre-created initial account.
const RootAccountID = "e71a6160-4144-4720-9e34-e5943458d129"

// Options configure a Server. The zero value serves an empty platform with the admin token "admin-token".
type Options struct {
	// AdminToken is the bearer secret of the root admin account.
	AdminToken string
	// StateFile, when set, is loaded at start and rewritten atomically after every change.
	StateFile string
	// AccountReadyDelay is how long a new or released pool account stays NotReady; zero means
	// DefaultAccountReadyDelay, a negative value makes accounts Ready at once.
	AccountReadyDelay time.Duration
	// UsageCostPerDay is what every UTC day of an active lease adds to its principal's usage; zero
	// means DefaultUsageCostPerDay, a negative value accrues nothing.
	UsageCostPerDay float64
	// SigV4AccessKeyID and SigV4SecretAccessKey, when set, make the Lease API accept only requests
	// signed with this key pair (AWS Signature Version 4, service execute-api) instead of bearer tokens.
	SigV4AccessKeyID     string
	SigV4SecretAccessKey string
	// SigV4SessionToken, when set, must come with signed requests as X-Amz-Security-Token.
	SigV4SessionToken string
	// SigV4Region, when set, is the only region a signature's scope may name.
	SigV4Region string
	// Faults are injected into every request (latency, errors, rate limits, dropped connections).
	Faults Faults
	// Now replaces the wall clock; tests move time with Server.AdvanceClock instead.
	Now func() time.Time
	// Logger receives one line per request; nil logs nothing.
	Logger *log.Logger
	// LeaseAPIBasePath, when set (e.g. "/api", real DCE's API Gateway stage), serves the Lease API
	// under that path instead of at the root; AccountAPIBasePath does the same for the Account API.
	LeaseAPIBasePath   string
	AccountAPIBasePath string
	// NoControlAPI turns off the control API under /_mock/ (see handler_control.go).
	NoControlAPI bool
	// PlansFile, when set, is a JSON array of plans (as GET /v1/accounts/{id}/plan returns them)
	// added to the built-in catalogue at start.
	PlansFile string
}

// DefaultAdminToken is the admin bearer secret used when Options.AdminToken is empty.
const DefaultAdminToken = "admin-token"

// Server is the mock platform. All of its methods are safe for concurrent use.
type Server struct {
	opts   Options
	mux    *http.ServeMux
	faults *faultInjector
	// control serves the control API under /_mock/.
	control *http.ServeMux

	mu    sync.Mutex
	state *state
	// clockOffset is added to the clock by AdvanceClock.
	clockOffset time.Duration
	// conflictsDue counts, per account id, writes that will find their revision moved by another writer.
	conflictsDue map[string]int

	// issuedSecrets lists every token secret ever handed out, deleted tokens' too, so tests can
	// prove none of them leaked into logs or state.
	issuedSecrets []string
	// inFlight and maxInFlight count requests being served, so tests can prove a CLI's parallelism.
	inFlight, maxInFlight atomic.Int64

	journalMu sync.Mutex
	journal   []RequestRecord
}

// RequestRecord is one request as the mock received it, for tests that check what a client sent,
// and how it was answered.
type RequestRecord struct {
	Time      time.Time
	Method    string
	Path      string
	UserAgent string
	// Status is the answer's status; 0 when the connection was dropped without one.
	Status   int
	Duration time.Duration
}

// journalLimit bounds the request journal so a long-running mock does not grow without end.
const journalLimit = 10000

// Requests returns the requests received so far (the latest journalLimit of them), oldest first.
func (s *Server) Requests() []RequestRecord {
	s.journalMu.Lock()
	defer s.journalMu.Unlock()
	return append([]RequestRecord(nil), s.journal...)
}

func (s *Server) record(r *http.Request, status int, started time.Time) {
	s.journalMu.Lock()
	defer s.journalMu.Unlock()
	if len(s.journal) >= journalLimit {
		s.journal = s.journal[1:]
	}
	s.journal = append(s.journal, RequestRecord{Time: started.UTC(), Method: r.Method, Path: r.URL.Path, UserAgent: r.UserAgent(),
		Status: status, Duration: time.Since(started)})
}

// statusWriter remembers the status of an answer for the journal.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the connection (hijacking a dropped one).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// New builds a Server, loading Options.StateFile when it exists.
func New(opts Options) (*Server, error) {
	if opts.AdminToken == "" {
		opts.AdminToken = DefaultAdminToken
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	var err error
	if opts.LeaseAPIBasePath, err = normalizeBasePath("the Lease API base path", opts.LeaseAPIBasePath); err != nil {
		return nil, err
	}
	if opts.AccountAPIBasePath, err = normalizeBasePath("the Account API base path", opts.AccountAPIBasePath); err != nil {
		return nil, err
	}
	s := &Server{
		opts:         opts,
		mux:          http.NewServeMux(),
		faults:       newFaultInjector(opts.Faults),
		conflictsDue: map[string]int{},
	}
	st, err := loadState(opts.StateFile)
	if err != nil {
		return nil, err
	}
	if st == nil {
		st = newState(s.now())
	}
	if st.RootTokenCreatedAt.IsZero() {
		st.RootTokenCreatedAt = s.now().Truncate(time.Second)
	}
	if err := st.loadPlansFile(opts.PlansFile); err != nil {
		return nil, err
	}
	s.state = st
	s.routes()
	return s, nil
}

// Start serves a new Server on a loopback port for the length of a test and returns it with its URL.
func Start(tb testing.TB, opts Options) (*Server, string) {
	tb.Helper()
	s, err := New(opts)
	if err != nil {
		tb.Fatalf("starting mock server: %v", err)
	}
	ts := httptest.NewServer(s)
	tb.Cleanup(ts.Close)
	return s, ts.URL
}

// AdminToken returns the root admin's bearer secret.
func (s *Server) AdminToken() string { return s.opts.AdminToken }

// ServeHTTP answers CORS pre-flights without auth, applies injected faults, then routes the request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.opts.Logger != nil {
		s.opts.Logger.Printf("%s %s", r.Method, r.URL.RequestURI())
	}
	started, sw := time.Now(), &statusWriter{ResponseWriter: w}
	defer func() { s.record(r, sw.status, started) }()
	w = sw
	defer s.trackInFlight()()
	if r.Method == http.MethodOptions {
		writeCORS(w)
		return
	}
	// The control API is served before faults, so faults can always be switched off.
	if s.serveControl(w, r) {
		return
	}
	r, ok := s.routeBasePath(w, r)
	if !ok {
		return
	}
	if s.faults.intercept(w, r) {
		return
	}
	s.mux.ServeHTTP(w, r)
}

func (s *Server) routes() {
	s.accountRoutes()
	s.pluginRoutes()
	s.tokenRoutes()
	s.planRoutes()
	s.roleRoutes()
	s.leaseAPIRoutes()
	s.controlRoutes()
}

// now is the mock's clock: the configured clock moved on by AdvanceClock.
func (s *Server) now() time.Time {
	return s.opts.Now().Add(s.clockOffset).UTC()
}

// AdvanceClock moves the mock's clock forward, so tokens and leases expire without waiting.
func (s *Server) AdvanceClock(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clockOffset += d
}

// writeCORS answers an OPTIONS request on any path as both real systems' gateways do.
func writeCORS(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Allow-Methods", "*")
	h.Set("Access-Control-Allow-Headers", "Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token")
	writeJSON(w, http.StatusOK, struct{}{})
}

// writeJSON sends v with status; bodies end with a newline like the real systems'.
func writeJSON(w http.ResponseWriter, status int, v any) {
	writeJSONAs(w, status, "application/json; charset=utf-8", v)
}

// writeJSONAs is writeJSON with the content type of the API answering.
func writeJSONAs(w http.ResponseWriter, status int, contentType string, v any) {
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// accountAPIError is the Account API's single-message error body.
type accountAPIError struct {
	Error string `json:"error"`
}

// accountAPIErrors is the Account API's 400 body.
type accountAPIErrors struct {
	Errors []string `json:"errors"`
}

func writeAccountError(w http.ResponseWriter, status int, format string, args ...any) {
	writeJSON(w, status, accountAPIError{Error: fmt.Sprintf(format, args...)})
}

func writeAccountValidation(w http.ResponseWriter, problems []string) {
	writeJSON(w, http.StatusBadRequest, accountAPIErrors{Errors: problems})
}

// accountAPIBody is an Account API request body that can list what is wrong with it.
type accountAPIBody interface {
	problems() []string
}

// decodeAccountBody decodes r's JSON body into in and answers 400 with the Account API's errors
// list when the body is malformed or incomplete; it reports whether the handler may go on.
func decodeAccountBody(w http.ResponseWriter, r *http.Request, in accountAPIBody) bool {
	if err := decodeBody(r, in); err != nil {
		writeAccountValidation(w, []string{err.Error()})
		return false
	}
	if problems := in.problems(); len(problems) > 0 {
		writeAccountValidation(w, problems)
		return false
	}
	return true
}

// requiredField lists a problem when a required field is absent.
func requiredField[T any](name string, v *T) []string {
	if v == nil {
		return []string{name + ": field is required"}
	}
	return nil
}

// decodeBody decodes a JSON request body; unknown fields are ignored as the real system does.
func decodeBody(r *http.Request, v any) error {
	if r.Body == nil {
		return fmt.Errorf("request body is empty")
	}
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<20))
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("parse request payload error: %s", strings.TrimSpace(err.Error()))
	}
	return nil
}
