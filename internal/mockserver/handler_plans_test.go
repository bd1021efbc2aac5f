package mockserver

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/golden"
)

func TestPlanAndRolesResponsesMatchTheDocumentedShapes(t *testing.T) {
	s := newTestServer(t)
	id := createTestAccount(t, s, "p", "p@example.com").ID
	golden.AssertShape(t, "plan_get_response.json", admin(t, s, http.MethodGet, "/v1/accounts/"+id+"/plan", nil, http.StatusOK))
	golden.AssertShape(t, "plan_update_response.json", admin(t, s, http.MethodPut, "/v1/accounts/"+id+"/plan",
		map[string]any{"currentRevision": 0, "plan": LargePlanID}, http.StatusOK))
	golden.AssertShape(t, "roles_update_response.json", admin(t, s, http.MethodPut, "/v1/accounts/"+id+"/roles",
		map[string]any{"currentRevision": 1, "roles": []string{"admin"}}, http.StatusOK))
}

func TestSetPlanChecksPermissionRevisionAndCatalogue(t *testing.T) {
	s := newTestServer(t)
	id := createTestAccount(t, s, "pl", "pl@example.com").ID
	path := "/v1/accounts/" + id + "/plan"

	const unknown = "11111111-2222-4333-8444-555555555555"
	body := admin(t, s, http.MethodPut, path, map[string]any{"currentRevision": 0, "plan": unknown}, http.StatusNotFound)
	if got := errorBodyOf(t, body); got != "Plan for id not found: "+unknown {
		t.Errorf("unknown plan: %q", got)
	}
	body = admin(t, s, http.MethodPut, path, map[string]any{"currentRevision": 0}, http.StatusBadRequest)
	if errs := decode[accountAPIErrors](t, body).Errors; len(errs) != 1 || !strings.HasPrefix(errs[0], "plan:") {
		t.Errorf("missing plan: %s", body)
	}

	tok := createTestToken(t, s, id, s.AdminToken(), farFuture)
	status, body := call(t, s, http.MethodPut, path, tok.Secret, map[string]any{"currentRevision": 0, "plan": LargePlanID})
	if status != http.StatusForbidden || errorBodyOf(t, body) != "The account action SetRoles is not allowed" {
		t.Errorf("non-admin plan change: %d %s", status, body)
	}

	out := decode[accountJSON](t, admin(t, s, http.MethodPut, path, map[string]any{"currentRevision": 0, "plan": LargePlanID}, http.StatusOK))
	if out.PlanID != LargePlanID || out.Revision != 1 {
		t.Errorf("after plan change: %+v", out)
	}
	// The same plan again still takes a revision.
	admin(t, s, http.MethodPut, path, map[string]any{"currentRevision": 1, "plan": LargePlanID}, http.StatusOK)
	body = admin(t, s, http.MethodPut, path, map[string]any{"currentRevision": 1, "plan": DefaultPlanID}, http.StatusConflict)
	if got := errorBodyOf(t, body); got != "Concurrent update" {
		t.Errorf("stale plan change: %q", got)
	}
	got := decode[planJSON](t, admin(t, s, http.MethodGet, path, nil, http.StatusOK))
	if got.PlanID != LargePlanID || got.Name != "large" || got.AppLimit != 100 {
		t.Errorf("GET plan = %+v", got)
	}
	// The mock's own token may read its plan but not someone else's.
	if status, _ := call(t, s, http.MethodGet, path, tok.Secret, nil); status != http.StatusOK {
		t.Errorf("reading own plan: %d", status)
	}
	if status, _ := call(t, s, http.MethodGet, "/v1/accounts/"+RootAccountID+"/plan", tok.Secret, nil); status != http.StatusNotFound {
		t.Errorf("reading another's plan: %d, want 404", status)
	}
}

func TestUnlimitedPlanKeepsUint64Limits(t *testing.T) {
	s := newTestServer(t)
	id := createTestAccount(t, s, "u", "u@example.com").ID
	admin(t, s, http.MethodPut, "/v1/accounts/"+id+"/plan", map[string]any{"currentRevision": 0, "plan": UnlimitedPlanID}, http.StatusOK)
	body := string(admin(t, s, http.MethodGet, "/v1/accounts/"+id+"/plan", nil, http.StatusOK))
	if !strings.Contains(body, `"appLimit":18446744073709551615`) {
		t.Errorf("u64 limit not written exactly: %s", body)
	}
}

func TestPlansFileAddsPlansToTheCatalogue(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "plans.json")
	const extra = "0b7b8b1e-0000-4000-8000-00000000abcd"
	if err := os.WriteFile(file, []byte(`[{"planId":"`+extra+`","name":"team","appLimit":18446744073709551615,"envLimit":2}]`), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := New(Options{PlansFile: file})
	if err != nil {
		t.Fatal(err)
	}
	id := createTestAccount(t, s, "f", "f@example.com").ID
	admin(t, s, http.MethodPut, "/v1/accounts/"+id+"/plan", map[string]any{"currentRevision": 0, "plan": extra}, http.StatusOK)
	got := decode[planJSON](t, admin(t, s, http.MethodGet, "/v1/accounts/"+id+"/plan", nil, http.StatusOK))
	if got.Name != "team" || got.AppLimit != ^uint64(0) || got.EnvLimit != 2 {
		t.Errorf("plan from file = %+v", got)
	}
	// The built-in plans stay.
	admin(t, s, http.MethodPut, "/v1/accounts/"+id+"/plan", map[string]any{"currentRevision": 1, "plan": LargePlanID}, http.StatusOK)

	for _, bad := range []string{`{"planId":"x"}`, `[{"planId":"not-a-uuid","name":"x"}]`} {
		if err := os.WriteFile(file, []byte(bad), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := New(Options{PlansFile: file}); err == nil {
			t.Errorf("plans file %s was accepted", bad)
		}
	}
	if _, err := New(Options{PlansFile: filepath.Join(dir, "missing.json")}); err == nil {
		t.Error("a missing plans file was accepted")
	}
}
