package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Account is a platform account of the Account API.
type Account struct {
	ID       string   `json:"id"`
	Revision uint64   `json:"revision"`
	Name     string   `json:"name"`
	Email    string   `json:"email"`
	PlanID   string   `json:"planId"`
	Roles    []string `json:"roles"`
}

// AccountCreateInput is the body of POST /v1/accounts.
type AccountCreateInput struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

// AccountUpdateInput is the body of PUT /v1/accounts/{id}. Nil fields are left unchanged.
type AccountUpdateInput struct {
	CurrentRevision uint64  `json:"currentRevision"`
	Name            *string `json:"name,omitempty"`
	Email           *string `json:"email,omitempty"`
}

func accountPath(id string) string { return "/v1/accounts/" + url.PathEscape(id) }

// CreateAccount creates an account; it gets revision 0, no roles and the default plan. The Account
// API cannot find an account by email, so a lost answer is settled by sending again; a resend that
// meets "Email already in use" (and any such 409) is an *EmailInUseError.
func (c *Client) CreateAccount(ctx context.Context, in AccountCreateInput) (*Account, error) {
	mayHaveActed := false
	for sends := 1; ; sends++ {
		var out Account
		_, err := c.do(ctx, &request{api: AccountAPI, method: http.MethodPost, path: "/v1/accounts", body: in}, &out)
		switch {
		case err == nil:
			c.revisions.note(&out)
			return &out, nil
		case IsConflict(err):
			return nil, &EmailInUseError{Email: in.Email, ByLostRequest: mayHaveActed, Cause: err}
		case !OutcomeUnknown(err):
			return nil, err
		case sends > c.maxRetries:
			return nil, &UnsettledError{Kind: "account", Sends: sends, Err: err}
		}
		mayHaveActed = true
		tflog.Info(ctx, "account create outcome unknown: the API cannot look accounts up by email, so sending it again",
			map[string]any{"attempt": sends, "failure": err.Error()})
		if !c.sleep(ctx, sends) {
			return nil, err
		}
	}
}

// EmailInUseError is an account create refused because a live account has the email. When
// ByLostRequest is set, an earlier attempt of the same create may have made that account.
type EmailInUseError struct {
	Email         string
	ByLostRequest bool
	Cause         error
}

// Error names the email.
func (e *EmailInUseError) Error() string {
	if e.ByLostRequest {
		return fmt.Sprintf("an account with email %q exists, probably created by an earlier attempt of this create whose answer was lost", e.Email)
	}
	return fmt.Sprintf("an account with email %q already exists", e.Email)
}

// Unwrap returns the 409 answer.
func (e *EmailInUseError) Unwrap() error { return e.Cause }

// GetAccount reads one account; a deleted or unknown account is ErrNotFound.
func (c *Client) GetAccount(ctx context.Context, id string) (*Account, error) {
	var out Account
	_, err := c.do(ctx, &request{api: AccountAPI, method: http.MethodGet, path: accountPath(id), mayRetryBlindly: true}, &out)
	if err != nil {
		return nil, err
	}
	c.revisions.note(&out)
	return &out, nil
}

// UpdateAccount changes name and email; in.CurrentRevision must be the account's current revision.
func (c *Client) UpdateAccount(ctx context.Context, id string, in AccountUpdateInput) (*Account, error) {
	var out Account
	_, err := c.do(ctx, &request{api: AccountAPI, method: http.MethodPut, path: accountPath(id), body: in, mayRetryBlindly: true}, &out)
	if err != nil {
		return nil, err
	}
	c.revisions.note(&out)
	return &out, nil
}

// DeleteAccount deletes an account at its current revision.
func (c *Client) DeleteAccount(ctx context.Context, id string, currentRevision uint64) error {
	query := url.Values{"current_revision": {strconv.FormatUint(currentRevision, 10)}}
	_, err := c.do(ctx, &request{api: AccountAPI, method: http.MethodDelete, path: accountPath(id), query: query, mayRetryBlindly: true}, nil)
	if err == nil || IsNotFound(err) {
		c.revisions.forget(id)
	}
	return err
}

// WithCurrentRevision runs write with the account's current revision and, when the write meets a
// stale-revision 409 because another writer moved the revision, re-reads and runs it again.
// A 409 that is not about the revision (an email already in use) is returned at once.
//
// The first attempt goes without a read when the revision is known: the one this client saw last
// in an answer, else hint (the state's, refreshed earlier in the run). A destroy of N accounts so
// sends N requests, not 2N; a guess the API refuses costs one request more than reading first.
func (c *Client) WithCurrentRevision(ctx context.Context, accountID string, hint RevisionHint, write func(revision uint64) error) error {
	if guess, ok := c.firstGuess(accountID, hint); ok {
		// Only a 409 (a stale guess, or another conflict the read-back attempt tells apart) goes on.
		if err := write(guess); err == nil || !IsConflict(err) {
			return err
		}
		tflog.Debug(ctx, "the account's revision known before the write (its last answer, or the state's) is stale: reading the current one",
			map[string]any{"account_id": accountID, "revision": guess})
	}
	var sent uint64
	// The check reads the account only to tell a revision conflict from another 409; the next
	// attempt reads it again after the backoff, when a busy account has most likely settled.
	revisionMoved := func(err error) bool {
		if !IsConflict(err) {
			return false
		}
		current, getErr := c.GetAccount(ctx, accountID)
		return getErr == nil && current.Revision != sent
	}
	return OnError(ctx, DefaultConflictBackoff, revisionMoved, func() error {
		account, err := c.GetAccount(ctx, accountID)
		if err != nil {
			return err
		}
		sent = account.Revision
		return write(sent)
	})
}

// UpdateAtCurrentRevision is WithCurrentRevision for a write that answers the updated account
// (account, plan and roles PUTs); it returns the answer of the write that succeeded.
func (c *Client) UpdateAtCurrentRevision(ctx context.Context, accountID string, hint RevisionHint, write func(revision uint64) (*Account, error)) (*Account, error) {
	var updated *Account
	err := c.WithCurrentRevision(ctx, accountID, hint, func(revision uint64) error {
		var err error
		updated, err = write(revision)
		return err
	})
	return updated, err
}
