package client

import (
	"context"
	"net/http"
)

// Plan is a plan of the platform's catalogue. Limits are unsigned 64-bit numbers: a real plan uses
// 18446744073709551615, beyond int64 and float64 precision, so never convert them to either.
type Plan struct {
	PlanID                string `json:"planId"`
	Name                  string `json:"name"`
	AppLimit              uint64 `json:"appLimit"`
	EnvLimit              uint64 `json:"envLimit"`
	ComponentLimit        uint64 `json:"componentLimit"`
	WorkerLimit           uint64 `json:"workerLimit"`
	WorkerConnectionLimit uint64 `json:"workerConnectionLimit"`
	StorageLimit          uint64 `json:"storageLimit"`
	MonthlyGasLimit       uint64 `json:"monthlyGasLimit"`
	MonthlyUploadLimit    uint64 `json:"monthlyUploadLimit"`
	MaxMemoryPerWorker    uint64 `json:"maxMemoryPerWorker"`
}

// AccountSetPlanInput is the body of PUT /v1/accounts/{id}/plan.
type AccountSetPlanInput struct {
	CurrentRevision uint64 `json:"currentRevision"`
	// Plan is the id of the plan to assign.
	Plan string `json:"plan"`
}

func accountPlanPath(accountID string) string { return accountPath(accountID) + "/plan" }

// GetAccountPlan reads the plan assigned to the account, with its limits.
func (c *Client) GetAccountPlan(ctx context.Context, accountID string) (*Plan, error) {
	var out Plan
	_, err := c.do(ctx, &request{api: AccountAPI, method: http.MethodGet, path: accountPlanPath(accountID), mayRetryBlindly: true}, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// SetAccountPlan assigns a plan to the account; in.CurrentRevision must be the account's current
// revision (use WithCurrentRevision). Only admins may do it. The answer is the updated account.
func (c *Client) SetAccountPlan(ctx context.Context, accountID string, in AccountSetPlanInput) (*Account, error) {
	var out Account
	_, err := c.do(ctx, &request{api: AccountAPI, method: http.MethodPut, path: accountPlanPath(accountID), body: in, mayRetryBlindly: true}, &out)
	if err != nil {
		return nil, err
	}
	c.revisions.note(&out)
	return &out, nil
}
