package client

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Lease statuses of the Lease API. The status reason is any string: DCE 0.41 sends Active,
// Destroyed, Expired, OverBudget, OverPrincipalBudget, Rollback, LeaseAccountOrphaned; older
// versions sent other names.
const (
	LeaseActive   = "Active"
	LeaseInactive = "Inactive"
)

// Lease is a principal's lease of a pool account.
type Lease struct {
	ID                       string    `json:"id"`
	PrincipalID              string    `json:"principalId"`
	AccountID                string    `json:"accountId"`
	LeaseStatus              string    `json:"leaseStatus"`
	LeaseStatusReason        string    `json:"leaseStatusReason"`
	CreatedOn                EpochTime `json:"createdOn"`
	LastModifiedOn           EpochTime `json:"lastModifiedOn"`
	LeaseStatusModifiedOn    EpochTime `json:"leaseStatusModifiedOn"`
	ExpiresOn                EpochTime `json:"expiresOn"`
	BudgetAmount             float64   `json:"budgetAmount"`
	BudgetCurrency           string    `json:"budgetCurrency"`
	BudgetNotificationEmails []string  `json:"budgetNotificationEmails"`
}

// LeaseCreateInput asks for a lease. Only PrincipalID is required: without AccountID the pool picks
// a Ready account; unset budget and expiry get the server's defaults.
type LeaseCreateInput struct {
	PrincipalID              string
	AccountID                string
	BudgetAmount             *float64
	BudgetCurrency           string
	BudgetNotificationEmails []string
	ExpiresOn                time.Time
}

// leaseCreateBody is POST /leases on the wire. accountId is the seed's field; DCE ignores it.
type leaseCreateBody struct {
	PrincipalID              string     `json:"principalId"`
	AccountID                string     `json:"accountId,omitempty"`
	BudgetAmount             *float64   `json:"budgetAmount,omitempty"`
	BudgetCurrency           string     `json:"budgetCurrency,omitempty"`
	BudgetNotificationEmails []string   `json:"budgetNotificationEmails,omitempty"`
	ExpiresOn                *EpochTime `json:"expiresOn,omitempty"`
}

// leaseEndBody is DELETE /leases on the wire.
type leaseEndBody struct {
	PrincipalID string `json:"principalId"`
	AccountID   string `json:"accountId"`
}

// LeaseFilter narrows GET /leases; PageSize is the number of leases each page evaluates (zero:
// DefaultPageSize).
type LeaseFilter struct {
	PrincipalID string
	AccountID   string
	Status      string
	PageSize    int
}

// CreateLease creates a lease (201). A principal that already has an active lease gets a 409 (IsConflict).
func (c *Client) CreateLease(ctx context.Context, in LeaseCreateInput) (*Lease, error) {
	body := leaseCreateBody{
		PrincipalID: in.PrincipalID, AccountID: in.AccountID, BudgetAmount: in.BudgetAmount, BudgetCurrency: in.BudgetCurrency,
		BudgetNotificationEmails: in.BudgetNotificationEmails, ExpiresOn: optionalEpoch(in.ExpiresOn),
	}
	return createByNaturalKey(ctx, c, naturalKeyCreate[Lease]{
		kind: "lease", key: in.PrincipalID + "/" + in.AccountID,
		send: func(ctx context.Context) (*Lease, error) {
			var out Lease
			if _, err := c.do(ctx, &request{api: LeaseAPI, method: http.MethodPost, path: "/leases", body: body}, &out); err != nil {
				return nil, explainLeaseExpiryLimit(err, time.Now())
			}
			return &out, nil
		},
		// A principal holds at most one active lease, so it is the one a lost answer created, on
		// the configured account or on the one the pool picked.
		find:          func(ctx context.Context) (*Lease, error) { return c.ActiveLeaseOf(ctx, in.PrincipalID) },
		differences:   in.differences,
		importID:      func(found *Lease) string { return found.ID },
		createdBefore: func(found *Lease, t time.Time) bool { return !found.CreatedOn.IsZero() && found.CreatedOn.Before(t) },
	})
}

// differences lists the configured arguments an existing lease does not match; unset ones match anything.
func (in LeaseCreateInput) differences(found *Lease) []string {
	var diffs []string
	if in.AccountID != "" {
		diffs = differ(diffs, "account_id", in.AccountID, found.AccountID)
	}
	if in.BudgetAmount != nil {
		diffs = differ(diffs, "budget_amount", *in.BudgetAmount, found.BudgetAmount)
	}
	if in.BudgetCurrency != "" {
		diffs = differ(diffs, "budget_currency", in.BudgetCurrency, found.BudgetCurrency)
	}
	if in.BudgetNotificationEmails != nil && !slices.Equal(in.BudgetNotificationEmails, found.BudgetNotificationEmails) {
		diffs = append(diffs, "budget_notification_emails")
	}
	if !in.ExpiresOn.IsZero() && in.ExpiresOn.Unix() != found.ExpiresOn.Unix() {
		diffs = append(diffs, "expires_on")
	}
	return diffs
}

// DCE's validation messages for an expiry it refuses print times as epoch seconds:
// maxLeasePeriodMessage holds the expiry asked for and the max lease period (in seconds),
// pastExpiryMessage the expiry asked for.
var (
	maxLeasePeriodMessage = regexp.MustCompile(`expires on of (\d+), which is greater than max lease period of (\d+)`)
	pastExpiryMessage     = regexp.MustCompile(`expiry date less than today: (\d+)`)
)

// explainLeaseExpiryLimit adds to DCE's refusal of an expiry the times in RFC 3339, and the max
// lease period in days, since raw seconds tell a user nothing. The server's text stays as it was
// sent; other errors pass through unchanged.
func explainLeaseExpiryLimit(err error, now time.Time) error {
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest {
		return err
	}
	rfc3339 := func(epoch string) string {
		sec, _ := strconv.ParseInt(epoch, 10, 64) // digits only; too many read as 0, the epoch
		return time.Unix(sec, 0).UTC().Format(time.RFC3339)
	}
	if m := pastExpiryMessage.FindStringSubmatch(apiErr.Message); m != nil {
		apiErr.Message += fmt.Sprintf(" (the expiry asked for, %s, is not in the future: it is now %s)",
			rfc3339(m[1]), now.UTC().Truncate(time.Second).Format(time.RFC3339))
	}
	if m := maxLeasePeriodMessage.FindStringSubmatch(apiErr.Message); m != nil {
		limit, _ := strconv.ParseInt(m[2], 10, 64)
		period := time.Duration(limit) * time.Second
		if limit > 1e9 {
			// Over 31 years is no period: a server that prints the latest allowed expiry instead.
			period = time.Unix(limit, 0).Sub(now)
		}
		days := strconv.FormatFloat(math.Round(period.Hours()/24*10)/10, 'f', -1, 64)
		apiErr.Message += fmt.Sprintf(" (the expiry asked for, %s, is after the latest the platform allows now, %s: "+
			"a lease lasts at most %s days)", rfc3339(m[1]), now.Add(period).UTC().Truncate(time.Second).Format(time.RFC3339), days)
	}
	return err
}

// GetLease reads a lease by id; ended leases still read, as Inactive. An unknown id is ErrNotFound.
func (c *Client) GetLease(ctx context.Context, id string) (*Lease, error) {
	var out Lease
	if _, err := c.do(ctx, &request{api: LeaseAPI, method: http.MethodGet, path: "/leases/" + url.PathEscape(id), mayRetryBlindly: true}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// EndLease ends the active lease of a principal on an account. A lease that is already ended or
// gone is not an error, but only the documented answers say so (LeaseGone); any other failure,
// such as a 400 about the body or from a proxy, is returned so the lease stays in state.
func (c *Client) EndLease(ctx context.Context, principalID, accountID string) error {
	if principalID == "" || accountID == "" {
		return errors.New("ending a lease needs both its principal id and its account id")
	}
	_, err := c.do(ctx, &request{api: LeaseAPI, method: http.MethodDelete, path: "/leases",
		body: leaseEndBody{PrincipalID: principalID, AccountID: accountID}, mayRetryBlindly: true}, nil)
	if LeaseGone(err) {
		return nil
	}
	return err
}

// LeaseGone reports whether err is one of the answers that mean "no such active lease": the seed's
// 400 naming the missing or inactive lease, and real DCE's 404 NotFoundError and 409 ConflictError.
func LeaseGone(err error) bool {
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return false
	}
	switch apiErr.StatusCode {
	case http.StatusBadRequest:
		// `lease "with Principal ID p and Account ID a" not found`, or
		// `operation cannot be fulfilled on lease "id": leaseStatus: must be active lease.`
		return strings.HasPrefix(apiErr.Message, "lease ") && strings.HasSuffix(apiErr.Message, " not found") ||
			strings.Contains(apiErr.Message, "must be active lease")
	case http.StatusNotFound:
		return apiErr.Code == "NotFoundError" || apiErr.Code == "NotFound"
	case http.StatusConflict:
		return apiErr.Code == "ConflictError"
	}
	return false
}

// ListLeases returns every lease matching the filter, following every page.
func (c *Client) ListLeases(ctx context.Context, f LeaseFilter) ([]Lease, error) {
	query := url.Values{}
	setIfNotEmpty(query, "principalId", f.PrincipalID)
	setIfNotEmpty(query, "accountId", f.AccountID)
	setIfNotEmpty(query, "status", f.Status)
	query.Set("limit", pageLimit(f.PageSize))
	return listAll[Lease](ctx, c, "/leases", query)
}

// ActiveLeaseOf returns the principal's active lease, or nil when it has none.
func (c *Client) ActiveLeaseOf(ctx context.Context, principalID string) (*Lease, error) {
	leases, err := c.ListLeases(ctx, LeaseFilter{PrincipalID: principalID, Status: LeaseActive})
	if err != nil || len(leases) == 0 {
		return nil, err
	}
	return &leases[0], nil
}
