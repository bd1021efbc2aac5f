package main

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// written is what logs has written to out so far. It reads out under the buffer's lock, which
// every write to out holds, the periodic flush's included.
func written(logs *logBuffer, out *bytes.Buffer) string {
	logs.mu.Lock()
	defer logs.mu.Unlock()
	return out.String()
}

func TestAccessLinesWaitForTheIntervalAndErrorsDoNot(t *testing.T) {
	out := &bytes.Buffer{}
	logs := newLogBuffer(out, time.Hour) // no periodic flush within the test
	logger, err := newLogger(logs, "text", false)
	if err != nil {
		t.Fatal(err)
	}
	logger.Info("request", slog.String("path", "/v1/accounts"))
	if got := written(logs, out); got != "" {
		t.Fatalf("an access line was written at once (one write per request): %q", got)
	}
	logger.With(slog.String("component", "store")).Error("saving state failed")
	got := written(logs, out)
	access, failure := strings.Index(got, "msg=request"), strings.Index(got, "saving state failed")
	if access < 0 || failure < access {
		t.Fatalf("after an error the log holds %q; want the access line, then the error", got)
	}
	logger.Info("request", slog.String("path", "/last"))
	if err := logs.Close(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(written(logs, out), "path=/last") {
		t.Fatalf("Close left a line in the buffer: %q", written(logs, out))
	}
}

func TestAccessLinesAreFlushedEveryInterval(t *testing.T) {
	out := &bytes.Buffer{}
	logs := newLogBuffer(out, 10*time.Millisecond)
	defer logs.Close()
	logger, err := newLogger(logs, "json", false)
	if err != nil {
		t.Fatal(err)
	}
	logger.Info("request", slog.String("path", "/v1/accounts"))
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if strings.Contains(written(logs, out), `"path":"/v1/accounts"`) {
			return
		}
	}
	t.Fatalf("an access line was not written within 5s with a 10ms interval: %q", written(logs, out))
}
