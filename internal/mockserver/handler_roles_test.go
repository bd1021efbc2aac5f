package mockserver

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

func TestSetRolesValidatesAndReplacesTheSet(t *testing.T) {
	s := newTestServer(t)
	id := createTestAccount(t, s, "ro", "ro@example.com").ID
	path := "/v1/accounts/" + id + "/roles"

	body := admin(t, s, http.MethodPut, path, map[string]any{"currentRevision": 0, "roles": []string{"admin", "owner", "root"}}, http.StatusBadRequest)
	if errs := decode[accountAPIErrors](t, body).Errors; len(errs) != 2 || !strings.Contains(errs[0], `"owner"`) || !strings.Contains(errs[1], `"root"`) {
		t.Errorf("unknown roles: %s", body)
	}
	out := decode[accountJSON](t, admin(t, s, http.MethodPut, path,
		map[string]any{"currentRevision": 0, "roles": []string{"marketing-admin", "admin", "admin"}}, http.StatusOK))
	if !slices.Equal(out.Roles, []string{"admin", "marketing-admin"}) || out.Revision != 1 {
		t.Errorf("after setting roles: %+v", out)
	}
	out = decode[accountJSON](t, admin(t, s, http.MethodPut, path, map[string]any{"currentRevision": 1, "roles": []string{}}, http.StatusOK))
	if out.Roles == nil || len(out.Roles) != 0 || out.Revision != 2 {
		t.Errorf("after clearing roles: %+v", out)
	}
	admin(t, s, http.MethodPut, path, map[string]any{"currentRevision": 1, "roles": []string{}}, http.StatusConflict)
	admin(t, s, http.MethodPut, path, map[string]any{"currentRevision": 2}, http.StatusBadRequest)

	tok := createTestToken(t, s, id, s.AdminToken(), farFuture)
	status, body := call(t, s, http.MethodPut, path, tok.Secret, map[string]any{"currentRevision": 2, "roles": []string{"admin"}})
	if status != http.StatusForbidden || errorBodyOf(t, body) != "The account action SetRoles is not allowed" {
		t.Errorf("non-admin roles change: %d %s", status, body)
	}
	// An account made admin may then act as one.
	admin(t, s, http.MethodPut, path, map[string]any{"currentRevision": 2, "roles": []string{"admin"}}, http.StatusOK)
	if status, body := call(t, s, http.MethodPut, path, tok.Secret, map[string]any{"currentRevision": 3, "roles": []string{"admin"}}); status != http.StatusOK {
		t.Errorf("new admin setting roles: %d %s", status, body)
	}
}

func TestConflictNextWritesHitsPlanAndRoles(t *testing.T) {
	s := newTestServer(t)
	id := createTestAccount(t, s, "c", "c@example.com").ID
	s.ConflictNextWrites(id, 2)
	admin(t, s, http.MethodPut, "/v1/accounts/"+id+"/plan", map[string]any{"currentRevision": 0, "plan": LargePlanID}, http.StatusConflict)
	admin(t, s, http.MethodPut, "/v1/accounts/"+id+"/roles", map[string]any{"currentRevision": 1, "roles": []string{}}, http.StatusConflict)
	admin(t, s, http.MethodPut, "/v1/accounts/"+id+"/roles", map[string]any{"currentRevision": 2, "roles": []string{}}, http.StatusOK)
}
