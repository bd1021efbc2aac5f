package main

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// buildMock builds the sandbox-mock binary into a temporary directory.
func buildMock(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "sandbox-mock")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// startMock runs the binary on a free loopback port and returns its URL once it serves.
func startMock(t *testing.T, bin string, args ...string) (string, *exec.Cmd) {
	t.Helper()
	addrFile := filepath.Join(t.TempDir(), "addr")
	cmd := exec.Command(bin, append([]string{"-addr", "127.0.0.1:0", "-addr-file", addrFile}, args...)...)
	cmd.Stdout = io.Discard
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if data, err := os.ReadFile(addrFile); err == nil && strings.HasSuffix(string(data), "\n") {
			return strings.TrimSpace(string(data)), cmd
		}
	}
	t.Fatalf("sandbox-mock did not start: %s", stderr.String())
	return "", nil
}

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

func TestKillNineRightAfterA2xxKeepsTheWrite(t *testing.T) {
	bin := buildMock(t)
	state := filepath.Join(t.TempDir(), "state.db")
	url, cmd := startMock(t, bin, "-state", state, "-quiet")
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

	url, _ = startMock(t, bin, "-state", state, "-quiet")
	status, body = request(t, http.MethodGet, url+"/v1/accounts/"+created.ID, "")
	if status != http.StatusOK || !strings.Contains(string(body), "durable@example.com") {
		t.Fatalf("after kill -9 and a restart: %d %s, want the account", status, body)
	}
}

func TestZeroFlagsMeanZero(t *testing.T) {
	bin := buildMock(t)
	url, _ := startMock(t, bin, "-account-ready-delay", "0", "-quiet")
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
	bin := buildMock(t)
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.db")
	if err := os.WriteFile(garbage, []byte(strings.Repeat("not a database ", 1000)), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, path := range map[string]string{"missing directory": filepath.Join(dir, "nope", "state.db"), "not a database": garbage} {
		out, err := exec.Command(bin, "-addr", "127.0.0.1:0", "-state", path).CombinedOutput()
		if err == nil || !strings.Contains(string(out), "state file "+path) {
			t.Errorf("%s: err %v, output %s; want a failed start naming the file", name, err, out)
		}
	}
}

func TestHelpStatesUnitsAndDefaults(t *testing.T) {
	out, _ := exec.Command(buildMock(t), "-h").CombinedOutput()
	for _, want := range []string{"-account-ready-delay duration", "(default 500ms)", "-usage-cost-per-day float", "(default 10)",
		"USD", "-sigv4-session-token", "-read-timeout", "-max-header-bytes", "(default 65536)", "-quiet", "-log-format"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("-h lacks %q:\n%s", want, out)
		}
	}
}
