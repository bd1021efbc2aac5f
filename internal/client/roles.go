package client

import (
	"context"
	"net/http"
	"slices"
)

// Account roles the platform knows.
const (
	RoleAdmin          = "admin"
	RoleMarketingAdmin = "marketing-admin"
)

// AccountSetRolesInput is the body of PUT /v1/accounts/{id}/roles.
type AccountSetRolesInput struct {
	CurrentRevision uint64 `json:"currentRevision"`
	// Roles replaces the whole set; an empty list removes every role.
	Roles []string `json:"roles"`
}

// SetAccountRoles replaces the account's roles; in.CurrentRevision must be the account's current
// revision (use WithCurrentRevision). Only admins may do it. The roles are sent sorted and without
// duplicates, so the same set always makes the same request. The answer is the updated account.
func (c *Client) SetAccountRoles(ctx context.Context, accountID string, in AccountSetRolesInput) (*Account, error) {
	roles := slices.Compact(slices.Sorted(slices.Values(in.Roles)))
	if roles == nil {
		roles = []string{}
	}
	in.Roles = roles
	var out Account
	_, err := c.do(ctx, &request{api: AccountAPI, method: http.MethodPut, path: accountPath(accountID) + "/roles", body: in, mayRetryBlindly: true}, &out)
	if err != nil {
		return nil, err
	}
	c.revisions.note(&out)
	return &out, nil
}
