package acctest

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// BuildMockBinary builds the sandbox-mock command into a temporary directory of t, for tests that
// check the mock as people run it (its flags, TLS, base paths).
func BuildMockBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "sandbox-mock")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/sandbox-platform/terraform-provider-sandbox/internal/cmd/sandbox-mock").CombinedOutput()
	if err != nil {
		t.Fatalf("go build sandbox-mock: %v\n%s", err, out)
	}
	return bin
}

// StartMockBinary runs bin on a free loopback port with args for the length of t and returns the
// URL it prints once serving (http or https), and its process (for tests that kill it).
func StartMockBinary(t *testing.T, bin string, args ...string) (string, *exec.Cmd) {
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
