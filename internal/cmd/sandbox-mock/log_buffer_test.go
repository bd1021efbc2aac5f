package main

import (
	"bytes"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a bytes.Buffer safe to read while the log buffer's flusher writes to it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestAccessLinesWaitForTheIntervalAndErrorsDoNot(t *testing.T) {
	out := &lockedBuffer{}
	logs := newLogBuffer(out, time.Hour) // no periodic flush within the test
	logger, err := newLogger(logs, "text", false)
	if err != nil {
		t.Fatal(err)
	}
	logger.Info("request", slog.String("path", "/v1/accounts"))
	if got := out.String(); got != "" {
		t.Fatalf("an access line was written at once (one write per request): %q", got)
	}
	logger.With(slog.String("component", "store")).Error("saving state failed")
	got := out.String()
	access, failure := strings.Index(got, "msg=request"), strings.Index(got, "saving state failed")
	if access < 0 || failure < access {
		t.Fatalf("after an error the log holds %q; want the access line, then the error", got)
	}
	logger.Info("request", slog.String("path", "/last"))
	if err := logs.Close(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "path=/last") {
		t.Fatalf("Close left a line in the buffer: %q", out.String())
	}
}

func TestAccessLinesAreFlushedEveryInterval(t *testing.T) {
	out := &lockedBuffer{}
	logs := newLogBuffer(out, 10*time.Millisecond)
	defer logs.Close()
	logger, err := newLogger(logs, "json", false)
	if err != nil {
		t.Fatal(err)
	}
	logger.Info("request", slog.String("path", "/v1/accounts"))
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if strings.Contains(out.String(), `"path":"/v1/accounts"`) {
			return
		}
	}
	t.Fatalf("an access line was not written within 5s with a 10ms interval: %q", out.String())
}
