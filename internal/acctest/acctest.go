// Package acctest is the acceptance-test harness: a fresh mock server per test, protocol 6
// provider factories, configuration helpers and the choice of CLI (Terraform or OpenTofu).
package acctest

import (
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/mockserver"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/provider"
)

// ProviderFactories serves the provider in-process under the name "sandbox".
var ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"sandbox": providerserver.NewProtocol6WithError(provider.New("test")()),
}

// Main prepares the environment for acceptance tests and runs them. Use it from TestMain.
//
// It never lets terraform-plugin-testing download a CLI: the binary is TF_ACC_TERRAFORM_PATH when
// set, else terraform from PATH. When that binary is OpenTofu, it sets the registry host (unless
// the caller did) and, unless TF_CLI_CONFIG_FILE names an existing file, an empty CLI configuration.
func Main(m *testing.M) {
	if err := prepareEnvironment(); err != nil {
		fmt.Fprintln(os.Stderr, "acctest:", err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

func prepareEnvironment() error {
	setDefault("CHECKPOINT_DISABLE", "1")
	setDefault("TF_IN_AUTOMATION", "1")
	if os.Getenv("TF_ACC") == "" {
		return nil
	}
	if v := os.Getenv("TF_ACC_TERRAFORM_VERSION"); v != "" {
		return fmt.Errorf("TF_ACC_TERRAFORM_VERSION=%s would download a CLI; unset it and use TF_ACC_TERRAFORM_PATH", v)
	}
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		found, err := exec.LookPath("terraform")
		if err != nil {
			return fmt.Errorf("no terraform on PATH; install it or set TF_ACC_TERRAFORM_PATH to a terraform or tofu binary")
		}
		cli = found
		_ = os.Setenv("TF_ACC_TERRAFORM_PATH", cli)
	}
	if IsOpenTofu() {
		setDefault("TF_ACC_PROVIDER_HOST", "registry.opentofu.org")
		// OpenTofu prints a warning into the version output, which breaks the test framework's
		// version parsing, when the CLI configuration it is pointed at (or the default one) is missing.
		if cfg := os.Getenv("TF_CLI_CONFIG_FILE"); cfg == "" || !fileExists(cfg) {
			empty := filepath.Join(os.TempDir(), "sandbox-acctest-empty.tfrc")
			if err := os.WriteFile(empty, nil, 0o600); err != nil {
				return err
			}
			_ = os.Setenv("TF_CLI_CONFIG_FILE", empty)
		}
	}
	return nil
}

// IsOpenTofu reports whether the acceptance tests drive OpenTofu rather than Terraform.
// A terraform symlink to tofu (a machine without Terraform) counts as OpenTofu.
func IsOpenTofu() bool {
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if resolved, err := filepath.EvalSymlinks(cli); err == nil {
		cli = resolved
	}
	return strings.HasPrefix(filepath.Base(cli), "tofu")
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func setDefault(key, value string) {
	if os.Getenv(key) == "" {
		_ = os.Setenv(key, value)
	}
}

// Mock is a mock server started for one test. Its answers pass through loss rules (LoseAnswers).
type Mock struct {
	*mockserver.Server
	URL  string
	loss *answerLossHandler
}

// NewMock starts a mock server for the length of t with the given options.
func NewMock(t *testing.T, opts mockserver.Options) *Mock {
	t.Helper()
	srv, err := mockserver.New(opts)
	if err != nil {
		t.Fatalf("starting mock server: %v", err)
	}
	loss := &answerLossHandler{next: srv}
	ts := httptest.NewServer(loss)
	t.Cleanup(ts.Close)
	return &Mock{Server: srv, URL: ts.URL, loss: loss}
}

// ProviderConfig is a provider block pointing at the mock with its admin token. Retries are fast so
// fault-injection tests do not wait.
func (m *Mock) ProviderConfig() string {
	return fmt.Sprintf(`
provider "sandbox" {
  endpoint    = %q
  token       = %q
  max_retries = 3
}
`, m.URL, m.AdminToken())
}

// Config joins the provider block with configuration snippets.
func (m *Mock) Config(snippets ...string) string {
	return m.ProviderConfig() + strings.Join(snippets, "\n")
}
