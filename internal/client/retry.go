package client

import (
	"context"
	"time"
)

// Backoff bounds an operation-level retry loop.
type Backoff struct {
	// Steps is the largest number of attempts.
	Steps int
	// Duration is the first wait; each later wait is Factor times longer, capped at Cap.
	Duration time.Duration
	Factor   float64
	Cap      time.Duration
}

// DefaultConflictBackoff suits revision conflicts between resources applied in parallel on one account.
var DefaultConflictBackoff = Backoff{Steps: 12, Duration: 20 * time.Millisecond, Factor: 1.6, Cap: time.Second}

// OnError runs fn until it succeeds, returns an error retriable rejects, or the steps run out.
// Each attempt must redo the whole operation (re-read, re-apply the change, resend), never resend an old request.
func OnError(ctx context.Context, backoff Backoff, retriable func(error) bool, fn func() error) error {
	wait := backoff.Duration
	var err error
	for attempt := 1; ; attempt++ {
		err = fn()
		if err == nil || !retriable(err) || attempt >= backoff.Steps {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(wait):
		}
		wait = min(time.Duration(float64(wait)*backoff.Factor), backoff.Cap)
	}
}
