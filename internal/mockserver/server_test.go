package mockserver

import (
	"net/http"
	"testing"
)

func TestRingKeepsTheLatestRecords(t *testing.T) {
	var r ring[int]
	for i := range recordLimit + 5 {
		r.add(i)
	}
	got := r.values()
	if len(got) != recordLimit || got[0] != 5 || got[len(got)-1] != recordLimit+4 {
		t.Fatalf("kept %d values from %d to %d, want the latest %d (5 to %d)", len(got), got[0], got[len(got)-1], recordLimit, recordLimit+4)
	}
}

func TestNoSecretRecordsKeepsNoSecrets(t *testing.T) {
	s := newLeaseTestServer(t, Options{NoSecretRecords: true})
	admin(t, s, http.MethodPost, "/v1/accounts/"+RootAccountID+"/tokens", map[string]any{"expiresAt": "2100-01-01T00:00:00Z"}, http.StatusOK)
	if n := len(s.IssuedSecrets()); n != 0 {
		t.Errorf("%d secrets kept, want none", n)
	}
	// Lease credentials are secrets too.
	addReadyAccount(t, s, "123456789012")
	l := decode[leaseJSON](t, admin(t, s, http.MethodPost, "/leases", map[string]any{"principalId": "p"}, http.StatusCreated))
	admin(t, s, http.MethodPost, "/leases/"+l.ID+"/auth", nil, http.StatusCreated)
	if n := len(s.IssuedLeaseCredentials()); n != 0 {
		t.Errorf("%d lease credentials kept, want none", n)
	}
}
