package acctest

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// CLI runs the test's CLI through a wrapper script that records what every command wrote to
// stderr (the diagnostics, which terraform-plugin-testing only matches against ExpectError) and
// the process id of a running `apply`, so a test can kill it mid-apply as a cancelled CI job does.
//
// Like SetCLIParallelism it goes through TF_ACC_TERRAFORM_PATH with t.Setenv, so the test must not
// call t.Parallel.
type CLI struct {
	pidFile   string
	stderrLog string
}

// WrapCLI installs the wrapper for the length of t.
func WrapCLI(t *testing.T) *CLI {
	t.Helper()
	skipUnlessAcceptance(t)
	if runtime.GOOS == "windows" {
		t.Skip("the CLI wrapper is a POSIX shell script")
	}
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		t.Fatal("TF_ACC_TERRAFORM_PATH is not set; run the tests through acctest.Main")
	}
	dir := t.TempDir()
	c := &CLI{pidFile: filepath.Join(dir, "apply.pid"), stderrLog: filepath.Join(dir, "stderr.log")}
	// The wrapper keeps the CLI's name, so IsOpenTofu still tells OpenTofu from Terraform.
	wrapper := filepath.Join(dir, filepath.Base(cli))
	script := fmt.Sprintf(`#!/bin/sh
# Written by acctest.WrapCLI: records stderr and the pid of a running apply.
err=$(mktemp)
%[1]q "$@" 2>"$err" &
child=$!
if [ "$1" = apply ]; then echo "$child" > %[2]q; fi
wait "$child"
rc=$?
if [ "$1" = apply ]; then rm -f %[2]q; fi
cat "$err" >> %[3]q
cat "$err" >&2
rm -f "$err"
exit "$rc"
`, cli, c.pidFile, c.stderrLog)
	if err := os.WriteFile(wrapper, []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TF_ACC_TERRAFORM_PATH", wrapper)
	return c
}

// Stderr returns everything the CLI wrote to stderr so far, and forgets it.
func (c *CLI) Stderr() string {
	data, _ := os.ReadFile(c.stderrLog)
	_ = os.Remove(c.stderrLog)
	return string(data)
}

// KillApplyWhen kills (SIGKILL) the next running apply as soon as cond holds, once. It gives up
// when the test ends.
func (c *CLI) KillApplyWhen(t *testing.T, cond func() bool) {
	done := make(chan struct{})
	t.Cleanup(func() { close(done) })
	go func() {
		for {
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
			raw, err := os.ReadFile(c.pidFile)
			if err != nil || !cond() {
				continue
			}
			if pid, err := strconv.Atoi(strings.TrimSpace(string(raw))); err == nil {
				if p, err := os.FindProcess(pid); err == nil {
					_ = p.Kill()
				}
				return
			}
		}
	}()
}
