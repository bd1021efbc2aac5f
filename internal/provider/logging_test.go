package provider_test

import (
	"os"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/acctest"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/mockserver"
)

// TestAccProvider_tokenNeverLogged runs a create and an update with TF_LOG=trace and checks that the
// provider's log mentions its requests but never the bearer token.
func TestAccProvider_tokenNeverLogged(t *testing.T) {
	const token = "Zq9-distinctive-admin-secret-4711"
	logFile := acctest.TraceLogFile(t)
	mock := acctest.NewMock(t, mockserver.Options{AdminToken: token})
	// The token comes from the environment: the test framework itself logs the configuration text.
	t.Setenv("SANDBOX_TOKEN", token)
	config := `provider "sandbox" {
  endpoint = "` + mock.URL + `"
}
` + accountConfig("Log", "log@example.com")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{Config: strings.Replace(config, `"Log"`, `"Log2"`, 1)},
		},
	})
	data, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	log := string(data)
	if !strings.Contains(log, "sandbox-client") || !strings.Contains(log, "/v1/accounts") {
		t.Fatalf("the trace log (%d bytes) has no client request lines; the check below would prove nothing", len(data))
	}
	if strings.Contains(log, token) {
		t.Errorf("the trace log contains the bearer token")
	}
}
