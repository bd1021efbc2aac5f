package client

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Neither API takes an idempotency key, so a create whose answer was lost (the connection failed
// after the request was sent, or a 502/504/500 came back) is settled by looking at what the server
// holds, inside the same create call, bounded by max_retries and the caller's context.

// creationSkew is how much earlier than the client's clock a server may stamp an object it created
// for one of our requests (clock skew, and the APIs' whole-second timestamps).
const creationSkew = 2 * time.Second

// ExistsError is a create refused because the object is already there: either it existed before
// the first attempt (a previous apply died after creating it), or it differs from the
// configuration. It is never adopted silently; ImportID is the id an import block needs.
type ExistsError struct {
	// Kind names the object, e.g. "pool account".
	Kind     string
	ImportID string
	// Differences lists the configured arguments the existing object does not match; empty when
	// the object matches but existed before this create.
	Differences []string
	// Cause is the answer that revealed the object (a 409), if any.
	Cause error
}

// Error describes the existing object.
func (e *ExistsError) Error() string {
	if len(e.Differences) > 0 {
		return fmt.Sprintf("a %s %s exists and differs from the configuration in %s", e.Kind, e.ImportID, strings.Join(e.Differences, ", "))
	}
	return fmt.Sprintf("a %s %s already exists: it was there before this create", e.Kind, e.ImportID)
}

// Unwrap returns the answer that revealed the object.
func (e *ExistsError) Unwrap() error { return e.Cause }

// UnsettledError is a create whose outcome stayed unknown: every attempt may have acted, and
// looking found nothing, until the resends ran out.
type UnsettledError struct {
	Kind string
	// Sends is how many times the create was sent.
	Sends int
	Err   error
}

// Error says what happened, with the last failure.
func (e *UnsettledError) Error() string {
	return fmt.Sprintf("creating the %s: %d attempts got no answer the provider could trust, and looking for the %s found nothing; last failure: %v",
		e.Kind, e.Sends, e.Kind, e.Err)
}

// Unwrap returns the last failure.
func (e *UnsettledError) Unwrap() error { return e.Err }

// naturalKeyCreate describes the create of an object the API can find by a natural key.
type naturalKeyCreate[T any] struct {
	kind string
	// key names the object in log lines (its natural key).
	key  string
	send func(context.Context) (*T, error)
	// find returns the live object with the natural key, or nil.
	find func(context.Context) (*T, error)
	// differences lists the configured arguments found does not match.
	differences func(found *T) []string
	importID    func(found *T) string
	// createdBefore, when set, reports whether found was created before t (so it existed before
	// the first attempt even though that attempt's answer was lost).
	createdBefore func(found *T, t time.Time) bool
}

// createByNaturalKey sends spec's create and settles an unknown outcome by looking up the natural
// key: a matching object our attempts created is adopted, a missing one is sent again.
func createByNaturalKey[T any](ctx context.Context, c *Client, spec naturalKeyCreate[T]) (*T, error) {
	firstSent := time.Now()
	mayHaveActed := false
	for sends := 1; ; sends++ {
		obj, err := spec.send(ctx)
		if err == nil {
			return obj, nil
		}
		conflict := IsConflict(err)
		if !conflict && !OutcomeUnknown(err) {
			return nil, err
		}
		if conflict && attemptsOf(err) > 1 {
			// The transport resent the create after a 429 or 503; a gateway may have answered
			// that after its backend acted, so the conflict may be our own first attempt.
			mayHaveActed = true
		}
		found, findErr := spec.find(ctx)
		if findErr != nil {
			return nil, fmt.Errorf("%w (and looking the %s up failed: %w)", err, spec.kind, findErr)
		}
		switch {
		case found == nil && conflict:
			// A conflict about something else than this object (e.g. a principal's other lease).
			return nil, err
		case found == nil:
			mayHaveActed = true
			if sends > c.maxRetries {
				return nil, &UnsettledError{Kind: spec.kind, Sends: sends, Err: err}
			}
			tflog.Info(ctx, "create outcome unknown and the object is absent: sending it again",
				map[string]any{"kind": spec.kind, "key": spec.key, "attempt": sends, "failure": err.Error()})
			if !c.sleep(ctx, sends) {
				return nil, err
			}
			continue
		}
		id := spec.importID(found)
		fields := map[string]any{"kind": spec.kind, "key": spec.key, "id": id, "attempt": sends, "failure": err.Error()}
		if diffs := spec.differences(found); len(diffs) > 0 {
			fields["differences"] = diffs
			tflog.Info(ctx, "create found the object there but different from the configuration: not adopting it", fields)
			return nil, &ExistsError{Kind: spec.kind, ImportID: id, Differences: diffs, Cause: err}
		}
		predates := spec.createdBefore != nil && spec.createdBefore(found, firstSent.Add(-creationSkew))
		if conflict && !mayHaveActed || predates {
			tflog.Info(ctx, "create found the object there from before its first attempt: not adopting it", fields)
			return nil, &ExistsError{Kind: spec.kind, ImportID: id, Cause: err}
		}
		tflog.Info(ctx, "create outcome unknown and the object is there, matching the configuration: adopting it", fields)
		return found, nil
	}
}

// sleep waits the backoff before resend number n+1; false when ctx ended first.
func (c *Client) sleep(ctx context.Context, n int) bool {
	select {
	case <-ctx.Done():
		return false
	case <-time.After(c.backoff(c.waitMin, c.waitMax, n-1, nil)):
		return true
	}
}

// differ appends name to diffs when a and b differ.
func differ[V comparable](diffs []string, name string, configured, found V) []string {
	if configured != found {
		return append(diffs, name)
	}
	return diffs
}

// attemptsOf returns how many times the failed request was sent.
func attemptsOf(err error) int {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.Attempts
	}
	var reqErr *RequestError
	if errors.As(err, &reqErr) {
		return reqErr.Attempts
	}
	return 1
}
