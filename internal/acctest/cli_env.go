package acctest

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// SetCLIParallelism makes every plan, apply and destroy the test runs walk the graph with n
// concurrent operations, as `-parallelism=n` would. terraform-plugin-testing has no setting for it,
// but Terraform and OpenTofu read extra arguments from TF_CLI_ARGS_<command>, and terraform-exec
// passes the test process's environment through.
//
// It uses t.Setenv, so the test must not call t.Parallel (run it with resource.Test): the
// environment is the whole process's, and a parallel test would leak the setting into others.
func SetCLIParallelism(t *testing.T, n int) {
	t.Helper()
	arg := fmt.Sprintf("-parallelism=%d", n)
	for _, command := range []string{"plan", "apply", "destroy", "refresh"} {
		t.Setenv("TF_CLI_ARGS_"+command, arg)
	}
}

// TraceLogFile sends trace logs of both the CLI and the provider under test to one file and
// returns its path, so a test can search everything that was logged. Like SetCLIParallelism it
// uses t.Setenv, so the test must not call t.Parallel.
func TraceLogFile(t *testing.T) string {
	t.Helper()
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
