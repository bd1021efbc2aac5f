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
