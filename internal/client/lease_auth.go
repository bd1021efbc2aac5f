package client

import (
	"context"
	"net/http"
	"net/url"
)

// LeaseCredentials are short-lived AWS credentials (about an hour) for a lease's account and a
// console sign-in URL. Every field is a secret.
type LeaseCredentials struct {
	AccessKeyID     string `json:"accessKeyId"`
	SecretAccessKey string `json:"secretAccessKey"`
	SessionToken    string `json:"sessionToken"`
	ConsoleURL      string `json:"consoleUrl"`
}

// CreateLeaseCredentials asks for credentials of an active lease. A lease that is not active is a
// 401; an unknown lease is the real system's 500.
func (c *Client) CreateLeaseCredentials(ctx context.Context, leaseID string) (*LeaseCredentials, error) {
	var out LeaseCredentials
	// Retried like a read: asking twice only mints a second set of credentials, it changes nothing.
	req := &request{api: LeaseAPI, method: http.MethodPost, path: "/leases/" + url.PathEscape(leaseID) + "/auth", mayRetryBlindly: true}
	if _, err := c.do(ctx, req, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
