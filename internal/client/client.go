// Package client is the HTTP client for the sandbox platform's Account API and Lease API.
//
// Resources in the provider call typed methods here; they never build URLs or decode JSON themselves.
// The package does not import the plugin framework.
package client

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/hashicorp/go-retryablehttp"
)

// API names one of the platform's two HTTP APIs; each may live at its own base URL.
type API int

const (
	// AccountAPI serves /v1/... (accounts, tokens, plans, roles, plugins).
	AccountAPI API = iota
	// LeaseAPI serves /accounts, /leases and /usage.
	LeaseAPI
)

// String names the API in messages.
func (a API) String() string {
	if a == LeaseAPI {
		return "Lease API"
	}
	return "Account API"
}

// Lease API authentication modes.
const (
	LeaseAuthToken = "token"
	LeaseAuthSigV4 = "sigv4"
)

// Config holds everything needed to build a Client.
type Config struct {
	// AccountAPIEndpoint is the base URL of the Account API, e.g. http://127.0.0.1:8080.
	AccountAPIEndpoint string
	// LeaseAPIEndpoint is the base URL of the Lease API.
	LeaseAPIEndpoint string
	// Token is the bearer secret sent to the Account API (and the Lease API in token mode).
	Token string
	// LeaseAPIAuth is LeaseAuthToken (default) or LeaseAuthSigV4.
	LeaseAPIAuth string
	// AWSRegion is the region SigV4 signatures are scoped to; empty means the AWS default chain's
	// (AWS_REGION, the shared config file).
	AWSRegion string
	// AWSCredentials replaces the AWS default credential chain for SigV4 (tests use it).
	AWSCredentials aws.CredentialsProvider
	// MaxRetries bounds the retries of one request; 0 disables retries.
	MaxRetries int
	// RequestTimeout bounds each HTTP attempt; zero means 30 seconds.
	RequestTimeout time.Duration
	// RetryWaitMin and RetryWaitMax bound the backoff between attempts; zero means 250ms and 15s.
	RetryWaitMin, RetryWaitMax time.Duration
	// UserAgent is sent on every request.
	UserAgent string
	// HTTPClient replaces the default pooled transport (tests use it).
	HTTPClient *http.Client
	// RootCAs, when set, are the certificate authorities trusted for https endpoints instead of
	// the system's alone (see LoadCACertPool).
	RootCAs *x509.CertPool
}

// Client talks to both APIs. It is safe for concurrent use.
type Client struct {
	accountBase *url.URL
	leaseBase   *url.URL
	token       string
	userAgent   string
	maxRetries  int
	waitMin     time.Duration
	waitMax     time.Duration
	httpClient  *http.Client
	// retrying wraps httpClient with the retry policy; one serves every request.
	retrying *retryablehttp.Client
	// sigv4 signs Lease API requests when lease_api_auth is "sigv4"; nil means bearer auth.
	sigv4 *sigV4Signer
	// tokens tells tokens this client created from ones a lost answer left behind.
	tokens tokenLedger
	// revisions lets account writes skip the read of the current revision (see WithCurrentRevision).
	revisions revisionBook
	// unavailable, when set, is returned by every call before anything is sent.
	unavailable error
}

// Unavailable returns a Client on which every call fails with err before anything is sent. The
// provider hands one out while its own settings are not yet known, so that work needing no request
// (planning a destroy) goes on and work needing one fails with a reason.
func Unavailable(err error) *Client {
	return &Client{unavailable: &NotConfiguredError{Err: err}}
}

// Err reports why the client cannot send requests, or nil when it can.
func (c *Client) Err() error {
	return c.unavailable
}

// New validates cfg and returns a Client.
func New(cfg Config) (*Client, error) {
	accountBase, err := parseBaseURL("account API endpoint", cfg.AccountAPIEndpoint)
	if err != nil {
		return nil, err
	}
	leaseBase, err := parseBaseURL("lease API endpoint", cfg.LeaseAPIEndpoint)
	if err != nil {
		return nil, err
	}
	if cfg.Token == "" {
		return nil, errors.New("a bearer token is required")
	}
	var signer *sigV4Signer
	switch cfg.LeaseAPIAuth {
	case "", LeaseAuthToken:
	case LeaseAuthSigV4:
		if signer, err = newSigV4Signer(cfg); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("unknown lease API auth %q: use %q or %q", cfg.LeaseAPIAuth, LeaseAuthToken, LeaseAuthSigV4)
	}
	if cfg.MaxRetries < 0 {
		return nil, fmt.Errorf("max retries must be zero or more, got %d", cfg.MaxRetries)
	}
	httpClient := cfg.HTTPClient
	if httpClient == nil {
		httpClient = newPooledHTTPClient()
	}
	timeout := cfg.RequestTimeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	httpClient.Timeout = timeout
	if cfg.RootCAs != nil {
		if err := withRootCAs(httpClient, cfg.RootCAs); err != nil {
			return nil, err
		}
	}
	c := &Client{
		accountBase: accountBase,
		leaseBase:   leaseBase,
		token:       cfg.Token,
		userAgent:   cfg.UserAgent,
		maxRetries:  cfg.MaxRetries,
		waitMin:     orDefault(cfg.RetryWaitMin, 250*time.Millisecond),
		waitMax:     orDefault(cfg.RetryWaitMax, 15*time.Second),
		httpClient:  httpClient,
		sigv4:       signer,
	}
	c.retrying = c.newRetryingClient()
	return c, nil
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

func parseBaseURL(what, raw string) (*url.URL, error) {
	if raw == "" {
		return nil, fmt.Errorf("the %s is required", what)
	}
	u, err := url.Parse(strings.TrimSuffix(raw, "/"))
	if err != nil {
		return nil, fmt.Errorf("the %s %q is not a URL: %w", what, raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("the %s %q must be an absolute http or https URL", what, raw)
	}
	return u, nil
}

// request describes one API call.
type request struct {
	api    API
	method string
	path   string
	query  url.Values
	// body is encoded as JSON unless rawBody is set.
	body        any
	rawBody     []byte
	contentType string
	// mayRetryBlindly is false for calls that create something: they are retried only when
	// the server certainly did not act on them.
	mayRetryBlindly bool
}

// response is what do returns besides the decoded body.
type response struct {
	header http.Header
}

func (c *Client) url(req *request) string {
	base := c.accountBase
	if req.api == LeaseAPI {
		base = c.leaseBase
	}
	u := *base
	u.Path = base.Path + req.path
	u.RawQuery = req.query.Encode()
	return u.String()
}

// do sends req and decodes a successful JSON answer into out (unless out is nil).
// A non-2xx answer becomes an *APIError.
func (c *Client) do(ctx context.Context, req *request, out any) (*response, error) {
	if c.unavailable != nil {
		return nil, c.unavailable
	}
	body := req.rawBody
	contentType := req.contentType
	if body == nil && req.body != nil {
		encoded, err := json.Marshal(req.body)
		if err != nil {
			return nil, fmt.Errorf("encoding %s %s: %w", req.method, req.path, err)
		}
		body = encoded
		contentType = "application/json"
	}
	var bodyReader io.Reader
	if body != nil {
		bodyReader = bytes.NewReader(body)
	}
	ctx = context.WithValue(ctx, blindRetryKey{}, req.mayRetryBlindly)
	target := c.url(req)
	// The hooks count the attempts, so errors can say how often the request was really sent.
	attempts := 0
	st := &attemptState{method: req.method, url: target, attempts: &attempts, secret: c.token, retryMax: c.maxRetries}
	if c.accountBase.User != nil || c.leaseBase.User != nil {
		st.url = redactedURL(target)
	}
	ctx = withAttemptState(ctx, st)
	httpReq, err := retryablehttp.NewRequestWithContext(ctx, req.method, target, bodyReader)
	if err != nil {
		return nil, fmt.Errorf("building %s %s: %w", req.method, req.path, err)
	}
	if contentType != "" {
		httpReq.Header.Set("Content-Type", contentType)
	}
	httpReq.Header.Set("Accept", "application/json")
	httpReq.Header.Set("User-Agent", c.userAgent)
	if req.api == LeaseAPI && c.sigv4 != nil {
		payloadHash := payloadSHA256(body)
		if err := c.sigv4.sign(ctx, httpReq.Request, payloadHash); err != nil {
			return nil, fmt.Errorf("%s %s: %w", req.method, req.path, err)
		}
		st.sign = func(r *http.Request) error { return c.sigv4.sign(ctx, r, payloadHash) }
	} else {
		httpReq.Header.Set("Authorization", "Bearer "+c.token)
	}

	resp, err := c.retrying.Do(httpReq)
	failed := func(kind FailureKind, err error) error {
		return &RequestError{API: req.api, Method: req.method, URL: st.url, Kind: kind, Attempts: max(attempts, 1), Err: err}
	}
	if err != nil {
		return nil, failed(classifyTransportError(err), err)
	}
	defer func() { _ = resp.Body.Close() }()
	buf := answerBuffers.Get().(*bytes.Buffer)
	defer putAnswerBuffer(buf)
	if _, err := buf.ReadFrom(io.LimitReader(resp.Body, maxBodyBytes)); err != nil {
		return nil, failed(classifyTransportError(err), fmt.Errorf("reading the answer: %w", err))
	}
	// payload is the pooled buffer's: decoding (json.RawMessage fields and newAPIError included) copies
	// what it keeps, so nothing refers to it once do returns.
	payload := buf.Bytes()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		apiErr := newAPIError(req.api, req.method, req.path, st.url, resp.StatusCode, payload)
		apiErr.Attempts = max(attempts, 1)
		return nil, apiErr
	}
	if out != nil && len(bytes.TrimSpace(payload)) > 0 {
		if err := json.Unmarshal(payload, out); err != nil {
			return nil, failed(FailureDecode, err)
		}
	}
	return &response{header: resp.Header}, nil
}

// maxBodyBytes bounds how much of a response is read; plugin lists are the largest answers.
const maxBodyBytes = 64 << 20

// answerBuffers holds the buffers answers are read into, so a plan's thousands of reads (and a
// list's pages of hundreds of kB) do not grow a new buffer each; io.ReadAll did, doubling as it read.
var answerBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledAnswer is the largest buffer kept for reuse; a rare huge answer is left to the collector.
const maxPooledAnswer = 4 << 20

func putAnswerBuffer(buf *bytes.Buffer) {
	if buf.Cap() > maxPooledAnswer {
		return
	}
	buf.Reset()
	answerBuffers.Put(buf)
}

// redactedURL hides a password in the URL's userinfo, as retryablehttp's own log lines did.
func redactedURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.Redacted()
}

// backoff honours Retry-After on 429 and 503 but never waits longer than the configured maximum.
func (c *Client) backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	return min(retryablehttp.DefaultBackoff(minWait, maxWait, attempt, resp), maxWait)
}

type blindRetryKey struct{}

// checkRetry retries reads, updates and deletes on connection errors, timeouts, 429 and 5xx, never
// on failures that would repeat (TLS, an unknown host, 501). A create is retried here only when the
// server certainly did not act: the connection was refused, or it answered 429 or 503; a create
// whose outcome is unknown is settled by its caller (settle.go), never resent blindly.
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	blind, _ := ctx.Value(blindRetryKey{}).(bool)
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err != nil {
		kind := classifyTransportError(err)
		if kind == FailureUnreachable {
			// Refused: a restarting server; an unknown host stays unknown.
			return errors.Is(err, syscall.ECONNREFUSED), nil
		}
		return blind && kind != FailureTLS && kind != FailureCanceled, nil
	}
	switch code := resp.StatusCode; {
	case code == http.StatusTooManyRequests, code == http.StatusServiceUnavailable:
		return true, nil
	case code >= 500 && code != http.StatusNotImplemented:
		return blind, nil
	}
	return false, nil
}
