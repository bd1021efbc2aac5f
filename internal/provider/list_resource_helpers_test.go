package provider_test

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/acctest"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/client"
)

// outsideTerraform is a client of the mock's HTTP API with its admin token: list tests make the
// objects `terraform query` should find with it, as another tool would.
func outsideTerraform(t *testing.T, mock *acctest.Mock) (*client.Client, context.Context) {
	t.Helper()
	c, err := client.New(client.Config{AccountAPIEndpoint: mock.URL, LeaseAPIEndpoint: mock.URL, Token: mock.AdminToken()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return c, ctx
}

// queryTest runs the query (a .tfquery.hcl body of list blocks) with checks, after a first step
// that only writes the provider configuration (the query step needs a configuration beside it).
func queryTest(t *testing.T, mock *acctest.Mock, query string, checks ...querycheck.QueryResultCheck) {
	t.Helper()
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   acctest.QuerySupported,
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: mock.ProviderConfig()},
			{Query: true, Config: query, QueryResultChecks: checks},
		},
	})
}

// foundID checks a list block found the object whose identity id is id.
func foundID(listAddr, id string) querycheck.QueryResultCheck {
	return querycheck.ExpectIdentity(listAddr, map[string]knownvalue.Check{"id": knownvalue.StringExact(id)})
}

// foundWith checks the resource object found with identity id has the given attribute values
// (the list block must set include_resource).
func foundWith(listAddr, id string, values ...querycheck.KnownValueCheck) querycheck.QueryResultCheck {
	return querycheck.ExpectResourceKnownValues(listAddr,
		queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.StringExact(id)}), values)
}
