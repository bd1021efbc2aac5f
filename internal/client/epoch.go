package client

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"time"
)

// EpochTime is a Lease API time: epoch seconds on the wire, a time.Time in Go. It is the one place
// the client converts between the two; zero (or null) on the wire is the zero time.
type EpochTime struct {
	time.Time
}

// NewEpochTime wraps t, dropping what the wire cannot carry (sub-second precision, the zone).
func NewEpochTime(t time.Time) EpochTime {
	if t.IsZero() {
		return EpochTime{}
	}
	return EpochTime{Time: time.Unix(t.Unix(), 0).UTC()}
}

// UnmarshalJSON accepts whole and fractional epoch seconds (DCE's spec types them as "number").
func (t *EpochTime) UnmarshalJSON(data []byte) error {
	raw := string(bytes.TrimSpace(data))
	if raw == "null" {
		t.Time = time.Time{}
		return nil
	}
	if n, err := strconv.ParseInt(raw, 10, 64); err == nil {
		t.Time = epochSeconds(n, 0)
		return nil
	}
	f, err := strconv.ParseFloat(raw, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) || math.Abs(f) > math.MaxInt64 {
		return fmt.Errorf("epoch time %s is not a number of seconds", raw)
	}
	whole, frac := math.Modf(f)
	t.Time = epochSeconds(int64(whole), int64(math.Round(frac*1e9)))
	return nil
}

func epochSeconds(sec, nsec int64) time.Time {
	if sec == 0 && nsec == 0 {
		return time.Time{}
	}
	return time.Unix(sec, nsec).UTC()
}

// MarshalJSON writes whole epoch seconds; the zero time is 0.
func (t EpochTime) MarshalJSON() ([]byte, error) {
	return []byte(epochParam(t.Time)), nil
}

// epochParam formats t as whole epoch seconds, for JSON bodies and query parameters alike.
func epochParam(t time.Time) string {
	if t.IsZero() {
		return "0"
	}
	return strconv.FormatInt(t.Unix(), 10)
}

// optionalEpoch is nil for the zero time, so an unset time is omitted rather than sent as 0
// (the real system rejects an expiresOn of 0; the seed reads it as unset).
func optionalEpoch(t time.Time) *EpochTime {
	if t.IsZero() {
		return nil
	}
	e := NewEpochTime(t)
	return &e
}
