package provider_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/acctest"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/mockserver"
)

// examplesDir holds the examples tfplugindocs puts into the documentation.
const examplesDir = "../../examples"

// exampleFiles lists every example configuration of a resource, data source or ephemeral
// resource page, relative to examplesDir.
func exampleFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, kind := range []string{"resources", "data-sources", "ephemeral-resources"} {
		matches, err := filepath.Glob(filepath.Join(examplesDir, kind, "*", "*.tf"))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range matches {
			rel, _ := filepath.Rel(examplesDir, m)
			files = append(files, rel)
		}
	}
	if len(files) < 24 { // a wrong examplesDir finds none
		t.Fatalf("found only %d example files under %s: %v", len(files), examplesDir, files)
	}
	return files
}

// copyExample copies the example configurations in files (relative to examplesDir), and every
// file beside them that is not a configuration or a shell snippet (a plugin's wasm), into a fresh
// directory, adds providerBlock as provider.tf, and returns the directory.
//
// path.module becomes the directory's absolute path: the CLI passes it on as "." and the provider
// opens files relative to its own working directory, which is the CLI's in real runs but this
// package's directory here, where the provider runs inside the test.
func copyExample(t *testing.T, providerBlock string, files ...string) string {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join(examplesDir, filepath.Dir(files[0]))
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		ext := filepath.Ext(e.Name())
		if e.IsDir() || ext == ".sh" || (ext == ".tf" && !slices.Contains(files, filepath.Join(filepath.Dir(files[0]), e.Name()))) {
			continue
		}
		content, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if ext == ".tf" {
			content = bytes.ReplaceAll(content, []byte("${path.module}"), []byte(dir))
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), content, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "provider.tf"), []byte(providerBlock), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Every example file is a valid configuration on its own: with nothing but a provider block
// added, `validate` accepts it. Readers copy these files; one that names a resource it does not
// declare, or a provider they would have to download, fails here.
func TestAccExamplesValidateOnTheirOwn(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance tests run only with TF_ACC=1")
	}
	t.Parallel()
	reattach := acctest.ReattachProvider(t)
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	for _, file := range exampleFiles(t) {
		t.Run(file, func(t *testing.T) {
			if filepath.Base(file) == "import-by-identity.tf" {
				acctest.SkipBelowCLI(t, tfversion.Version1_12_0, "import blocks by identity")
			}
			t.Parallel()
			dir := copyExample(t, "provider \"sandbox\" {}\n", file)
			// An empty -plugin-dir lets init install nothing: only the attached provider is there.
			noDownloads := "-plugin-dir=" + t.TempDir()
			for _, args := range [][]string{{"init", "-backend=false", "-input=false", "-no-color", noDownloads}, {"validate", "-no-color"}} {
				cmd := exec.Command(cli, args...)
				cmd.Dir = dir
				cmd.Env = append(os.Environ(), "TF_REATTACH_PROVIDERS="+reattach)
				var out bytes.Buffer
				cmd.Stdout, cmd.Stderr = &out, &out
				if err := cmd.Run(); err != nil {
					t.Fatalf("%s %s in a copy of %s: %v\n%s", filepath.Base(cli), args[0], file, err, out.String())
				}
			}
		})
	}
}

// Every resource example applies against the mock, leaves a second plan empty, and creates what
// it shows: each object in the state is on the mock as the state says. The import examples are
// left out: they import objects of someone else's platform.
func TestAccExamplesOfResourcesApply(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join(examplesDir, "resources", "*", "resource.tf"))
	if err != nil || len(dirs) < 7 {
		t.Fatalf("resource examples: %v, %v", dirs, err)
	}
	for _, file := range dirs {
		resourceType := filepath.Base(filepath.Dir(file))
		t.Run(resourceType, func(t *testing.T) {
			mock := acctest.NewMock(t, mockserver.Options{AccountReadyDelay: 50 * time.Millisecond})
			rel, _ := filepath.Rel(examplesDir, file)
			dir := copyExample(t, mock.ProviderConfig(), rel)
			resource.ParallelTest(t, resource.TestCase{
				Steps: []resource.TestStep{{
					// With ConfigDirectory the providers must be given per step.
					ProtoV6ProviderFactories: acctest.ProviderFactories,
					ConfigDirectory:          config.StaticDirectory(dir),
					Check: func(s *terraform.State) error {
						return exampleObjectsOnMock(mock, resourceType, s)
					},
				}},
			})
		})
	}
}

// exampleObjectsOnMock checks that the state holds at least one resourceType and that every
// resource in it is on the mock as the state describes it.
func exampleObjectsOnMock(mock *acctest.Mock, resourceType string, s *terraform.State) error {
	shown := 0
	for addr, rs := range s.RootModule().Resources {
		if rs.Type == resourceType {
			shown++
		}
		if err := objectOnMock(mock, rs); err != nil {
			return fmt.Errorf("%s: %w", addr, err)
		}
	}
	if shown == 0 {
		return fmt.Errorf("the example creates no %s", resourceType)
	}
	return nil
}

func objectOnMock(mock *acctest.Mock, rs *terraform.ResourceState) error {
	id, attrs := rs.Primary.ID, rs.Primary.Attributes
	switch rs.Type {
	case "sandbox_account":
		if a, ok := mock.Account(id); !ok || a.Deleted || a.Name != attrs["name"] || a.Email != attrs["email"] {
			return fmt.Errorf("mock holds %+v (found %v), want a live account named %q", a, ok, attrs["name"])
		}
	case "sandbox_token":
		if tok, ok := mock.Token(id); !ok || tok.AccountID != attrs["account_id"] {
			return fmt.Errorf("mock holds %+v (found %v), want a token of account %s", tok, ok, attrs["account_id"])
		}
	case "sandbox_account_plan":
		if a, ok := mock.Account(attrs["account_id"]); !ok || a.PlanID != attrs["plan_id"] {
			return fmt.Errorf("mock's account is on plan %q (found %v), want %q", a.PlanID, ok, attrs["plan_id"])
		}
	case "sandbox_account_roles":
		var want []string
		for k, v := range attrs {
			if strings.HasPrefix(k, "roles.") && k != "roles.#" {
				want = append(want, v)
			}
		}
		a, ok := mock.Account(attrs["account_id"])
		got := slices.Clone(a.Roles)
		slices.Sort(got)
		slices.Sort(want)
		if !ok || len(want) == 0 || !slices.Equal(got, want) {
			return fmt.Errorf("mock's account has roles %v (found %v), want %v", got, ok, want)
		}
	case "sandbox_plugin":
		if p, ok := mock.Plugin(id); !ok || p.Deleted || p.Name != attrs["name"] {
			return fmt.Errorf("mock holds %+v (found %v), want a live plugin named %q", p, ok, attrs["name"])
		}
	case "sandbox_pool_account":
		if a, ok := mock.PoolAccount(id); !ok || a.AdminRoleArn != attrs["admin_role_arn"] {
			return fmt.Errorf("mock holds %+v (found %v), want the pool account with role %s", a, ok, attrs["admin_role_arn"])
		}
	case "sandbox_lease":
		if l, ok := mock.Lease(id); !ok || l.Status != "Active" || l.PrincipalID != attrs["principal_id"] {
			return fmt.Errorf("mock holds %+v (found %v), want an active lease of %s", l, ok, attrs["principal_id"])
		}
	default:
		return fmt.Errorf("no check of %s objects on the mock: add one", rs.Type)
	}
	return nil
}
