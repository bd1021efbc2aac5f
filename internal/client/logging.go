package client

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// The client logs its requests to tflog under the subsystem "sandbox-client", through the context of
// the request, so the lines reach the CLI from the RPC that caused them. One retryablehttp client
// serves every request, so its Logger (which has no context) is unset and the same lines come from
// the hooks below, which do see the request's context.
const logSubsystem = "sandbox-client"

// attemptState is what the shared retryablehttp client's hooks need to know about one request: its
// description for the log, where to count attempts, and how to re-sign a retry.
type attemptState struct {
	method string
	// url is redacted (no userinfo password) before it is logged.
	url string
	// attempts, when set, receives how many times the request was sent.
	attempts *int
	// sign re-signs a retried request (SigV4 signatures cover the time); nil for bearer auth.
	sign func(*http.Request) error
	// failedAt and lastStatus describe the attempt that failed, for the "retrying request" line.
	failedAt   time.Time
	lastStatus int
	// secret is masked in every message and field the client logs.
	secret string
	// retryMax is the client's MaxRetries, for the "remaining" field.
	retryMax int
}

type attemptStateKey struct{}

func withAttemptState(ctx context.Context, st *attemptState) context.Context {
	return context.WithValue(ctx, attemptStateKey{}, st)
}

func attemptStateOf(ctx context.Context) *attemptState {
	st, _ := ctx.Value(attemptStateKey{}).(*attemptState)
	return st
}

// newRetryingClient builds the one retryablehttp client every request of c goes through.
func (c *Client) newRetryingClient() *retryablehttp.Client {
	return &retryablehttp.Client{
		HTTPClient:     c.httpClient,
		RetryWaitMin:   c.waitMin,
		RetryWaitMax:   c.waitMax,
		RetryMax:       c.maxRetries,
		CheckRetry:     loggingCheckRetry,
		Backoff:        c.backoff,
		ErrorHandler:   retryablehttp.PassthroughErrorHandler,
		RequestLogHook: beforeAttempt,
		PrepareRetry:   prepareRetry,
	}
}

// beforeAttempt runs before every attempt: it counts it and logs it as retryablehttp's own logger
// would have ("performing request" first, "retrying request" with the time waited after a failure).
func beforeAttempt(_ retryablehttp.Logger, r *http.Request, retry int) {
	st := attemptStateOf(r.Context())
	if st == nil {
		return
	}
	if st.attempts != nil {
		*st.attempts = retry + 1
	}
	if retry == 0 {
		logDebug(r.Context(), st, "performing request", map[string]any{"method": st.method, "url": st.url})
		return
	}
	desc := st.method + " " + st.url
	if st.lastStatus != 0 {
		desc = fmt.Sprintf("%s (status: %d)", desc, st.lastStatus)
	}
	logDebug(r.Context(), st, "retrying request", map[string]any{
		"request":   desc,
		"waited":    time.Since(st.failedAt).Round(time.Millisecond).String(),
		"attempt":   retry + 1,
		"remaining": st.remaining(retry),
	})
}

// remaining is what retryablehttp's own line reported: the retries left when the retry was decided.
func (st *attemptState) remaining(retry int) int { return st.retryMax - (retry - 1) }

// loggingCheckRetry records and logs a failed attempt, then leaves the decision to checkRetry.
func loggingCheckRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if st := attemptStateOf(ctx); st != nil {
		st.failedAt = time.Now()
		st.lastStatus = 0
		if resp != nil {
			st.lastStatus = resp.StatusCode
		}
		if err != nil {
			logError(ctx, st, "request failed", map[string]any{"error": err.Error(), "method": st.method, "url": st.url})
		}
	}
	return checkRetry(ctx, resp, err)
}

// prepareRetry re-signs a SigV4 request before it is sent again.
func prepareRetry(r *http.Request) error {
	if st := attemptStateOf(r.Context()); st != nil && st.sign != nil {
		return st.sign(r)
	}
	return nil
}

func logDebug(ctx context.Context, st *attemptState, msg string, fields map[string]any) {
	tflog.Debug(ctx, st.mask(msg), st.maskFields(fields))
}

func logError(ctx context.Context, st *attemptState, msg string, fields map[string]any) {
	tflog.Error(ctx, st.mask(msg), st.maskFields(fields))
}

// mask hides the secret in s, whatever put it there (a URL, a server's error text).
func (st *attemptState) mask(s string) string {
	if st.secret == "" {
		return s
	}
	return strings.ReplaceAll(s, st.secret, "***")
}

// maskFields masks the secret in every string field and adds the subsystem field.
func (st *attemptState) maskFields(fields map[string]any) map[string]any {
	for k, v := range fields {
		if s, ok := v.(string); ok {
			fields[k] = st.mask(s)
		}
	}
	fields["subsystem"] = logSubsystem
	return fields
}

// MaskSecrets returns ctx with every secret replaced by *** in all log messages and fields written
// through it. Empty strings are skipped: masking "" would garble every message.
func MaskSecrets(ctx context.Context, secrets ...string) context.Context {
	for _, s := range secrets {
		if s != "" {
			ctx = tflog.MaskMessageStrings(ctx, s)
			ctx = tflog.MaskAllFieldValuesStrings(ctx, s)
		}
	}
	return ctx
}
