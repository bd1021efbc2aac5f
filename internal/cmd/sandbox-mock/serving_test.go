package main

import (
	"net"
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
	// A port the test holds: reaching Listen fails with another error. (Port 1 is no such guard: for
	// root, run binds it and serves for ever.)
	held, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = held.Close() })
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-tls-cert", bad}, "-tls-cert and -tls-key go together"},
		{[]string{"-tls-key", bad}, "-tls-cert and -tls-key go together"},
		{[]string{"-tls-cert", bad, "-tls-key", bad}, "-tls-cert/-tls-key"},
		{[]string{"-lease-api-base-path", "api"}, "must be a path such as /api"},
	} {
		err := run(append([]string{"-addr", held.Addr().String()}, tc.args...))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("run %v: %v, want an error containing %q", tc.args, err, tc.want)
		}
	}
}
