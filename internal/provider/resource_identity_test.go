package provider_test

import (
	"fmt"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/acctest"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/mockserver"
)

// identityCase is one resource type's identity: the configuration that creates an object, the
// identity attribute, what its value looks like, and how to find the object on the mock by it.
type identityCase struct {
	config func(t *testing.T) string
	addr   string
	attr   string
	value  *regexp.Regexp
	onMock func(mock *acctest.Mock, value string) error
	// recordsWasm: the configuration names a wasm_file, which an import cannot read back, so the
	// import also updates the plugin in place to record it (no replacement).
	recordsWasm bool
}

var awsAccountIDRegexp = regexp.MustCompile(`^[0-9]{12}$`)

func identityCases() map[string]identityCase {
	return map[string]identityCase{
		"account": {
			config: func(*testing.T) string { return accountConfig("Identified", "identified@example.com") },
			addr:   accountAddr, attr: "id", value: uuidRegexp,
			onMock: func(mock *acctest.Mock, id string) error {
				return expectMockAccount(mock, id, "Identified", "identified@example.com")
			},
		},
		"token": {
			config: func(*testing.T) string { return tokenConfig(farFuture) },
			addr:   tokenAddr, attr: "id", value: uuidRegexp,
			onMock: func(mock *acctest.Mock, id string) error {
				if _, ok := mock.Token(id); !ok {
					return fmt.Errorf("token %s is not on the mock", id)
				}
				return nil
			},
		},
		"plugin": {
			config: func(*testing.T) string { return transformerPluginConfig(`jsonencode({ type = "object" })`) },
			addr:   pluginAddr, attr: "id", value: uuidRegexp,
			onMock: func(mock *acctest.Mock, id string) error {
				if p, ok := mock.Plugin(id); !ok || p.Name != "transformer" {
					return fmt.Errorf("plugin %s is not on the mock", id)
				}
				return nil
			},
		},
		"plugin_library": {
			config: func(t *testing.T) string {
				file := filepath.Join(t.TempDir(), "lib.wasm")
				writeWasm(t, file, emptyWasm)
				return libraryPluginConfig("1.0.0", file)
			},
			addr: pluginAddr, attr: "id", value: uuidRegexp, recordsWasm: true,
			onMock: func(mock *acctest.Mock, id string) error {
				if p, ok := mock.Plugin(id); !ok || p.Name != "lib" {
					return fmt.Errorf("plugin %s is not on the mock", id)
				}
				return nil
			},
		},
		"account_plan": {
			config: func(*testing.T) string { return accountPlanConfig(mockserver.LargePlanID) },
			addr:   planAddr, attr: "account_id", value: uuidRegexp,
			onMock: func(mock *acctest.Mock, id string) error {
				if a, ok := mock.Account(id); !ok || a.PlanID != mockserver.LargePlanID {
					return fmt.Errorf("account %s on the mock does not have plan %s", id, mockserver.LargePlanID)
				}
				return nil
			},
		},
		"account_roles": {
			config: func(*testing.T) string { return accountRolesConfig("admin") },
			addr:   rolesAddr, attr: "account_id", value: uuidRegexp,
			onMock: func(mock *acctest.Mock, id string) error {
				if a, ok := mock.Account(id); !ok || len(a.Roles) != 1 || a.Roles[0] != "admin" {
					return fmt.Errorf("account %s on the mock does not have the admin role alone", id)
				}
				return nil
			},
		},
		"pool_account": {
			config: func(*testing.T) string { return poolAccountConfig("123456789012", testAdminRoleArn, "") },
			addr:   poolAccountAddr, attr: "id", value: awsAccountIDRegexp,
			onMock: func(mock *acctest.Mock, id string) error {
				return expectPoolAccount(mock, id, "Ready", testAdminRoleArn, "")
			},
		},
		"lease": {
			config: func(*testing.T) string { return leaseConfig("identified-principal") },
			addr:   leaseAddr, attr: "id", value: uuidRegexp,
			onMock: func(mock *acctest.Mock, id string) error {
				return expectActiveLease(mock, id, "identified-principal", "123456789012")
			},
		},
	}
}

// TestAccResourceIdentity creates one object of every resource type and checks its identity in the
// state names the object on the mock; an import block with that identity (and nothing else) plans
// a no-op import ("1 to import, 0 to add, 0 to change"), and so does the configuration Terraform
// generates for it with `plan -generate-config-out` (for a Library plugin too, whose generated
// wasm_file is null).
func TestAccResourceIdentity(t *testing.T) {
	for name, tc := range identityCases() {
		t.Run(name, func(t *testing.T) {
			mock := newLeaseMock(t)
			var value string
			resource.ParallelTest(t, resource.TestCase{
				TerraformVersionChecks:   acctest.ResourceIdentitySupported,
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{
					{
						Config: mock.Config(tc.config(t)),
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectIdentity(tc.addr, map[string]knownvalue.Check{tc.attr: knownvalue.StringRegexp(tc.value)}),
							statecheck.ExpectIdentityValueMatchesState(tc.addr, tfjsonpath.New(tc.attr)),
							acctest.CaptureString(tc.addr, tc.attr, &value),
							acctest.CheckFunc(func() error { return tc.onMock(mock, value) }),
						},
					},
					{
						// The harness writes `import { to = ..., identity = { <attr> = "<value>" } }`
						// and fails unless the plan is a no-op import with the same identity.
						ResourceName:       tc.addr,
						ImportState:        true,
						ImportStateKind:    resource.ImportBlockWithResourceIdentity,
						ExpectNonEmptyPlan: tc.recordsWasm,
						ImportPlanChecks:   resource.ImportPlanChecks{PreApply: importActions(tc)},
					},
					{
						// The same import into a resource block Terraform writes itself.
						ResourceName:    tc.addr,
						ImportState:     true,
						ImportStateKind: resource.ImportBlockWithResourceIdentity,
						GenerateConfig:  true,
					},
				},
			})
		})
	}
}

// importActions expects a no-op import, or for a plugin whose wasm_file the import cannot read back,
// an in-place update that records it.
func importActions(tc identityCase) []plancheck.PlanCheck {
	action := plancheck.ResourceActionNoop
	if tc.recordsWasm {
		action = plancheck.ResourceActionUpdate
	}
	return []plancheck.PlanCheck{plancheck.ExpectResourceAction(tc.addr, action)}
}

// TestAccResourceIdentity_rejectsMalformed imports by an identity whose value cannot name an object:
// the plan fails before any request, naming the identity attribute and what it must look like.
func TestAccResourceIdentity_rejectsMalformed(t *testing.T) {
	cases := map[string]struct{ to, identity, body, want string }{
		"uuid": {
			to: "sandbox_account.imported", identity: `id = "not-a-uuid"`,
			body: "name = \"x\"\n  email = \"x@example.com\"",
			want: `(?s)Import the account by its id, a UUID.*identity\.id\s+is\s+"not-a-uuid"`,
		},
		"account_uuid": {
			to: "sandbox_account_roles.imported", identity: `account_id = "root"`,
			body: "account_id = \"497f6eca-6276-4993-bfeb-53cbbbba6f08\"\n  roles = []",
			want: `(?s)Import the roles by the id of its account, a UUID.*identity\.account_id\s+is\s+"root"`,
		},
		"aws_account_id": {
			to: "sandbox_pool_account.imported", identity: `id = "12345"`,
			body: "id = \"123456789012\"\n  admin_role_arn = \"" + testAdminRoleArn + "\"",
			want: `(?s)Import the pool account by its 12-digit AWS account id.*identity\.id\s+is\s+"12345"`,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			mock := newLeaseMock(t)
			typ := regexp.MustCompile(`^[a-z_]+`).FindString(tc.to)
			resource.ParallelTest(t, resource.TestCase{
				TerraformVersionChecks:   acctest.ResourceIdentitySupported,
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{
					{
						Config: mock.Config(fmt.Sprintf(`
import {
  to       = %s
  identity = { %s }
}

resource %q "imported" {
  %s
}
`, tc.to, tc.identity, typ, tc.body)),
						PlanOnly:    true,
						ExpectError: regexp.MustCompile(tc.want),
					},
				},
			})
			if n := len(mock.Requests()); n != 0 {
				t.Errorf("the mock got %d requests; a malformed identity must be refused before any", n)
			}
		})
	}
}
