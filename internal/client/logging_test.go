package client

import (
	"bytes"
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// TestRequestsAreLoggedThroughTheCallersContext checks the client's log lines of a read that fails
// twice and then succeeds: each attempt, each failure and each retry, in the subsystem
// sandbox-client, through the logger in the caller's context, with the token masked.
func TestRequestsAreLoggedThroughTheCallersContext(t *testing.T) {
	var calls atomic.Int32
	cl := newTestClient(t, statusSequence(&calls, accountBody, 503, 500))
	var out bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &out)
	if _, err := cl.GetAccount(ctx, "497f6eca-6276-4993-bfeb-53cbbbba6f08"); err != nil {
		t.Fatal(err)
	}
	lines, err := tflogtest.MultilineJSONDecode(&out)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range lines {
		if l["subsystem"] != "sandbox-client" {
			t.Errorf("line without the client's subsystem: %v", l)
		}
		got = append(got, l["@message"].(string))
	}
	want := []string{"performing request", "retrying request", "retrying request"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("logged %q, want %q", got, want)
	}
	if lines[0]["method"] != "GET" || !strings.Contains(lines[0]["url"].(string), "/v1/accounts/497f6eca") {
		t.Errorf("first line %v lacks the method and URL", lines[0])
	}
	if lines[1]["request"] != "GET "+lines[0]["url"].(string)+" (status: 503)" || lines[2]["attempt"] != float64(3) {
		t.Errorf("retry lines %v and %v do not describe the failed attempt and the new one", lines[1], lines[2])
	}
}

// TestFailedAttemptsAreLoggedWithTheTokenMasked makes a request fail at the connection level with
// the token in the URL's error text and checks the "request failed" line never shows it.
func TestFailedAttemptsAreLoggedWithTheTokenMasked(t *testing.T) {
	const token = "Zq9-secret-in-the-path"
	c, err := New(Config{AccountAPIEndpoint: "http://127.0.0.1:1", LeaseAPIEndpoint: "http://127.0.0.1:1", Token: token, MaxRetries: 0})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &out)
	if _, err := c.GetAccount(ctx, token); err == nil {
		t.Fatal("a read from a closed port succeeded")
	}
	log := out.String()
	if !strings.Contains(log, `"@message":"request failed"`) || !strings.Contains(log, "connection refused") {
		t.Fatalf("no request failed line with the error: %s", log)
	}
	if strings.Contains(log, token) {
		t.Errorf("the log shows the token: %s", log)
	}
}

func TestMaskSecretsHidesEachSecretAndSkipsEmptyOnes(t *testing.T) {
	var out bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &out)
	// An empty session token (long-lived keys have none) must not mask everything.
	ctx = MaskSecrets(ctx, "AKIASECRETVALUE", "", "https://signin.example/?token=abc")
	tflog.Info(ctx, "got AKIASECRETVALUE for lease 42", map[string]any{"console": "https://signin.example/?token=abc"})
	logged := out.String()
	if strings.Contains(logged, "AKIASECRETVALUE") || strings.Contains(logged, "token=abc") {
		t.Fatalf("a secret was logged: %s", logged)
	}
	if !strings.Contains(logged, "got *** for lease 42") {
		t.Fatalf("the message around the secret should survive intact: %s", logged)
	}
}
