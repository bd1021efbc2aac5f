package client

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/golden"
)

// recorded is one request a fake server saw.
type recorded struct {
	method, path, query string
	body                []byte
}

// fakeAPI answers every request with status and body and records what it got.
type fakeAPI struct {
	mu       sync.Mutex
	requests []recorded
	answer   func(r recorded) (int, []byte)
}

func (f *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rec := recorded{method: r.Method, path: r.URL.Path, query: r.URL.RawQuery, body: body}
	f.mu.Lock()
	f.requests = append(f.requests, rec)
	f.mu.Unlock()
	status, out := f.answer(rec)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(out)
}

func (f *fakeAPI) only(t *testing.T) recorded {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.requests) != 1 {
		t.Fatalf("the server got %d requests, want 1: %+v", len(f.requests), f.requests)
	}
	return f.requests[0]
}

// newFakeClient starts a fake API answering with answer and returns a client pointed at it.
func newFakeClient(t *testing.T, answer func(r recorded) (int, []byte)) (*Client, *fakeAPI) {
	t.Helper()
	fake := &fakeAPI{answer: answer}
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	c, err := New(Config{AccountAPIEndpoint: srv.URL, LeaseAPIEndpoint: srv.URL, Token: "test-token", MaxRetries: 1,
		RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return c, fake
}

// goldenAnswer answers every request 200 with a golden file of the seed.
func goldenAnswer(t *testing.T, name string) func(recorded) (int, []byte) {
	data := golden.Load(t, name)
	return func(recorded) (int, []byte) { return http.StatusOK, data }
}

func expectCall(t *testing.T, got recorded, method, path string) {
	t.Helper()
	if got.method != method || got.path != path {
		t.Errorf("request %s %s, want %s %s", got.method, got.path, method, path)
	}
}

const accountID = "3d07c219-0a88-45be-9cfc-91e9d095a1e9"

func TestCreateTokenSendsTheDocumentedBodyAndReadsTheSecret(t *testing.T) {
	c, fake := newFakeClient(t, goldenAnswer(t, "token_create_response.json"))
	expires := time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
	tok, err := c.CreateToken(context.Background(), accountID, TokenCreateInput{ExpiresAt: expires})
	if err != nil {
		t.Fatal(err)
	}
	req := fake.only(t)
	expectCall(t, req, http.MethodPost, "/v1/accounts/"+accountID+"/tokens")
	golden.AssertShape(t, "token_create_request.json", req.body)
	var sent struct{ ExpiresAt string }
	_ = json.Unmarshal(req.body, &sent)
	if sent.ExpiresAt != "2100-01-01T00:00:00Z" {
		t.Errorf("expiresAt sent as %q", sent.ExpiresAt)
	}
	want := time.Date(2019, 8, 24, 14, 15, 22, 0, time.UTC)
	if tok.Secret != "stringstringstri" || tok.ID != "497f6eca-6276-4993-bfeb-53cbbbba6f08" ||
		tok.AccountID != accountID || !tok.CreatedAt.Equal(want) || !tok.ExpiresAt.Equal(want) {
		t.Errorf("decoded token %+v", tok)
	}
}

func TestTokenReadListDeleteAndWhoAmIUseTheirPaths(t *testing.T) {
	const id = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
	// The real system writes +00:00 offsets and fractions; the client takes any RFC 3339 form.
	realToken := []byte(`{"id":"` + id + `","accountId":"` + accountID + `","createdAt":"2025-12-26T10:00:00.123+00:00","expiresAt":"2100-01-01T00:00:00+00:00"}`)
	ctx := context.Background()

	c, fake := newFakeClient(t, func(recorded) (int, []byte) { return http.StatusOK, realToken })
	tok, err := c.GetToken(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	expectCall(t, fake.only(t), http.MethodGet, "/v1/tokens/"+id)
	if !tok.ExpiresAt.Equal(time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)) || tok.CreatedAt.Nanosecond() != 123000000 {
		t.Errorf("decoded %+v", tok)
	}

	c, fake = newFakeClient(t, func(recorded) (int, []byte) { return http.StatusOK, realToken })
	if tok, err = c.WhoAmI(ctx); err != nil || tok.AccountID != accountID {
		t.Fatalf("WhoAmI = %+v, %v", tok, err)
	}
	expectCall(t, fake.only(t), http.MethodGet, "/v1/login/token")

	c, fake = newFakeClient(t, goldenAnswer(t, "tokens_list_response.json"))
	list, err := c.ListTokens(ctx, accountID)
	if err != nil || len(list) != 1 || list[0].ID != id {
		t.Fatalf("ListTokens = %+v, %v", list, err)
	}
	expectCall(t, fake.only(t), http.MethodGet, "/v1/accounts/"+accountID+"/tokens")

	c, fake = newFakeClient(t, func(recorded) (int, []byte) { return http.StatusOK, []byte(`{}`) })
	if err := c.DeleteToken(ctx, id); err != nil {
		t.Fatal(err)
	}
	expectCall(t, fake.only(t), http.MethodDelete, "/v1/tokens/"+id)

	c, _ = newFakeClient(t, func(recorded) (int, []byte) {
		return http.StatusNotFound, []byte(`{"error":"Token for id not found"}`)
	})
	if _, err := c.GetToken(ctx, id); !IsNotFound(err) {
		t.Errorf("GetToken on 404 = %v, want a not-found error", err)
	}
}

func TestSetAccountPlanSendsTheDocumentedBody(t *testing.T) {
	c, fake := newFakeClient(t, goldenAnswer(t, "plan_update_response.json"))
	const planID = "c685f150-7cb7-436f-9700-386be171480b"
	account, err := c.SetAccountPlan(context.Background(), accountID, AccountSetPlanInput{CurrentRevision: 7, Plan: planID})
	if err != nil {
		t.Fatal(err)
	}
	req := fake.only(t)
	expectCall(t, req, http.MethodPut, "/v1/accounts/"+accountID+"/plan")
	golden.AssertShape(t, "plan_update_request.json", req.body)
	if string(req.body) != `{"currentRevision":7,"plan":"`+planID+`"}` {
		t.Errorf("body %s", req.body)
	}
	if account.ID == "" || account.PlanID == "" {
		t.Errorf("decoded account %+v", account)
	}
}

func TestGetAccountPlanKeepsEveryBitOfUint64Limits(t *testing.T) {
	c, fake := newFakeClient(t, goldenAnswer(t, "plan_get_response.json"))
	plan, err := c.GetAccountPlan(context.Background(), accountID)
	if err != nil {
		t.Fatal(err)
	}
	expectCall(t, fake.only(t), http.MethodGet, "/v1/accounts/"+accountID+"/plan")
	if plan.PlanID != "b3f60ba2-c1fd-4b3a-a23d-8e876e0ef75d" || plan.Name != "string" {
		t.Errorf("decoded %+v", plan)
	}

	unlimited := []byte(`{"planId":"e808bd76-a6ab-4090-ade4-8447b8e8550f","name":"unlimited","appLimit":18446744073709551615,` +
		`"envLimit":1,"componentLimit":2,"workerLimit":3,"workerConnectionLimit":4,"storageLimit":5,` +
		`"monthlyGasLimit":18446744073709551614,"monthlyUploadLimit":7,"maxMemoryPerWorker":8}`)
	c, _ = newFakeClient(t, func(recorded) (int, []byte) { return http.StatusOK, unlimited })
	if plan, err = c.GetAccountPlan(context.Background(), accountID); err != nil {
		t.Fatal(err)
	}
	if plan.AppLimit != ^uint64(0) || plan.MonthlyGasLimit != ^uint64(0)-1 || plan.MaxMemoryPerWorker != 8 {
		t.Errorf("limits lost precision: %+v", plan)
	}
}

func TestSetAccountRolesSendsASortedSetInTheDocumentedBody(t *testing.T) {
	c, fake := newFakeClient(t, goldenAnswer(t, "roles_update_response.json"))
	_, err := c.SetAccountRoles(context.Background(), accountID, AccountSetRolesInput{
		CurrentRevision: 3, Roles: []string{RoleMarketingAdmin, RoleAdmin, RoleMarketingAdmin}})
	if err != nil {
		t.Fatal(err)
	}
	req := fake.only(t)
	expectCall(t, req, http.MethodPut, "/v1/accounts/"+accountID+"/roles")
	golden.AssertShape(t, "roles_update_request.json", req.body)
	if string(req.body) != `{"currentRevision":3,"roles":["admin","marketing-admin"]}` {
		t.Errorf("body %s", req.body)
	}

	// No roles is an empty list, never null: the field is required.
	c, fake = newFakeClient(t, goldenAnswer(t, "roles_update_response.json"))
	if _, err := c.SetAccountRoles(context.Background(), accountID, AccountSetRolesInput{CurrentRevision: 4}); err != nil {
		t.Fatal(err)
	}
	if body := string(fake.only(t).body); body != `{"currentRevision":4,"roles":[]}` {
		t.Errorf("body %s", body)
	}
}

// TestRevisionedWritesRetryWhenAnotherWriterMovedTheRevision plays a server where another writer
// bumps the revision between the client's read and its write, twice.
func TestRevisionedWritesRetryWhenAnotherWriterMovedTheRevision(t *testing.T) {
	var mu sync.Mutex
	revision, conflictsLeft := uint64(5), 2
	var sentRevisions []uint64
	c, _ := newFakeClient(t, func(r recorded) (int, []byte) {
		mu.Lock()
		defer mu.Unlock()
		account := func() []byte {
			out, _ := json.Marshal(Account{ID: accountID, Revision: revision, PlanID: "p", Roles: []string{}})
			return out
		}
		if r.method == http.MethodGet {
			return http.StatusOK, account()
		}
		var in struct{ CurrentRevision uint64 }
		_ = json.Unmarshal(r.body, &in)
		sentRevisions = append(sentRevisions, in.CurrentRevision)
		if conflictsLeft > 0 {
			conflictsLeft--
			revision++
		}
		if in.CurrentRevision != revision {
			return http.StatusConflict, []byte(`{"error":"Concurrent update"}`)
		}
		revision++
		return http.StatusOK, account()
	})
	err := c.WithCurrentRevision(context.Background(), accountID, RevisionHint{}, func(rev uint64) error {
		_, err := c.SetAccountRoles(context.Background(), accountID, AccountSetRolesInput{CurrentRevision: rev, Roles: []string{RoleAdmin}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []uint64{5, 6, 7}; !slices.Equal(sentRevisions, want) {
		t.Errorf("revisions sent %v, want %v (each attempt re-reads)", sentRevisions, want)
	}
}

// TestListsAskForLargePagesByDefault checks that a list call without a page size asks for
// DefaultPageSize items per page, and that an explicit size is sent as given.
func TestListsAskForLargePagesByDefault(t *testing.T) {
	c, fake := newFakeClient(t, func(recorded) (int, []byte) { return http.StatusOK, []byte(`[]`) })
	ctx := context.Background()
	if _, err := c.ListLeases(ctx, LeaseFilter{}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListPoolAccounts(ctx, PoolAccountFilter{}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListLeases(ctx, LeaseFilter{PageSize: 7}); err != nil {
		t.Fatal(err)
	}
	want := []string{"/leases?limit=1000", "/accounts?limit=1000", "/leases?limit=7"}
	fake.mu.Lock()
	defer fake.mu.Unlock()
	if len(fake.requests) != len(want) {
		t.Fatalf("%d requests, want %d", len(fake.requests), len(want))
	}
	for i, r := range fake.requests {
		if got := r.path + "?" + r.query; i >= len(want) || got != want[i] {
			t.Errorf("request %d: %s, want %v", i, got, want)
		}
	}
}
