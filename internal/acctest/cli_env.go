package acctest

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// SetCLIParallelism makes every plan, apply and destroy of the test walk the graph with n
// concurrent operations, as `-parallelism=n` would.
//
// terraform-plugin-testing has no setting for it, and the CLI's TF_CLI_ARGS_<command> variables do
// not help: terraform-exec always passes its own -parallelism=10, after the arguments taken from
// TF_CLI_ARGS_*, and the CLI keeps the last occurrence of a flag. So the test runs the CLI through
// a small wrapper script that rewrites that flag, installed through TF_ACC_TERRAFORM_PATH (which
// the harness reads at the start of each resource.Test).
//
// It uses t.Setenv, so the test must not call t.Parallel (run it with resource.Test): the
// environment is the whole process's, and a parallel test would pick the wrapper up.
func SetCLIParallelism(t *testing.T, n int) {
	t.Helper()
	skipUnlessAcceptance(t)
	if runtime.GOOS == "windows" {
		t.Skip("the parallelism wrapper is a POSIX shell script")
	}
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		t.Fatal("TF_ACC_TERRAFORM_PATH is not set; run the tests through acctest.Main")
	}
	// The wrapper keeps the CLI's name, so IsOpenTofu still tells OpenTofu from Terraform.
	wrapper := filepath.Join(t.TempDir(), filepath.Base(cli))
	script := fmt.Sprintf(`#!/bin/sh
# Written by acctest.SetCLIParallelism: replaces terraform-exec's -parallelism flag.
for arg do
  shift
  case "$arg" in
    -parallelism=*) arg="-parallelism=%d" ;;
  esac
  set -- "$@" "$arg"
done
exec %q "$@"
`, n, cli)
	if err := os.WriteFile(wrapper, []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TF_ACC_TERRAFORM_PATH", wrapper)
}

// TraceLogFile sends trace logs of both the CLI and the provider under test to one file and
// returns its path, so a test can search everything that was logged. Like SetCLIParallelism it
// uses t.Setenv, so the test must not call t.Parallel.
func TraceLogFile(t *testing.T) string {
	t.Helper()
	skipUnlessAcceptance(t)
	file := filepath.Join(t.TempDir(), "trace.log")
	// TF_ACC_LOG* reach the CLI through terraform-exec; TF_LOG* reach the in-process provider.
	t.Setenv("TF_ACC_LOG", "trace")
	t.Setenv("TF_ACC_LOG_PATH", file)
	t.Setenv("TF_LOG", "trace")
	t.Setenv("TF_LOG_PATH", file)
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

// WorkingDirRoot makes terraform-plugin-testing create the test's working directories under a
// fresh folder and returns it, so the test can read the files the CLI writes there (the state
// file). Like SetCLIParallelism it uses t.Setenv, so the test must not call t.Parallel.
func WorkingDirRoot(t *testing.T) string {
	t.Helper()
	skipUnlessAcceptance(t)
	root := t.TempDir()
	t.Setenv("TF_ACC_TEMP_DIR", root)
	return root
}

// StateFile returns the path of the one local state file under a WorkingDirRoot, while the test
// runs (the harness removes the working directory afterwards).
func StateFile(root string) (string, error) {
	matches, err := filepath.Glob(filepath.Join(root, "plugintest*", "work*", "terraform.tfstate"))
	if err != nil {
		return "", err
	}
	if len(matches) != 1 {
		return "", fmt.Errorf("found %d state files under %s, want 1: %v", len(matches), root, matches)
	}
	return matches[0], nil
}

// skipUnlessAcceptance skips the test before it changes the environment, as resource.Test would
// skip it later, when TF_ACC is not set.
func skipUnlessAcceptance(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance tests run only with TF_ACC=1")
	}
}
