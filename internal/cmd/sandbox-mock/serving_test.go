package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestServingFlagsRefuseAHalfOrBadTLSPairBeforeListening(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.pem")
	if err := os.WriteFile(bad, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-tls-cert", bad}, "-tls-cert and -tls-key go together"},
		{[]string{"-tls-key", bad}, "-tls-cert and -tls-key go together"},
		{[]string{"-tls-cert", bad, "-tls-key", bad}, "-tls-cert/-tls-key"},
		{[]string{"-lease-api-base-path", "api"}, "must be a path such as /api"},
	} {
		// Port 1 is never free to a test: reaching Listen would fail with another error.
		err := run(append([]string{"-addr", "127.0.0.1:1"}, tc.args...))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("run %v: %v, want an error containing %q", tc.args, err, tc.want)
		}
	}
}
