package client

import (
	"context"
	"net/http"
	"net/url"
	"time"
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

// CreateToken creates a token of the account. The answer carries the secret, which no later call returns.
func (c *Client) CreateToken(ctx context.Context, accountID string, in TokenCreateInput) (*TokenWithSecret, error) {
	var out TokenWithSecret
	_, err := c.do(ctx, &request{api: AccountAPI, method: http.MethodPost, path: accountTokensPath(accountID), body: in}, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
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
