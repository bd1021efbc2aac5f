package client

import (
	"context"
	"net/http"
	"net/url"
	"time"
)

// UsageRecord is what a principal's leases cost over a period.
type UsageRecord struct {
	PrincipalID  string    `json:"principalId"`
	AccountID    string    `json:"accountId"`
	StartDate    EpochTime `json:"startDate"`
	EndDate      EpochTime `json:"endDate"`
	CostAmount   float64   `json:"costAmount"`
	CostCurrency string    `json:"costCurrency"`
	TimeToLive   EpochTime `json:"timeToLive"`
}

// GetUsage returns the usage between start and end, one record per principal. The server widens
// the range to whole UTC days. Dates go as query parameters in epoch seconds, as the real system
// reads them (the seed calls them path parameters).
func (c *Client) GetUsage(ctx context.Context, start, end time.Time) ([]UsageRecord, error) {
	query := url.Values{"startDate": {epochParam(start)}, "endDate": {epochParam(end)}}
	var out []UsageRecord
	if _, err := c.do(ctx, &request{api: LeaseAPI, method: http.MethodGet, path: "/usage", query: query, mayRetryBlindly: true}, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// GetPrincipalUsage returns one principal's usage between start and end as one record (none when
// it has no usage then), shaped like GetUsage's. DCE's date-range route ignores principalId, so this
// asks its startDate+principalId route for the principal's daily records from start's day through
// today (following a Link header should the server page them) and sums those up to end's day.
func (c *Client) GetPrincipalUsage(ctx context.Context, principalID string, start, end time.Time) ([]UsageRecord, error) {
	query := url.Values{"principalId": {principalID}, "startDate": {epochParam(start)}}
	daily, err := listAll[UsageRecord](ctx, c, "/usage", query)
	if err != nil {
		return nil, err
	}
	from := utcDayStart(start)
	to := utcDayStart(end).Add(24 * time.Hour)
	var sum *UsageRecord
	for _, rec := range daily {
		if rec.PrincipalID != principalID || rec.StartDate.Before(from) || !rec.StartDate.Before(to) {
			continue
		}
		if sum == nil {
			first := rec
			first.CostAmount = 0
			first.StartDate, first.EndDate = NewEpochTime(start), NewEpochTime(end)
			sum = &first
		}
		sum.CostAmount += rec.CostAmount
	}
	if sum == nil {
		return []UsageRecord{}, nil
	}
	return []UsageRecord{*sum}, nil
}

// utcDayStart is midnight UTC of the day holding t, the unit DCE records usage in.
func utcDayStart(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
