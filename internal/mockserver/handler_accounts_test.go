package mockserver

import (
	"bytes"
	"encoding/json"
	"net/http"
	"path/filepath"
	"sync"
	"testing"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/golden"
)

func TestAccountResponsesMatchTheDocumentedShapes(t *testing.T) {
	s := newTestServer(t)
	created := admin(t, s, http.MethodPost, "/v1/accounts", map[string]string{"name": "a", "email": "a@example.com"}, http.StatusOK)
	golden.AssertShape(t, "account_create_response.json", created)
	id := decode[accountJSON](t, created).ID

	golden.AssertShape(t, "account_get_response.json", admin(t, s, http.MethodGet, "/v1/accounts/"+id, nil, http.StatusOK))
	updated := admin(t, s, http.MethodPut, "/v1/accounts/"+id, map[string]any{"currentRevision": 0, "name": "b"}, http.StatusOK)
	golden.AssertShape(t, "account_update_response.json", updated)
	golden.AssertShape(t, "account_delete_response.json", admin(t, s, http.MethodDelete, "/v1/accounts/"+id+"?current_revision=1", nil, http.StatusOK))
}

func TestNewAccountGetsDefaultPlanNoRolesAndRevisionZero(t *testing.T) {
	s := newTestServer(t)
	a := createTestAccount(t, s, "n", "n@example.com")
	if a.Revision != 0 || a.PlanID != DefaultPlanID || a.Roles == nil || len(a.Roles) != 0 {
		t.Errorf("new account = %+v, want revision 0, plan %s, roles []", a, DefaultPlanID)
	}
}

func TestAccountAuth(t *testing.T) {
	s := newTestServer(t)
	for _, token := range []string{"", "wrong-token"} {
		status, body := call(t, s, http.MethodGet, "/v1/accounts/"+RootAccountID, token, nil)
		if status != http.StatusUnauthorized || errorBodyOf(t, body) == "" {
			t.Errorf("token %q: status %d body %s, want 401 with an error", token, status, body)
		}
	}
	status, _ := call(t, s, http.MethodOptions, "/v1/accounts", "", nil)
	if status != http.StatusOK {
		t.Errorf("OPTIONS without auth: status %d, want 200", status)
	}
}

func TestAccountRevisionsAndConflicts(t *testing.T) {
	s := newTestServer(t)
	id := createTestAccount(t, s, "r", "r@example.com").ID
	path := "/v1/accounts/" + id

	// Every successful write adds one, even when nothing changes.
	for rev := 0; rev < 3; rev++ {
		out := admin(t, s, http.MethodPut, path, map[string]any{"currentRevision": rev}, http.StatusOK)
		if got := decode[accountJSON](t, out).Revision; got != uint64(rev+1) {
			t.Fatalf("after PUT at %d revision is %d", rev, got)
		}
	}
	body := admin(t, s, http.MethodPut, path, map[string]any{"currentRevision": 1, "name": "x"}, http.StatusConflict)
	if got := errorBodyOf(t, body); got != "Concurrent update" {
		t.Errorf("stale PUT error %q", got)
	}
	admin(t, s, http.MethodDelete, path+"?current_revision=2", nil, http.StatusConflict)
	admin(t, s, http.MethodDelete, path, nil, http.StatusBadRequest)
	admin(t, s, http.MethodDelete, path+"?current_revision=3", nil, http.StatusOK)

	// Soft-deleted: 404 everywhere, and the email is free again.
	for _, method := range []string{http.MethodGet, http.MethodPut, http.MethodDelete} {
		status, _ := call(t, s, method, path+"?current_revision=4", s.AdminToken(), map[string]any{"currentRevision": 4})
		if status != http.StatusNotFound {
			t.Errorf("%s deleted account: status %d, want 404", method, status)
		}
	}
	createTestAccount(t, s, "r2", "r@example.com")
}

func TestAccountValidation(t *testing.T) {
	s := newTestServer(t)
	cases := []struct {
		name string
		body any
	}{
		{"missing name", map[string]string{"email": "x@example.com"}},
		{"malformed email", map[string]string{"name": "x", "email": "not an email"}},
		{"not JSON", "{"},
	}
	for _, c := range cases {
		out := admin(t, s, http.MethodPost, "/v1/accounts", c.body, http.StatusBadRequest)
		if errs := decode[accountAPIErrors](t, out).Errors; len(errs) == 0 {
			t.Errorf("%s: no errors listed in %s", c.name, out)
		}
	}
	id := createTestAccount(t, s, "v", "v@example.com").ID
	out := admin(t, s, http.MethodPut, "/v1/accounts/"+id, map[string]any{"currentRevision": 0, "planId": LargePlanID}, http.StatusBadRequest)
	if errs := decode[accountAPIErrors](t, out).Errors; len(errs) != 1 || errs[0] != "Changing the planId is not allowed" {
		t.Errorf("planId change: %s", out)
	}
	admin(t, s, http.MethodPost, "/v1/accounts", map[string]string{"name": "dup", "email": "v@example.com"}, http.StatusConflict)
	admin(t, s, http.MethodGet, "/v1/accounts/497f6eca-6276-4993-bfeb-53cbbbba6f08", nil, http.StatusNotFound)
}

func TestConcurrentWritesKeepRevisionsConsistent(t *testing.T) {
	s := newTestServer(t)
	id := createTestAccount(t, s, "c", "c@example.com").ID
	const writers = 16
	var wg sync.WaitGroup
	var mu sync.Mutex
	succeeded := 0
	for i := 0; i < writers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// A writer loses a round only to another writer's success between its read and its write,
			// and there are writers-1 of those: more attempts mean a spurious conflict.
			for attempt := 0; attempt < writers; attempt++ {
				a, _ := s.Account(id)
				status, body := call(t, s, http.MethodPut, "/v1/accounts/"+id, s.AdminToken(), map[string]any{"currentRevision": a.Revision})
				switch status {
				case http.StatusOK:
					mu.Lock()
					succeeded++
					mu.Unlock()
					return
				case http.StatusConflict:
				default:
					t.Errorf("PUT at revision %d: status %d %s, want 200 or 409", a.Revision, status, body)
					return
				}
			}
			t.Errorf("a writer still met conflicts after %d attempts", writers)
		}()
	}
	wg.Wait()
	if a, _ := s.Account(id); a.Revision != writers || succeeded != writers {
		t.Errorf("revision %d after %d successful writes, want %d", a.Revision, succeeded, writers)
	}
}

func TestStateFileSurvivesRestart(t *testing.T) {
	file := filepath.Join(t.TempDir(), "state.json")
	s, err := New(Options{StateFile: file})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() }) // frees the file if the test fails first; a second Close is harmless
	// The file exists from New on, so only the restart below shows the write reached it.
	id := createTestAccount(t, s, "p", "p@example.com").ID
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	restarted, err := New(Options{StateFile: file})
	if err != nil {
		t.Fatal(err)
	}
	defer restarted.Close()
	if a, ok := restarted.Account(id); !ok || a.Email != "p@example.com" {
		t.Errorf("after restart account %s = %+v, %v", id, a, ok)
	}
}

func TestScriptedFaultFiresBeforeTheHandler(t *testing.T) {
	s := newTestServer(t)
	s.InjectFault(ScriptedFault{Method: http.MethodPost, Path: "/v1/accounts", Status: http.StatusServiceUnavailable, Count: 1})
	status, _ := call(t, s, http.MethodPost, "/v1/accounts", s.AdminToken(), map[string]string{"name": "f", "email": "f@example.com"})
	if status != http.StatusServiceUnavailable || len(s.LiveAccounts()) != 1 {
		t.Fatalf("fault: status %d with %d accounts, want 503 and only the root account", status, len(s.LiveAccounts()))
	}
	createTestAccount(t, s, "f", "f@example.com")
}

// The account's answer is kept for the reads after it; whichever way the account changes (through
// the API, or in place where no handler drops the kept answer), the next read answers what it holds.
func TestReadingAnAccountAnswersWhatItHoldsNow(t *testing.T) {
	s := newTestServer(t)
	id := createTestAccount(t, s, "before", "before@example.com").ID
	path := "/v1/accounts/" + id
	var last []byte
	// read checks the answer against the account, and that it changed since the last read (or not).
	read := func(step string, changed bool) {
		t.Helper()
		got := admin(t, s, http.MethodGet, path, nil, http.StatusOK)
		if last != nil && bytes.Equal(got, last) == changed {
			t.Errorf("%s: answer changed %t, want %t (%s)", step, !changed, changed, got)
		}
		last = got
		s.mu.RLock()
		var want bytes.Buffer
		_ = json.NewEncoder(&want).Encode(s.state.Accounts[id].toJSON())
		s.mu.RUnlock()
		if !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%s: GET answered %s, want %s", step, got, want.Bytes())
		}
	}
	read("new", true)
	read("read again", false)
	admin(t, s, http.MethodPut, path, map[string]any{"currentRevision": 0, "name": "renamed", "email": "after@example.com"}, http.StatusOK)
	read("renamed", true)
	admin(t, s, http.MethodPut, path+"/roles", map[string]any{"currentRevision": 1, "roles": []string{"admin"}}, http.StatusOK)
	read("roles set", true)
	admin(t, s, http.MethodPut, path+"/plan", map[string]any{"currentRevision": 2, "plan": LargePlanID}, http.StatusOK)
	read("plan changed", true)
	// Writers that change the account in place, without telling anyone.
	s.mu.Lock()
	s.state.Accounts[id].Roles[0] = "view-project"
	s.mu.Unlock()
	read("role changed in place", true)
	s.mu.Lock()
	s.state.Accounts[id].Name = "renamed again"
	s.mu.Unlock()
	read("name changed in place", true)
}
