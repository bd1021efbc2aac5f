package provider_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/acctest"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/mockserver"
)

// servedBinary is the repository's provider binary, built by the test and started by the real CLI
// through dev_overrides, behind a wrapper that copies everything the provider writes to stderr
// (where its log lines go) into a file, while still passing it on to the CLI.
type servedBinary struct {
	dir     string
	env     []string
	capture string
}

func newServedBinary(t *testing.T) *servedBinary {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance tests run only with TF_ACC=1")
	}
	dir := t.TempDir()
	binary := filepath.Join(dir, "real", "terraform-provider-sandbox")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Dir = filepath.Join("..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
	bin := filepath.Join(dir, "bin")
	if err := os.MkdirAll(bin, 0o700); err != nil {
		t.Fatal(err)
	}
	capture := filepath.Join(dir, "provider-stderr.log")
	wrapper := "#!/usr/bin/env bash\nexec \"" + binary + "\" \"$@\" 2> >(tee -a \"" + capture + "\" >&2)\n"
	if err := os.WriteFile(filepath.Join(bin, "terraform-provider-sandbox"), []byte(wrapper), 0o700); err != nil {
		t.Fatal(err)
	}
	cliConfig := filepath.Join(dir, "cli.tfrc")
	tfrc := "provider_installation {\n  dev_overrides {\n    \"sandbox-platform/sandbox\" = \"" + bin + "\"\n  }\n  direct {}\n}\n"
	if err := os.WriteFile(cliConfig, []byte(tfrc), 0o600); err != nil {
		t.Fatal(err)
	}
	mock := acctest.NewMock(t, mockserver.Options{})
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TF_LOG") && !strings.HasPrefix(kv, "TF_CLI_CONFIG_FILE=") && !strings.HasPrefix(kv, "SANDBOX_") {
			env = append(env, kv)
		}
	}
	env = append(env, "TF_CLI_CONFIG_FILE="+cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		"SANDBOX_ENDPOINT="+mock.URL, "SANDBOX_TOKEN="+mock.AdminToken())
	config := "terraform {\n  required_providers {\n    sandbox = { source = \"sandbox-platform/sandbox\" }\n  }\n}\n" +
		accountConfig("Served", "served@example.com")
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	return &servedBinary{dir: dir, env: env, capture: capture}
}

// run runs the CLI in the test's directory with extra environment and returns what the provider
// wrote to stderr meanwhile.
func (s *servedBinary) run(t *testing.T, extraEnv []string, args ...string) string {
	t.Helper()
	if err := os.WriteFile(s.capture, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Getenv("TF_ACC_TERRAFORM_PATH"), append(args, "-input=false", "-no-color")...)
	cmd.Dir = s.dir
	cmd.Env = append(append([]string{}, s.env...), extraEnv...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %v: %v\n%s", filepath.Base(cmd.Path), args, err, out)
	}
	data, err := os.ReadFile(s.capture)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestAccServedBinary_logsOnlyWhenAsked runs the built provider under the real CLI twice. Without
// any TF_LOG variable it must write no log line at all (nobody would read it); with TF_LOG=trace the
// protocol's, the framework's and the provider's own lines must all still reach the user's log file.
func TestAccServedBinary_logsOnlyWhenAsked(t *testing.T) {
	s := newServedBinary(t)

	// go-plugin's own handshake lines (two per process start) carry no @module; every SDK, framework
	// and provider line does.
	if quiet := s.run(t, nil, "apply", "-auto-approve"); strings.Contains(quiet, `"@module"`) {
		t.Errorf("with no TF_LOG the provider still wrote log lines (%d bytes):\n%.2000s", len(quiet), quiet)
	}

	logFile := filepath.Join(s.dir, "trace.log")
	emitted := s.run(t, []string{"TF_LOG=trace", "TF_LOG_PATH=" + logFile}, "plan")
	data, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	// Each line the user must find: its module, and pieces of text only that source writes.
	want := []struct {
		module string
		text   []string
	}{
		{"sdk.proto", []string{"Received request:", "tf_rpc=GetProviderSchema"}},
		{"sdk.proto", []string{"Served request:", "tf_rpc=ConfigureProvider"}},
		{"sdk.proto", []string{"Received request:", "tf_rpc=ReadResource"}},
		{"sdk.proto", []string{"Served request:", "tf_rpc=PlanResourceChange"}},
		{"sdk.framework", []string{"Calling provider defined Resource Read", "tf_resource_type=sandbox_account"}},
		{"sdk.framework", []string{"Calling provider defined Provider Configure"}},
		{"sandbox", []string{"performing request", "subsystem=sandbox-client", "method=GET"}},
	}
	for _, w := range want {
		if !hasLogLine(data, w.module, w.text) {
			t.Errorf("the TF_LOG=trace log (%d bytes) has no %s line with %q", len(data), w.module, w.text)
		}
	}
	if !strings.Contains(emitted, `"@module":"sdk.framework"`) {
		t.Errorf("the provider's stderr under TF_LOG=trace has no framework line")
	}
}

// hasLogLine reports whether a CLI log file holds a line from the given @module containing every text.
func hasLogLine(log []byte, module string, text []string) bool {
	for line := range bytes.Lines(log) {
		if !bytes.Contains(line, []byte("@module="+module+" ")) {
			continue
		}
		found := true
		for _, piece := range text {
			found = found && bytes.Contains(line, []byte(piece))
		}
		if found {
			return true
		}
	}
	return false
}
