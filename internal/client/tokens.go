package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Token is an Account API token without its secret, as reads and lists return it.
type Token struct {
	ID        string    `json:"id"`
	AccountID string    `json:"accountId"`
	CreatedAt time.Time `json:"createdAt"`
	ExpiresAt time.Time `json:"expiresAt"`
}

// TokenWithSecret is the answer to a token create: the only time the platform reveals the secret.
type TokenWithSecret struct {
	Token
	// Secret is the bearer secret. Never log it.
	Secret string `json:"secret"`
}

// TokenCreateInput is the body of POST /v1/accounts/{id}/tokens.
type TokenCreateInput struct {
	// ExpiresAt is sent as RFC 3339; the platform accepts a past instant (the token is then unusable).
	ExpiresAt time.Time `json:"expiresAt"`
}

// tokenPage is the Account API's page of tokens.
type tokenPage struct {
	Values []Token `json:"values"`
}

func tokenPath(id string) string { return "/v1/tokens/" + url.PathEscape(id) }

func accountTokensPath(accountID string) string { return accountPath(accountID) + "/tokens" }

// CreateToken creates a token of the account. The answer carries the secret, which no later call
// returns, so a token created by a request whose answer was lost is useless to anyone: it is found
// (same account, same expiry, created after the request was sent, not created by this client) and
// deleted, and the token is created again.
func (c *Client) CreateToken(ctx context.Context, accountID string, in TokenCreateInput) (*TokenWithSecret, error) {
	// Creates of tokens alike are serialized, so that every token the cleanup could mistake for
	// a lost one has either had its answer (and is known) or was created by this call.
	unlock := c.tokens.lock(accountID, in.ExpiresAt)
	defer unlock()
	firstSent := time.Now()
	for sends := 1; ; sends++ {
		var out TokenWithSecret
		_, err := c.do(ctx, &request{api: AccountAPI, method: http.MethodPost, path: accountTokensPath(accountID), body: in}, &out)
		if err == nil {
			c.tokens.remember(out.ID)
			return &out, nil
		}
		if !OutcomeUnknown(err) {
			return nil, err
		}
		if cleanupErr := c.deleteLostTokens(ctx, accountID, in.ExpiresAt, firstSent.Add(-creationSkew)); cleanupErr != nil {
			return nil, fmt.Errorf("%w (and removing a token the lost answer may have created failed: %w)", err, cleanupErr)
		}
		if sends > c.maxRetries {
			return nil, &UnsettledError{Kind: "token", Sends: sends, Err: err}
		}
		if !c.sleep(ctx, sends) {
			return nil, err
		}
	}
}

// deleteLostTokens deletes the account's tokens with that expiry created since `since` that this
// client did not hand out.
func (c *Client) deleteLostTokens(ctx context.Context, accountID string, expiresAt, since time.Time) error {
	tokens, err := c.ListTokens(ctx, accountID)
	if err != nil {
		return err
	}
	for _, t := range tokens {
		if !t.ExpiresAt.Equal(expiresAt) || t.CreatedAt.Before(since) || c.tokens.known(t.ID) {
			continue
		}
		tflog.Info(ctx, "token create answer lost: deleting the token it created, whose secret nobody holds",
			map[string]any{"token_id": t.ID, "account_id": accountID})
		if err := c.DeleteToken(ctx, t.ID); err != nil && !IsNotFound(err) {
			return err
		}
	}
	return nil
}

// tokenLedger remembers the tokens this client created and serializes creates of alike tokens.
type tokenLedger struct {
	mu      sync.Mutex
	created map[string]bool
	locks   map[string]*sync.Mutex
}

func (l *tokenLedger) lock(accountID string, expiresAt time.Time) (unlock func()) {
	key := accountID + "|" + expiresAt.UTC().Format(time.RFC3339Nano)
	l.mu.Lock()
	if l.locks == nil {
		l.locks = map[string]*sync.Mutex{}
	}
	m := l.locks[key]
	if m == nil {
		m = &sync.Mutex{}
		l.locks[key] = m
	}
	l.mu.Unlock()
	m.Lock()
	return m.Unlock
}

func (l *tokenLedger) remember(id string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.created == nil {
		l.created = map[string]bool{}
	}
	l.created[id] = true
}

func (l *tokenLedger) known(id string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.created[id]
}

// GetToken reads one token by id; a deleted or unknown token (or one of a deleted account) is ErrNotFound.
func (c *Client) GetToken(ctx context.Context, id string) (*Token, error) {
	var out Token
	_, err := c.do(ctx, &request{api: AccountAPI, method: http.MethodGet, path: tokenPath(id), mayRetryBlindly: true}, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// ListTokens returns every token of the account, expired ones included, ordered by id.
func (c *Client) ListTokens(ctx context.Context, accountID string) ([]Token, error) {
	var out tokenPage
	_, err := c.do(ctx, &request{api: AccountAPI, method: http.MethodGet, path: accountTokensPath(accountID), mayRetryBlindly: true}, &out)
	if err != nil {
		return nil, err
	}
	if out.Values == nil {
		out.Values = []Token{}
	}
	return out.Values, nil
}

// DeleteToken deletes a token for good; its secret stops working at once.
func (c *Client) DeleteToken(ctx context.Context, id string) error {
	_, err := c.do(ctx, &request{api: AccountAPI, method: http.MethodDelete, path: tokenPath(id), mayRetryBlindly: true}, nil)
	return err
}

// WhoAmI returns the token behind the client's own bearer secret, which names the caller's account.
func (c *Client) WhoAmI(ctx context.Context) (*Token, error) {
	var out Token
	_, err := c.do(ctx, &request{api: AccountAPI, method: http.MethodGet, path: "/v1/login/token", mayRetryBlindly: true}, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
}
