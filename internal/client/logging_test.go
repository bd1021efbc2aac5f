package client

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

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
