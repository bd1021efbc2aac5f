package mockserver

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// stateJSON is everything a server holds, for comparing two servers.
func stateJSON(t *testing.T, s *Server) string {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	data, err := json.MarshalIndent(s.state, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// storeMatches fails the test unless the server's bbolt store holds what its memory holds.
func storeMatches(t *testing.T, s *Server, step string) {
	t.Helper()
	loaded := emptyState()
	if _, err := s.store.load(loaded); err != nil {
		t.Fatal(err)
	}
	want := stateJSON(t, s)
	data, err := json.MarshalIndent(loaded, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if got := string(data); got != want {
		t.Fatalf("after %s the store differs from memory.\nin memory:\n%s\nin the store:\n%s", step, want, got)
	}
	indexesMatch(t, s, step)
}

// indexesMatch fails the test unless the server's indexes equal ones built afresh from its state.
func indexesMatch(t *testing.T, s *Server, step string) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	live := s.idx
	s.reindexAll()
	fresh := s.idx
	s.idx = live
	for name, pair := range map[string][2]any{
		"emailOf": {live.emailOf, fresh.emailOf}, "byEmail": {live.byEmail, fresh.byEmail},
		"secretOf": {live.secretOf, fresh.secretOf}, "bySecret": {live.bySecret, fresh.bySecret},
		"leaseKeyOf": {live.leaseKeyOf, fresh.leaseKeyOf}, "leases": {live.leases.keys, fresh.leases.keys},
		"activeOf": {live.activeOf, fresh.activeOf}, "activeByPrinc": {live.activeByPrinc, fresh.activeByPrinc},
		"pool": {live.pool.keys, fresh.pool.keys}, "poolIndexed": {live.poolIndexed, fresh.poolIndexed},
	} {
		if !reflect.DeepEqual(pair[0], pair[1]) {
			t.Errorf("after %s index %s = %v, built afresh %v", step, name, pair[0], pair[1])
		}
	}
}

// TestTheStoreHoldsWhatMemoryHolds drives every kind of write, settling included, against a
// bbolt-backed server and compares the store with memory after each step. A change that is not
// recorded with Server.changed shows up here.
func TestTheStoreHoldsWhatMemoryHolds(t *testing.T) {
	file := filepath.Join(t.TempDir(), "state.db")
	s := newLeaseTestServer(t, Options{StateFile: file, AccountReadyDelay: time.Minute})
	var a, b accountJSON
	var tok, gone tokenWithSecretJSON
	var p, q pluginJSON
	var l, m leaseJSON
	steps := []struct {
		name string
		do   func()
	}{
		{"account creates", func() {
			a = createTestAccount(t, s, "a", "a@example.com")
			b = createTestAccount(t, s, "b", "b@example.com")
		}},
		{"account update", func() {
			admin(t, s, http.MethodPut, "/v1/accounts/"+a.ID, map[string]any{"currentRevision": 0, "name": "a2"}, http.StatusOK)
		}},
		{"roles", func() {
			admin(t, s, http.MethodPut, "/v1/accounts/"+a.ID+"/roles", map[string]any{"currentRevision": 1, "roles": []string{"admin"}}, http.StatusOK)
		}},
		{"plan", func() {
			admin(t, s, http.MethodPut, "/v1/accounts/"+a.ID+"/plan", map[string]any{"currentRevision": 2, "plan": LargePlanID}, http.StatusOK)
		}},
		{"account delete", func() {
			admin(t, s, http.MethodDelete, "/v1/accounts/"+b.ID+"?current_revision=0", nil, http.StatusOK)
		}},
		{"a conflict moving the revision", func() {
			s.ConflictNextWrites(a.ID, 1)
			call(t, s, http.MethodPut, "/v1/accounts/"+a.ID, s.AdminToken(), map[string]any{"currentRevision": 3, "name": "conflict"})
		}},
		{"token creates", func() {
			tok = decode[tokenWithSecretJSON](t, admin(t, s, http.MethodPost, "/v1/accounts/"+a.ID+"/tokens",
				map[string]any{"expiresAt": "2100-01-01T00:00:00Z"}, http.StatusOK))
			gone = decode[tokenWithSecretJSON](t, admin(t, s, http.MethodPost, "/v1/accounts/"+a.ID+"/tokens",
				map[string]any{"expiresAt": "2100-01-01T00:00:00Z"}, http.StatusOK))
		}},
		{"token delete", func() { admin(t, s, http.MethodDelete, "/v1/tokens/"+gone.ID, nil, http.StatusOK) }},
		{"plugin registrations", func() {
			p = registerOK(t, s, RootAccountID, emptySpecMetadata("App", "app"), emptyWasm)
			q = registerOK(t, s, RootAccountID, emptySpecMetadata("App", "other"), emptyWasm)
		}},
		{"plugin delete", func() { admin(t, s, http.MethodDelete, "/v1/plugins/"+q.ID, nil, http.StatusOK) }},
		{"EditAccount", func() { s.EditAccount(a.ID, func(v *Account) { v.Name = "edited" }) }},
		{"pool account creates", func() {
			for _, id := range []string{"111111111111", "222222222222", "333333333333"} {
				admin(t, s, http.MethodPost, "/accounts", map[string]any{"id": id, "adminRoleArn": "arn:aws:iam::" + id + ":role/A"}, http.StatusCreated)
			}
		}},
		{"pool account update", func() {
			admin(t, s, http.MethodPut, "/accounts/111111111111", map[string]any{"metadata": map[string]any{"k": "v"}}, http.StatusOK)
		}},
		{"pool account delete", func() { admin(t, s, http.MethodDelete, "/accounts/333333333333", nil, http.StatusNoContent) }},
		{"resets ending on a read", func() {
			s.AdvanceClock(2 * time.Minute)
			admin(t, s, http.MethodGet, "/accounts", nil, http.StatusOK)
		}},
		{"lease create", func() {
			l = decode[leaseJSON](t, admin(t, s, http.MethodPost, "/leases", map[string]any{"principalId": "p1", "budgetAmount": 15}, http.StatusCreated))
		}},
		{"lease credentials", func() { admin(t, s, http.MethodPost, "/leases/"+l.ID+"/auth", nil, http.StatusCreated) }},
		{"second lease", func() {
			m = decode[leaseJSON](t, admin(t, s, http.MethodPost, "/leases", map[string]any{"principalId": "p2"}, http.StatusCreated))
		}},
		{"lease end by id", func() { admin(t, s, http.MethodDelete, "/leases/"+m.ID, nil, http.StatusOK) }},
		{"AddPoolAccount", func() { s.AddPoolAccount("444444444444", "arn:aws:iam::444444444444:role/A") }},
		{"EditPoolAccount", func() {
			s.EditPoolAccount("444444444444", func(v *PoolAccount) { v.AdminRoleArn = "arn:aws:iam::444444444444:role/B" })
		}},
		{"InsertLease", func() { s.InsertLease(Lease{PrincipalID: "p3", AccountID: "444444444444"}) }},
		{"AddUsage", func() { s.AddUsage("p3", "444444444444", s.Now(), 5) }},
		{"usage accruing and a lease ending over budget on a read", func() {
			s.AdvanceClock(50 * time.Hour)
			admin(t, s, http.MethodGet, "/leases", nil, http.StatusOK)
			if v, _ := s.Lease(l.ID); v.StatusReason != reasonOverBudget {
				t.Fatalf("lease %s is %s, want ended OverBudget (the scenario did not settle)", l.ID, v.StatusReason)
			}
		}},
		{"EndLease", func() {
			for _, v := range s.Leases() {
				if v.Status == leaseActive {
					s.EndLease(v.ID, reasonDestroyed)
				}
			}
		}},
		{"DeletePoolAccount", func() { s.DeletePoolAccount("222222222222") }},
		{"DeleteToken", func() { s.DeleteToken(tok.ID) }},
		{"DeletePlugin", func() { s.DeletePlugin(p.ID) }},
		{"DeleteAccount", func() { s.DeleteAccount(a.ID) }},
		{"control: clock", func() { admin(t, s, http.MethodPost, "/_mock/clock", map[string]any{"advance": "30h"}, http.StatusOK) }},
		{"control: usage", func() {
			admin(t, s, http.MethodPost, "/_mock/usage", []map[string]any{{"principalId": "p9", "accountId": "111111111111", "costAmount": 7}}, http.StatusOK)
		}},
		{"control: pool account status", func() {
			admin(t, s, http.MethodPost, "/_mock/pool-accounts/111111111111/status", map[string]any{"status": "Leased"}, http.StatusOK)
		}},
		{"control: state restore", func() {
			snapshot := admin(t, s, http.MethodGet, "/_mock/state", nil, http.StatusOK)
			admin(t, s, http.MethodPost, "/_mock/reset", nil, http.StatusOK)
			storeMatches(t, s, "control: reset")
			admin(t, s, http.MethodPut, "/_mock/state", string(snapshot), http.StatusOK)
		}},
	}
	for _, step := range steps {
		step.do()
		storeMatches(t, s, step.name)
	}
	want := stateJSON(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	restarted := newLeaseTestServer(t, Options{StateFile: file, AccountReadyDelay: time.Minute})
	if got := stateJSON(t, restarted); got != want {
		t.Fatalf("after a restart the state differs.\nbefore:\n%s\nafter:\n%s", want, got)
	}
}

func TestAStateFileHeldByAnotherServerFailsTheStart(t *testing.T) {
	file := filepath.Join(t.TempDir(), "state.db")
	s := newLeaseTestServer(t, Options{StateFile: file})
	_ = s
	second, err := New(Options{StateFile: file})
	if err == nil {
		_ = second.Close()
	}
	if err == nil || !strings.Contains(err.Error(), "in use by another process") {
		t.Fatalf("second server on the same file: %v, want 'in use by another process'", err)
	}
}

func TestADamagedStateFileFailsTheStart(t *testing.T) {
	file := filepath.Join(t.TempDir(), "state.db")
	s := newLeaseTestServer(t, Options{StateFile: file})
	createTestAccount(t, s, "a", "a@example.com")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for i := range data[:8192] {
		data[i] ^= 0x5a
	}
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	damaged, err := New(Options{StateFile: file})
	if err == nil {
		_ = damaged.Close()
	}
	if err == nil || !strings.Contains(err.Error(), file) {
		t.Fatalf("damaged file: %v, want an error naming it", err)
	}
}

func TestAJSONStateFileOfAnEarlierMockIsCarriedOver(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "state.json")
	old := `{"accounts":{"` + RootAccountID + `":{"id":"` + RootAccountID + `","name":"Initial User","email":"initial@user","planId":"` + DefaultPlanID + `","roles":["admin"]},` +
		`"11111111-1111-4111-8111-111111111111":{"id":"11111111-1111-4111-8111-111111111111","revision":3,"name":"kept","email":"kept@example.com","planId":"` + DefaultPlanID + `","roles":[]}},` +
		`"rootTokenCreatedAt":"2020-01-01T00:00:00Z"}`
	if err := os.WriteFile(file, []byte(old), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := New(Options{StateFile: file})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() }) // frees the file if the test fails first; a second Close is harmless
	if a, ok := s.Account("11111111-1111-4111-8111-111111111111"); !ok || a.Revision != 3 || a.Email != "kept@example.com" {
		t.Fatalf("carried-over account = %+v, %v", a, ok)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(file + ".json-backup"); err != nil {
		t.Errorf("the JSON file was not kept aside: %v", err)
	}
	restarted, err := New(Options{StateFile: file})
	if err != nil {
		t.Fatal(err)
	}
	defer restarted.Close()
	if _, ok := restarted.Account("11111111-1111-4111-8111-111111111111"); !ok {
		t.Error("the carried-over account is not in the database")
	}
}

// TestUploadedBinariesAreStoredUnderTheirDigest registers plugins against a bbolt-backed server
// and reads the state file afterwards: every binary is in the wasm bucket under its SHA-256, once
// however often it was uploaded, and the file still opens as the same state.
func TestUploadedBinariesAreStoredUnderTheirDigest(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	s, err := New(Options{StateFile: path})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() }) // frees the file if the test fails first; a second Close is harmless
	other := append([]byte{}, emptyWasm...)
	other = append(other, 0x00, 0x04, 'n', 'a', 'm', 'e') // a custom section: another valid binary
	registerOK(t, s, RootAccountID, emptySpecMetadata("App", "a"), emptyWasm)
	registerOK(t, s, RootAccountID, emptySpecMetadata("App", "b"), emptyWasm)
	registerOK(t, s, RootAccountID, emptySpecMetadata("Library", "c"), other)
	want := stateJSON(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string][]byte{}
	err = db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(bucketWasm))
		if b == nil {
			return errors.New("no wasm bucket")
		}
		return b.ForEach(func(k, v []byte) error {
			stored[string(k)] = append([]byte{}, v...)
			return nil
		})
	})
	_ = db.Close()
	if err != nil {
		t.Fatal(err)
	}
	hexDigest := func(b []byte) string { sum := sha256.Sum256(b); return hex.EncodeToString(sum[:]) }
	wantStored := map[string][]byte{hexDigest(emptyWasm): emptyWasm, hexDigest(other): other}
	if !reflect.DeepEqual(stored, wantStored) {
		t.Errorf("wasm bucket holds %q, want %q", stored, wantStored)
	}

	again, err := New(Options{StateFile: path})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = again.Close() })
	if got := stateJSON(t, again); got != want {
		t.Errorf("after a restart the state differs.\nbefore:\n%s\nafter:\n%s", want, got)
	}
}
