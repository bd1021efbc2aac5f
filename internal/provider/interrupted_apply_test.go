package provider_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/acctest"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/mockserver"
)

// A diagnostic's address ("with sandbox_pool_account.pa[2],") and the import block it carries.
var (
	diagnosticAddress = regexp.MustCompile(`with (sandbox_[a-z_]+\.[a-z0-9_]+(?:\[\d+\])?),`)
	diagnosticImport  = regexp.MustCompile(`import \{\s+to = (sandbox_[a-z_]+)\.NAME\s+id = "([^"]+)"\s+\}`)
	diagnosticEmail   = regexp.MustCompile(`email "([^"]+)" is already in use`)
)

// importedDiagnostic is what a re-apply's diagnostic tells the user to import.
type importedDiagnostic struct {
	address, id, email string
}

// parseImportDiagnostics splits the CLI's stderr into error diagnostics and reads the address,
// import id and (for accounts) email of each; it fails on an error without an import block.
func parseImportDiagnostics(stderr string) ([]importedDiagnostic, error) {
	var out []importedDiagnostic
	for _, block := range strings.Split(stderr, "Error: ")[1:] {
		// Terraform wraps long lines; join them so a phrase is on one line.
		flat := strings.Join(strings.Fields(block), " ")
		addr := diagnosticAddress.FindStringSubmatch(flat)
		imp := diagnosticImport.FindStringSubmatch(block)
		if addr == nil || imp == nil || !strings.HasPrefix(addr[1], imp[1]+".") {
			return nil, fmt.Errorf("an error without the import block for its resource: %s", flat)
		}
		d := importedDiagnostic{address: addr[1], id: imp[2]}
		if m := diagnosticEmail.FindStringSubmatch(flat); m != nil {
			d.email = m[1]
		}
		out = append(out, d)
	}
	return out, nil
}

// terraform is killed (SIGKILL, as a cancelled CI job) mid-apply, after the mock made some of the
// objects. The re-apply fails only with diagnostics that carry the import block (accounts: named
// by email), one for every object the killed apply left behind; with those blocks added, the next
// apply converges: the mock holds exactly what the state records, and destroy leaves nothing.
func TestAccInterruptedApply_killedTerraformConvergesWithImportBlocks(t *testing.T) {
	cli := acctest.WrapCLI(t)
	workRoot := acctest.WorkingDirRoot(t)
	mock := newLeaseMock(t)
	// The last steps' configuration is a file, which may not hold a provider block.
	useMockThroughEnvironment(t, mock)
	// Leases go on pool accounts outside the configuration, so every object is independent and
	// one round of import blocks is enough.
	for i := range 3 {
		mock.AddPoolAccount(fmt.Sprintf("4200000000%02d", i), testAdminRoleArn)
	}
	base := mockInventory(mock)
	wasm := filepath.Join(t.TempDir(), "plugin.wasm")
	writeWasm(t, wasm, emptyWasm)
	body := fmt.Sprintf(`
resource "sandbox_account" "a" {
  count = 3
  name  = "Killed ${count.index}"
  email = "killed-${count.index}@example.com"
}

resource "sandbox_pool_account" "pa" {
  count          = 4
  id             = format("4100000000%%02d", count.index)
  admin_role_arn = %[1]q
}

resource "sandbox_lease" "l" {
  count        = 3
  principal_id = "killed-${count.index}"
  account_id   = format("4200000000%%02d", count.index)
}

resource "sandbox_plugin" "p" {
  count      = 3
  account_id = %[2]q
  name       = "killed-${count.index}"
  version    = "1"
  wasm_file  = %[3]q
  spec = {
    type = "Library"
  }
}
`, testAdminRoleArn, mockserver.RootAccountID, wasm)
	cfg := body
	adopt := filepath.Join(t.TempDir(), "main.tf")
	writeConfig(t, adopt, cfg)
	var orphans inventory
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             mockHoldsNothingNew(mock, base),
		Steps: []resource.TestStep{
			{
				// Killed once the mock has made two objects of every type.
				PreConfig: func() {
					cli.KillApplyWhen(t, func() bool {
						made := mockInventory(mock).without(base)
						for _, typ := range killedTypes {
							if len(made[typ]) < 2 {
								return false
							}
						}
						return true
					})
				},
				Config:      cfg,
				ExpectError: regexp.MustCompile(`signal: killed|exit status 137`),
			},
			{
				PreConfig: func() {
					made := settledInventory(mock).without(base)
					recorded, err := stateFileInventory(workRoot)
					var torn *json.SyntaxError
					if errors.As(err, &torn) {
						// The kill landed while Terraform rewrote terraform.tfstate in place,
						// leaving a file no command can read. A user goes back to the state from
						// before the apply, which here is none: everything made is orphaned.
						t.Logf("kill drill: terraform was killed while writing its state (%v); the torn file is removed", err)
						recorded, err = inventory{}, removeStateFile(workRoot)
					}
					if err != nil {
						t.Fatal(err)
					}
					// Terraform records some objects before it dies (how many varies), so only
					// the ones it did not are expected in the re-apply's diagnostics.
					orphans = made.without(recorded)
					if orphans.count() == 0 {
						t.Fatalf("the killed apply orphaned nothing (made %v, recorded %v)", made, recorded)
					}
					t.Logf("kill drill: terraform killed with %d objects made on the mock, %d of them in the state, %d orphaned: %v",
						made.count(), recorded.count(), orphans.count(), orphans)
					_ = cli.Stderr()
				},
				Config:      cfg,
				ExpectError: regexp.MustCompile(`(?s)already (exists|in use).*import \{`),
			},
			{
				PreConfig: func() {
					diags, err := parseImportDiagnostics(cli.Stderr())
					if err != nil {
						t.Fatal(err)
					}
					// Every object the killed apply left behind is named by one diagnostic.
					if len(diags) != orphans.count() {
						t.Fatalf("the re-apply gave %d import diagnostics for %d objects left behind: %+v", len(diags), orphans.count(), diags)
					}
					imports := ""
					for _, d := range diags {
						id := d.id
						if d.email != "" {
							id = accountIDByEmail(mock, d.email)
						}
						if id == "" || !containsID(orphans, id) {
							t.Fatalf("diagnostic %+v names no object the killed apply left behind (%v)", d, orphans)
						}
						imports += importBlock(d.address, id)
					}
					t.Logf("kill drill: the re-apply failed with %d diagnostics, each with an import block", len(diags))
					writeConfig(t, adopt, cfg+imports)
				},
				ConfigFile: config.StaticFile(adopt),
				ConfigStateChecks: []statecheck.StateCheck{
					mockMatchesState(mock, base, nil),
				},
			},
			{
				ConfigFile:       config.StaticFile(adopt),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

func accountIDByEmail(mock *acctest.Mock, email string) string {
	for _, a := range mock.LiveAccounts() {
		if a.Email == email {
			return a.ID
		}
	}
	return ""
}

func containsID(inv inventory, id string) bool {
	for _, ids := range inv {
		for _, have := range ids {
			if have == id {
				return true
			}
		}
	}
	return false
}

// killedTypes are the resource types the kill drill expects orphans of.
var killedTypes = []string{"sandbox_account", "sandbox_pool_account", "sandbox_lease", "sandbox_plugin"}

// settledInventory waits until the mock's objects stop changing (requests of the killed apply
// still in flight finish or are cancelled), then lists them.
func settledInventory(mock *acctest.Mock) inventory {
	last := mockInventory(mock)
	for range 50 {
		time.Sleep(100 * time.Millisecond)
		now := mockInventory(mock)
		if now.without(last).count() == 0 && last.without(now).count() == 0 {
			return now
		}
		last = now
	}
	return last
}

// stateFileInventory lists the objects of the local state file under a WorkingDirRoot (none when
// the killed apply never wrote one).
func stateFileInventory(root string) (inventory, error) {
	inv := inventory{}
	files, err := stateFiles(root)
	if err != nil || len(files) == 0 {
		return inv, err
	}
	raw, err := os.ReadFile(files[0])
	if err != nil || len(raw) == 0 {
		return inv, err
	}
	var state struct {
		Resources []struct {
			Mode, Type string
			Instances  []struct {
				Attributes struct {
					ID string `json:"id"`
				} `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(raw, &state); err != nil {
		return nil, err
	}
	for _, r := range state.Resources {
		for _, i := range r.Instances {
			if r.Mode == "managed" {
				inv[r.Type] = append(inv[r.Type], i.Attributes.ID)
			}
		}
	}
	return inv, nil
}

// stateFiles finds the working directory's terraform.tfstate under the test's working-dir root.
func stateFiles(root string) ([]string, error) {
	return filepath.Glob(filepath.Join(root, "plugintest*", "work*", "terraform.tfstate"))
}

// removeStateFile removes the working directory's terraform.tfstate.
func removeStateFile(root string) error {
	files, err := stateFiles(root)
	for _, f := range files {
		err = errors.Join(err, os.Remove(f))
	}
	return err
}
