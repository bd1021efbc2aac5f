// Command leaseseed fills a running sandbox mock with N leases for `make bench` (scripts/bench-leases.sh);
// it is no part of the provider. It builds the leases in an in-process mock, takes that mock's snapshot
// (GET /_mock/state) and restores it into the running one (PUT /_mock/state), so seeding costs one
// request however many leases there are.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"time"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/mockserver"
)

func main() {
	endpoint := flag.String("endpoint", os.Getenv("SANDBOX_ENDPOINT"), "base URL of the running mock")
	token := flag.String("token", os.Getenv("SANDBOX_TOKEN"), "its admin token")
	n := flag.Int("n", 10000, "how many leases")
	flag.Parse()
	if err := seed(strings.TrimSuffix(*endpoint, "/"), *token, *n); err != nil {
		fmt.Fprintln(os.Stderr, "leaseseed:", err)
		os.Exit(1)
	}
}

func seed(endpoint, token string, n int) error {
	local, err := mockserver.New(mockserver.Options{AdminToken: token})
	if err != nil {
		return err
	}
	for i := range n {
		local.InsertLease(mockserver.Lease{PrincipalID: fmt.Sprintf("bench-%05d", i), AccountID: fmt.Sprintf("%012d", i), Status: "Active"})
	}
	get := httptest.NewRequest(http.MethodGet, "/_mock/state", nil)
	get.Header.Set("Authorization", "Bearer "+token)
	snapshot := httptest.NewRecorder()
	local.ServeHTTP(snapshot, get)
	if snapshot.Code != http.StatusOK {
		return fmt.Errorf("snapshot of the local mock: %d %s", snapshot.Code, snapshot.Body)
	}
	put, err := http.NewRequest(http.MethodPut, endpoint+"/_mock/state", bytes.NewReader(snapshot.Body.Bytes()))
	if err != nil {
		return err
	}
	put.Header.Set("Authorization", "Bearer "+token)
	put.Header.Set("Content-Type", "application/json")
	resp, err := (&http.Client{Timeout: 2 * time.Minute}).Do(put)
	if err != nil {
		return err
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("PUT /_mock/state: %d %s", resp.StatusCode, body)
	}
	return nil
}
