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
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// RootAccountID is the id of the admin account that owns the configured admin token, like the
// real system's pre-created initial account.
const RootAccountID = "e71a6160-4144-4720-9e34-e5943458d129"

// Options configure a Server. The zero value serves an empty platform with the admin token "admin-token".
type Options struct {
	// AdminToken is the bearer secret of the root admin account.
	AdminToken string
	// StateFile, when set, is a bbolt database loaded at start; every change is committed to it
	// (with fsync) before the answer leaves. Empty keeps everything in memory.
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
	// Logger receives one access-log line per request (level Info) and every error (level Error).
	// Nil logs no access lines and sends errors to slog.Default().
	Logger *slog.Logger
	// BodyReadTimeout bounds how long a request body may take to arrive; zero means
	// DefaultBodyReadTimeout.
	BodyReadTimeout time.Duration
	// NoSecretRecords drops the record of handed-out token secrets and lease credentials that tests
	// search logs and state for (kept otherwise, the latest recordLimit of each). sandbox-mock sets it.
	NoSecretRecords bool
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

// DefaultBodyReadTimeout is how long a request body may take to arrive when Options.BodyReadTimeout is zero.
const DefaultBodyReadTimeout = 30 * time.Second

// Server is the mock platform. All of its methods are safe for concurrent use.
type Server struct {
	opts   Options
	mux    *http.ServeMux
	faults *faultInjector
	log    *slog.Logger
	// store makes changes durable; nil keeps everything in memory.
	store store
	// control serves the control API under /_mock/.
	control *http.ServeMux

	// mu guards the state. Reads take it shared (see handleRead), everything else exclusively.
	mu    sync.RWMutex
	state *state
	// idx holds the state's lookups (see index.go).
	idx *indexes
	// changes lists the objects the request being served changed, so only they are committed.
	changes changeSet
	// settleDue is when settleLeaseAPI next has work; a change to a lease, pool account or usage
	// record sets it to zero (now).
	settleDue time.Time
	// clockOffset is added to the clock by AdvanceClock.
	clockOffset time.Duration
	// conflictsDue counts, per account id, writes that will find their revision moved by another writer.
	conflictsDue map[string]int

	// issuedSecrets lists the token secrets handed out, deleted tokens' too, unless
	// Options.NoSecretRecords is set, so tests can prove none of them leaked into logs or state.
	issuedSecrets ring[string]
	// leaseCredentials lists the credentials POST /leases/{id}/auth handed out, unless Options.NoSecretRecords is set.
	leaseCredentials ring[leaseAuthJSON]
	// inFlight and maxInFlight count requests being served, so tests can prove a CLI's parallelism.
	inFlight, maxInFlight atomic.Int64

	journalMu sync.Mutex
	journal   ring[RequestRecord]
}

// recordLimit bounds each list of handed-out secrets a test asked the mock to keep, and the journal.
const recordLimit = 10000

// ring keeps the latest recordLimit values appended to it.
type ring[T any] struct {
	buf  []T
	next int
}

func (r *ring[T]) add(v T) {
	if len(r.buf) < recordLimit {
		r.buf = append(r.buf, v)
		return
	}
	r.buf[r.next] = v
	r.next = (r.next + 1) % recordLimit
}

// values returns a copy of the kept values, oldest first.
func (r *ring[T]) values() []T {
	out := make([]T, 0, len(r.buf))
	out = append(out, r.buf[r.next:]...)
	return append(out, r.buf[:r.next]...)
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

// Requests returns the requests received so far (the latest recordLimit of them), oldest first.
func (s *Server) Requests() []RequestRecord {
	s.journalMu.Lock()
	defer s.journalMu.Unlock()
	return s.journal.values()
}

func (s *Server) record(r *http.Request, status int, started time.Time) {
	s.journalMu.Lock()
	defer s.journalMu.Unlock()
	s.journal.add(RequestRecord{Time: started.UTC(), Method: r.Method, Path: r.URL.Path, UserAgent: r.UserAgent(),
		Status: status, Duration: time.Since(started)})
}

// New builds a Server, loading Options.StateFile when it exists. A state file that cannot be opened
// or read fails the start.
func New(opts Options) (*Server, error) {
	if opts.AdminToken == "" {
		opts.AdminToken = DefaultAdminToken
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.BodyReadTimeout == 0 {
		opts.BodyReadTimeout = DefaultBodyReadTimeout
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
		log:          opts.Logger,
		conflictsDue: map[string]int{},
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if err := s.open(); err != nil {
		return nil, err
	}
	s.routes()
	return s, nil
}

// TB is the part of testing.TB that Start needs; the package does not import testing, so the
// sandbox-mock command does not carry it.
type TB interface {
	Helper()
	Fatalf(format string, args ...any)
	Cleanup(func())
}

// Start serves a new Server on a loopback port for the length of a test and returns it with its
// URL.
func Start(tb TB, opts Options) (*Server, string) {
	tb.Helper()
	s, err := New(opts)
	if err != nil {
		tb.Fatalf("starting mock server: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("starting mock server: %v", err)
	}
	hs := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	tb.Cleanup(func() {
		_ = hs.Close()
		_ = s.Close()
	})
	return s, "http://" + ln.Addr().String()
}

// Close releases the state file. The server must not be used afterwards.
func (s *Server) Close() error {
	if s.store == nil {
		return nil
	}
	return s.store.close()
}

// AdminToken returns the root admin's bearer secret.
func (s *Server) AdminToken() string { return s.opts.AdminToken }

// ServeHTTP answers CORS pre-flights without auth, applies injected faults, then routes the request
// to its endpoint's pipeline (see pipeline.go). Every request gets one access-log line.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	defer s.trackInFlight()()
	lw := &loggingWriter{ResponseWriter: w}
	if r.Body != nil && r.Body != http.NoBody && r.ContentLength != 0 {
		lw.body = &trackedBody{ReadCloser: r.Body}
		r.Body = lw.body
	}
	defer func() {
		s.record(r, lw.status, start)
		s.logAccess(lw, r, start)
	}()
	if r.Method == http.MethodOptions {
		writeCORS(lw)
		return
	}
	// The control API is served before faults, so faults can always be switched off.
	if s.serveControl(lw, r) {
		return
	}
	r, ok := s.routeBasePath(lw, r)
	if !ok {
		return
	}
	if s.faults.intercept(lw, r) {
		return
	}
	s.mux.ServeHTTP(lw, r)
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
	s.settleDue = time.Time{}
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
	writeJSONAs(w, status, jsonContentType, v)
}

// jsonContentType is the content type of the Account API's and the mock's JSON answers.
const jsonContentType = "application/json; charset=utf-8"

// writeJSONBody sends an answer already encoded as writeJSON encodes one.
func writeJSONBody(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", jsonContentType)
	w.WriteHeader(status)
	_, _ = w.Write(body)
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
	dec := json.NewDecoder(r.Body)
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("parse request payload error: %s", strings.TrimSpace(err.Error()))
	}
	return nil
}
