package mockserver

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"sync"
	"time"
)

// Every endpoint runs the same pipeline, so no client can stall the others and no answer claims
// what was not saved:
//
//  1. authenticate from the headers alone (a SigV4 signature is checked over the headers and the
//     declared payload hash), refusing before a byte of the body is read;
//  2. read the body outside any lock, bounded by the endpoint's size limit and a read deadline;
//  3. take the lock, settle leases and pool accounts up to the clock, run the handler into a buffer;
//  4. commit if, and only if, the handler (or the settling) changed something, outside the lock;
//  5. answer: the buffered answer, or a 500 when the commit failed (always logged).
//
// A read (GET or HEAD) changes nothing, so while nothing is due to settle it skips steps 3 to 5:
// it runs under the shared lock, in parallel with other reads, straight into the answer.
//
// Faults are applied before all of this, in ServeHTTP.

// apiKind is the API an endpoint belongs to; it decides how refusals and errors are written.
type apiKind int

const (
	accountAPIKind apiKind = iota
	leaseAPIKind
	// controlAPIKind is the mock's own control API under /_mock/ (bearer only, admins only).
	controlAPIKind
)

// Body size limits: uploads carry a WebAssembly binary of up to maxWasmBytes and a small form around it.
const (
	defaultBodyLimit = 1 << 20
	uploadBodyLimit  = maxWasmBytes + 2<<20
)

// endpoint is a route's settings in the pipeline.
type endpoint struct {
	api apiKind
	// public endpoints skip the pipeline's authentication (GET /v1/login/token does its own).
	public    bool
	bodyLimit int64
	handle    http.HandlerFunc
}

// accountAPI runs an Account API handler in the pipeline: bearer authentication (401 otherwise).
func (s *Server) accountAPI(h http.HandlerFunc) http.HandlerFunc {
	return s.pipeline(endpoint{api: accountAPIKind, bodyLimit: defaultBodyLimit, handle: h})
}

// accountAPIUpload is accountAPI with the upload body limit.
func (s *Server) accountAPIUpload(h http.HandlerFunc) http.HandlerFunc {
	return s.pipeline(endpoint{api: accountAPIKind, bodyLimit: uploadBodyLimit, handle: h})
}

// publicAccountAPI runs an Account API handler in the pipeline without authenticating first.
func (s *Server) publicAccountAPI(h http.HandlerFunc) http.HandlerFunc {
	return s.pipeline(endpoint{api: accountAPIKind, public: true, bodyLimit: defaultBodyLimit, handle: h})
}

// leaseAPI runs a Lease API handler in the pipeline. Any valid bearer of the platform (the admin
// token, or an unexpired API token) is accepted, or, when the server has a SigV4 key pair, only a
// request signed with it; others get API Gateway's 403.
func (s *Server) leaseAPI(h http.HandlerFunc) http.HandlerFunc {
	return s.pipeline(endpoint{api: leaseAPIKind, bodyLimit: defaultBodyLimit, handle: h})
}

func (s *Server) pipeline(ep endpoint) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { s.serve(ep, w, r) }
}

// serve is the pipeline itself.
func (s *Server) serve(ep endpoint, w http.ResponseWriter, r *http.Request) {
	if ep.api == accountAPIKind && refuseMalformedAccountRequest(w, r) {
		return
	}
	signed, refusal, ok := s.authenticateHeaders(ep, r)
	if !ok {
		writeRefusal(ep.api, w, refusal)
		return
	}
	body, status, err := readBody(w, r, ep.bodyLimit, s.opts.BodyReadTimeout)
	if err != nil {
		writeAPIError(ep.api, w, status, err.Error())
		return
	}
	if body != nil {
		r.Body = &bodyReader{Reader: bytes.NewReader(body)}
	}
	if signed != nil {
		hash := payloadSHA256Hex(body)
		if !signed.verified && !s.sigV4SignatureMatches(r, signed, hash) {
			writeRefusal(ep.api, w, msgBadSignature)
			return
		}
		if signed.declaredHash != "" && signed.declaredHash != hash {
			writeRefusal(ep.api, w, msgPayloadHashMismatch)
			return
		}
	}
	if s.handleRead(ep, signed != nil, w, r) {
		return
	}
	buf := newResponseBuffer()
	defer buf.release()
	wait := s.handleLocked(ep, signed != nil, buf, r)
	if err := wait(); err != nil {
		s.log.LogAttrs(r.Context(), slog.LevelError, "saving state failed",
			slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.String("error", err.Error()))
		writeAPIError(ep.api, w, http.StatusInternalServerError,
			"the mock changed its state but could not save it to its state file: "+err.Error())
		return
	}
	buf.flushTo(w)
}

// handleRead serves a read under the shared lock and reports whether it did. It does not when the
// request may change the state: a write, a public endpoint (GET /v1/login/token answers from the
// secret alone but is kept with the writes for simplicity), or a read that finds leases or pool
// accounts due to settle (settling writes, so that read takes the exclusive path once).
func (s *Server) handleRead(ep endpoint, signed bool, w http.ResponseWriter, r *http.Request) bool {
	if ep.public || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		return false
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if !s.now().Before(s.settleDue) {
		return false
	}
	if r, ok := s.withCaller(ep, signed, w, r); ok {
		ep.handle(w, r)
	}
	return true
}

// handleLocked authenticates the bearer again (withCaller), settles, runs the handler and hands the changes to the store, all under s.mu. It returns the
// function that waits for the commit.
func (s *Server) handleLocked(ep endpoint, signed bool, w http.ResponseWriter, r *http.Request) func() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.withCaller(ep, signed, w, r)
	if !ok {
		return noCommit
	}
	s.settleLeaseAPI()
	ep.handle(w, r)
	return s.commitChanges()
}

// withCaller authenticates a bearer request against the state as it is now (it may have moved
// since the header check) and returns it carrying its caller; a refused one is answered and gives
// false. Public and signed requests pass as they are. The caller holds s.mu, shared or not.
func (s *Server) withCaller(ep endpoint, signed bool, w http.ResponseWriter, r *http.Request) (*http.Request, bool) {
	if ep.public || signed {
		return r, true
	}
	c, ok := s.authenticateFor(ep.api, r)
	if !ok {
		writeRefusal(ep.api, w, msgMissingAuthToken)
		return r, false
	}
	return r.WithContext(context.WithValue(r.Context(), callerKey{}, c)), true
}

// authenticateHeaders is the pipeline's first step. A SigV4 request's signature is checked here
// when its payload hash is known without the body (declared in X-Amz-Content-Sha256, or no body);
// otherwise the returned request is checked once the bounded body has been read. A bearer is
// looked up here only when a body follows, so a stranger cannot make the mock read one.
func (s *Server) authenticateHeaders(ep endpoint, r *http.Request) (*sigV4Request, string, bool) {
	switch {
	case ep.public:
		return nil, "", true
	case ep.api == leaseAPIKind && s.opts.SigV4AccessKeyID != "":
		signed, msg, ok := s.sigV4Headers(r)
		if !ok {
			return nil, msg, false
		}
		hash := signed.declaredHash
		if hash == "" && !hasBody(r) {
			hash = payloadSHA256Hex(nil)
		}
		if hash != "" {
			if !s.sigV4SignatureMatches(r, signed, hash) {
				return nil, msgBadSignature, false
			}
			signed.verified = true
		}
		return signed, "", true
	case hasBody(r):
		s.mu.RLock()
		_, ok := s.authenticateFor(ep.api, r)
		s.mu.RUnlock()
		if !ok {
			return nil, msgMissingAuthToken, false
		}
	}
	return nil, "", true
}

// authenticateFor finds the caller of a bearer request: the Account API also takes Golem's session
// cookie. It only reads the state; the caller holds s.mu, shared or not.
func (s *Server) authenticateFor(api apiKind, r *http.Request) (caller, bool) {
	if api == accountAPIKind {
		return s.authenticateSecret(accountAPISecret(r))
	}
	return s.authenticate(r)
}

func hasBody(r *http.Request) bool {
	return r.Body != nil && r.Body != http.NoBody && r.ContentLength != 0
}

// noCommit is the wait of a request that changed nothing.
func noCommit() error { return nil }

// writeRefusal answers a request whose authentication failed, as each API's gateway does.
func writeRefusal(api apiKind, w http.ResponseWriter, leaseAPIMessage string) {
	switch api {
	case leaseAPIKind:
		writeLeaseJSON(w, http.StatusForbidden, gatewayMessageJSON{Message: leaseAPIMessage})
		return
	case controlAPIKind:
		writeControlRefusal(w)
		return
	}
	writeAccountError(w, http.StatusUnauthorized, "Could not authenticate user using token")
}

// writeAPIError answers with status and message in the API's error body.
func writeAPIError(api apiKind, w http.ResponseWriter, status int, message string) {
	if api == leaseAPIKind {
		code := codeClientError
		if status >= http.StatusInternalServerError {
			code = codeServerError
		}
		writeLeaseError(w, status, code, "%s", message)
		return
	}
	writeAccountError(w, status, "%s", message)
}

// bodyReader is a request body already read into memory.
type bodyReader struct{ *bytes.Reader }

func (*bodyReader) Close() error { return nil }

// readBody reads r's body whole, refusing one over limit (413) or one that does not arrive within
// timeout (408). A request without a body gives nil.
func readBody(w http.ResponseWriter, r *http.Request, limit int64, timeout time.Duration) ([]byte, int, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, 0, nil
	}
	if r.ContentLength > limit {
		return nil, http.StatusRequestEntityTooLarge, fmt.Errorf("request body of %d bytes is over this endpoint's limit of %d bytes", r.ContentLength, limit)
	}
	rc := http.NewResponseController(w)
	deadlineSet := rc.SetReadDeadline(time.Now().Add(timeout)) == nil
	var buf bytes.Buffer
	if r.ContentLength > 0 {
		buf.Grow(int(r.ContentLength))
	}
	_, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		// The rest of the body is not wanted: the connection closes after the answer (and the
		// expired deadline keeps the server from waiting to drain it).
		w.Header().Set("Connection", "close")
	} else if deadlineSet {
		_ = rc.SetReadDeadline(time.Time{})
	}
	var tooLarge *http.MaxBytesError
	switch {
	case err == nil:
		return buf.Bytes(), 0, nil
	case errors.As(err, &tooLarge):
		return nil, http.StatusRequestEntityTooLarge, fmt.Errorf("request body is over this endpoint's limit of %d bytes", limit)
	case errors.Is(err, os.ErrDeadlineExceeded):
		return nil, http.StatusRequestTimeout, fmt.Errorf("request body did not arrive within %s", timeout)
	default:
		return nil, http.StatusBadRequest, fmt.Errorf("reading the request body: %w", err)
	}
}

// responseBuffer holds a handler's answer until the change behind it is committed.
type responseBuffer struct {
	header http.Header
	status int
	body   bytes.Buffer
}

var responseBuffers = sync.Pool{New: func() any { return &responseBuffer{header: http.Header{}} }}

func newResponseBuffer() *responseBuffer { return responseBuffers.Get().(*responseBuffer) }

// release returns the buffer to the pool; large bodies (plugin lists, long pages) are let go.
func (b *responseBuffer) release() {
	if b.body.Cap() > 1<<20 {
		return
	}
	clear(b.header)
	b.status = 0
	b.body.Reset()
	responseBuffers.Put(b)
}

func (b *responseBuffer) Header() http.Header { return b.header }

func (b *responseBuffer) WriteHeader(status int) {
	if b.status == 0 {
		b.status = status
	}
}

func (b *responseBuffer) Write(p []byte) (int, error) {
	b.WriteHeader(http.StatusOK)
	return b.body.Write(p)
}

// flushTo sends the buffered answer.
func (b *responseBuffer) flushTo(w http.ResponseWriter) {
	h := w.Header()
	for k, v := range b.header {
		h[k] = v
	}
	if b.status == 0 {
		b.status = http.StatusOK
	}
	w.WriteHeader(b.status)
	_, _ = w.Write(b.body.Bytes())
}

// loggingWriter counts what a request was answered, for the access log. An answer sent before the
// request's body was read closes the connection, so the server does not wait to drain a body that
// nobody wants (a slow or huge one).
type loggingWriter struct {
	http.ResponseWriter
	body   *trackedBody
	status int
	bytes  int64
}

func (w *loggingWriter) WriteHeader(status int) {
	if w.status != 0 {
		return
	}
	w.status = status
	if w.body != nil && !w.body.sawEOF {
		w.Header().Set("Connection", "close")
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *loggingWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	n, err := w.ResponseWriter.Write(p)
	w.bytes += int64(n)
	return n, err
}

// trackedBody notes whether a request body was read to its end.
type trackedBody struct {
	io.ReadCloser
	sawEOF bool
}

func (b *trackedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err == io.EOF {
		b.sawEOF = true
	}
	return n, err
}

// Unwrap lets http.ResponseController reach the connection (read deadlines, hijacking).
func (w *loggingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logAccess writes the request's access-log line when the server has a logger that takes it
// (-quiet keeps errors only: then the line is not even built). A dropped connection logs status 0.
func (s *Server) logAccess(w *loggingWriter, r *http.Request, start time.Time) {
	if s.opts.Logger == nil || !s.log.Enabled(r.Context(), slog.LevelInfo) {
		return
	}
	s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
		slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Int("status", w.status),
		slog.Duration("duration", time.Since(start)), slog.Int64("bytes", w.bytes))
}
