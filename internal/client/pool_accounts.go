package client

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"time"
)

// Pool account statuses of the Lease API.
const (
	PoolAccountNotReady = "NotReady"
	PoolAccountReady    = "Ready"
	PoolAccountLeased   = "Leased"
	PoolAccountOrphaned = "Orphaned"
)

// PoolAccount is an AWS account in the Lease API's pool.
type PoolAccount struct {
	ID            string `json:"id"`
	AccountStatus string `json:"accountStatus"`
	AdminRoleArn  string `json:"adminRoleArn"`
	// PrincipalRoleArn is the role leaseholders assume, created by the platform.
	PrincipalRoleArn string `json:"principalRoleArn"`
	// PrincipalPolicyHash is an S3 ETag, kept verbatim (it includes literal quotes).
	PrincipalPolicyHash string `json:"principalPolicyHash"`
	// Metadata is a free JSON object, nil when the account has none.
	Metadata       json.RawMessage `json:"metadata,omitempty"`
	CreatedOn      EpochTime       `json:"createdOn"`
	LastModifiedOn EpochTime       `json:"lastModifiedOn"`
}

// PoolAccountCreateInput is the body of POST /accounts.
type PoolAccountCreateInput struct {
	ID           string          `json:"id"`
	AdminRoleArn string          `json:"adminRoleArn"`
	Metadata     json.RawMessage `json:"metadata,omitempty"`
}

// PoolAccountUpdateInput is the body of PUT /accounts/{id}; omitted fields are kept by the server,
// so clearing the metadata means sending an empty object.
type PoolAccountUpdateInput struct {
	AdminRoleArn string          `json:"adminRoleArn,omitempty"`
	Metadata     json.RawMessage `json:"metadata,omitempty"`
}

// PoolAccountFilter narrows GET /accounts; PageSize is the number of accounts each page evaluates
// (zero: DefaultPageSize).
type PoolAccountFilter struct {
	Status   string
	PageSize int
}

func poolAccountPath(id string) string { return "/accounts/" + url.PathEscape(id) }

// CreatePoolAccount adds an AWS account to the pool; it starts NotReady. A lost answer is settled
// by reading the account id: an account that matches in is adopted, a missing one is sent again.
// An account already in the pool before the first attempt, or one that differs, is an *ExistsError.
func (c *Client) CreatePoolAccount(ctx context.Context, in PoolAccountCreateInput) (*PoolAccount, error) {
	return createByNaturalKey(ctx, c, naturalKeyCreate[PoolAccount]{
		kind: "pool account", key: in.ID,
		send: func(ctx context.Context) (*PoolAccount, error) {
			var out PoolAccount
			if _, err := c.do(ctx, &request{api: LeaseAPI, method: http.MethodPost, path: "/accounts", body: in}, &out); err != nil {
				return nil, err
			}
			return &out, nil
		},
		find: func(ctx context.Context) (*PoolAccount, error) {
			found, err := c.GetPoolAccount(ctx, in.ID)
			if IsNotFound(err) {
				return nil, nil
			}
			return found, err
		},
		differences: func(found *PoolAccount) []string {
			diffs := differ(nil, "admin_role_arn", in.AdminRoleArn, found.AdminRoleArn)
			if !jsonEqual(in.Metadata, found.Metadata) {
				diffs = append(diffs, "metadata")
			}
			return diffs
		},
		importID: func(found *PoolAccount) string { return found.ID },
		createdBefore: func(found *PoolAccount, t time.Time) bool {
			return !found.CreatedOn.IsZero() && found.CreatedOn.Before(t)
		},
	})
}

// jsonEqual compares two JSON documents by value; absent, null and {} all mean "no metadata".
func jsonEqual(a, b json.RawMessage) bool {
	normal := func(raw json.RawMessage) any {
		var v any
		if len(bytes.TrimSpace(raw)) == 0 || json.Unmarshal(raw, &v) != nil {
			return nil
		}
		if m, ok := v.(map[string]any); ok && len(m) == 0 {
			return nil
		}
		return v
	}
	return reflect.DeepEqual(normal(a), normal(b))
}

// GetPoolAccount reads one pool account; an unknown id is ErrNotFound.
func (c *Client) GetPoolAccount(ctx context.Context, id string) (*PoolAccount, error) {
	var out PoolAccount
	if _, err := c.do(ctx, &request{api: LeaseAPI, method: http.MethodGet, path: poolAccountPath(id), mayRetryBlindly: true}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdatePoolAccount changes a pool account's admin role and metadata.
func (c *Client) UpdatePoolAccount(ctx context.Context, id string, in PoolAccountUpdateInput) (*PoolAccount, error) {
	var out PoolAccount
	if _, err := c.do(ctx, &request{api: LeaseAPI, method: http.MethodPut, path: poolAccountPath(id), body: in, mayRetryBlindly: true}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// DeletePoolAccount removes an account from the pool. A leased account is refused with a 409
// (IsConflict); an unknown one is ErrNotFound.
func (c *Client) DeletePoolAccount(ctx context.Context, id string) error {
	_, err := c.do(ctx, &request{api: LeaseAPI, method: http.MethodDelete, path: poolAccountPath(id), mayRetryBlindly: true}, nil)
	return err
}

// ListPoolAccounts returns every pool account matching the filter, following every page.
func (c *Client) ListPoolAccounts(ctx context.Context, f PoolAccountFilter) ([]PoolAccount, error) {
	query := url.Values{}
	setIfNotEmpty(query, "status", f.Status)
	query.Set("limit", pageLimit(f.PageSize))
	return listAll[PoolAccount](ctx, c, "/accounts", query)
}

// WaitForPoolAccount polls a pool account until done accepts it or ctx ends, waiting a little
// longer between reads each time (the real platform resets an account in minutes, the mock in
// milliseconds). It returns the last account read.
func (c *Client) WaitForPoolAccount(ctx context.Context, id string, done func(*PoolAccount) bool) (*PoolAccount, error) {
	wait := 50 * time.Millisecond
	for {
		account, err := c.GetPoolAccount(ctx, id)
		if err != nil {
			return nil, err
		}
		if done(account) {
			return account, nil
		}
		select {
		case <-ctx.Done():
			return account, ctx.Err()
		case <-time.After(wait):
		}
		wait = min(wait*2, 10*time.Second)
	}
}

func setIfNotEmpty(q url.Values, key, value string) {
	if value != "" {
		q.Set(key, value)
	}
}
