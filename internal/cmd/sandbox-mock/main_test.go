package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/acctest"
)

func request(t *testing.T, method, url, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer admin-token")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out
}

// runToExit runs the binary on args that should end it at once. A binary that serves instead is
// killed after a while, so the test fails rather than stalling the suite.
func runToExit(t *testing.T, bin string, args ...string) ([]byte, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	return exec.CommandContext(ctx, bin, args...).CombinedOutput()
}

func TestKillNineRightAfterA2xxKeepsTheWrite(t *testing.T) {
	bin := acctest.BuildMockBinary(t)
	state := filepath.Join(t.TempDir(), "state.db")
	url, cmd := acctest.StartMockBinary(t, bin, "-state", state, "-quiet")
	status, body := request(t, http.MethodPost, url+"/v1/accounts", `{"name":"durable","email":"durable@example.com"}`)
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if status != http.StatusOK {
		t.Fatalf("create: %d %s", status, body)
	}
	var created struct{ ID string }
	if err := json.Unmarshal(body, &created); err != nil {
		t.Fatal(err)
	}

	url, _ = acctest.StartMockBinary(t, bin, "-state", state, "-quiet")
	status, body = request(t, http.MethodGet, url+"/v1/accounts/"+created.ID, "")
	if status != http.StatusOK || !strings.Contains(string(body), "durable@example.com") {
		t.Fatalf("after kill -9 and a restart: %d %s, want the account", status, body)
	}
}

func TestZeroFlagsMeanZero(t *testing.T) {
	bin := acctest.BuildMockBinary(t)
	url, _ := acctest.StartMockBinary(t, bin, "-account-ready-delay", "0", "-quiet")
	status, body := request(t, http.MethodPost, url+"/accounts", `{"id":"123456789012","adminRoleArn":"arn:aws:iam::123456789012:role/Admin"}`)
	if status != http.StatusCreated {
		t.Fatalf("create pool account: %d %s", status, body)
	}
	status, body = request(t, http.MethodGet, url+"/accounts/123456789012", "")
	if status != http.StatusOK || !strings.Contains(string(body), `"accountStatus":"Ready"`) {
		t.Fatalf("with -account-ready-delay 0 the account is %s, want Ready at once", body)
	}
}

func TestAnUnusableStateFileFailsTheStart(t *testing.T) {
	bin := acctest.BuildMockBinary(t)
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.db")
	if err := os.WriteFile(garbage, []byte(strings.Repeat("not a database ", 1000)), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, path := range map[string]string{"missing directory": filepath.Join(dir, "nope", "state.db"), "not a database": garbage} {
		out, err := runToExit(t, bin, "-addr", "127.0.0.1:0", "-state", path)
		if err == nil || !strings.Contains(string(out), "state file "+path) {
			t.Errorf("%s: err %v, output %s; want a failed start naming the file", name, err, out)
		}
	}
}

func TestHelpStatesUnitsAndDefaults(t *testing.T) {
	out, err := runToExit(t, acctest.BuildMockBinary(t), "-h")
	if err != nil || strings.Contains(string(out), "sandbox-mock: flag: help requested") {
		t.Errorf("-h: %v, output ends %q; want the usage and exit status 0", err, out[max(0, len(out)-80):])
	}
	for _, want := range []string{"-account-ready-delay duration", "(default 500ms)", "-usage-cost-per-day float", "(default 10)",
		"USD", "-sigv4-session-token", "-read-timeout", "-max-header-bytes", "(default 65536)", "-quiet", "-log-format"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("-h lacks %q:\n%s", want, out)
		}
	}
}

// TestTheBinaryLeavesTestPackagesOut keeps test-only code out of the sandbox-mock binary: a
// long-running mock should not carry the testing package's flags and globals, nor httptest's.
func TestTheBinaryLeavesTestPackagesOut(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 50 || !strings.Contains(string(out), "internal/mockserver") {
		t.Fatalf("go list -deps listed %d packages, not the mock's dependency graph:\n%s", len(deps), out)
	}
	for _, dep := range deps {
		if dep == "testing" || strings.HasPrefix(dep, "testing/") || strings.HasSuffix(dep, "/httptest") {
			t.Errorf("sandbox-mock depends on %s; test-only helpers belong in _test.go files or internal/acctest", dep)
		}
	}
}
