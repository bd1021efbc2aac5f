package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// lossyAPI is a tiny in-memory pool/lease/token/account server whose n-th POST (1-based) acts and
// then has its answer replaced by a dropped connection (or by status, when set).
type lossyAPI struct {
	mu       sync.Mutex
	loseNth  map[int]bool
	status   int
	posts    int
	pool     map[string]PoolAccount
	tokens   []Token
	accounts map[string]bool
	gets     int
}

func newLossyAPI(lose ...int) *lossyAPI {
	l := &lossyAPI{loseNth: map[int]bool{}, pool: map[string]PoolAccount{}, accounts: map[string]bool{}}
	for _, n := range lose {
		l.loseNth[n] = true
	}
	return l
}

func (l *lossyAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	l.mu.Lock()
	defer l.mu.Unlock()
	body, _ := io.ReadAll(r.Body)
	var answer any
	status := http.StatusOK
	switch {
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/accounts/"):
		l.gets++
		a, ok := l.pool[strings.TrimPrefix(r.URL.Path, "/accounts/")]
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"error":{"code":"NotFoundError","message":"account not found"}}`)
			return
		}
		answer = a
	case r.Method == http.MethodPost && r.URL.Path == "/accounts":
		l.posts++
		var in PoolAccount
		_ = json.Unmarshal(body, &in)
		if _, ok := l.pool[in.ID]; ok {
			answer = map[string]any{"error": map[string]string{"code": "AlreadyExistsError", "message": "account already exists"}}
			status = http.StatusConflict
			break
		}
		in.CreatedOn = NewEpochTime(time.Now())
		l.pool[in.ID] = in
		answer, status = in, http.StatusCreated
	case r.Method == http.MethodGet && r.URL.Path == "/v1/accounts/acc/tokens":
		answer = tokenPage{Values: l.tokens}
	case r.Method == http.MethodDelete && strings.HasPrefix(r.URL.Path, "/v1/tokens/"):
		id := strings.TrimPrefix(r.URL.Path, "/v1/tokens/")
		for i := range l.tokens {
			if l.tokens[i].ID == id {
				l.tokens = append(l.tokens[:i], l.tokens[i+1:]...)
				break
			}
		}
		answer = map[string]any{}
	case r.Method == http.MethodPost && r.URL.Path == "/v1/accounts/acc/tokens":
		l.posts++
		var in TokenCreateInput
		_ = json.Unmarshal(body, &in)
		t := Token{ID: fmt.Sprintf("t-%d", l.posts), AccountID: "acc", CreatedAt: time.Now().Truncate(time.Second), ExpiresAt: in.ExpiresAt}
		l.tokens = append(l.tokens, t)
		answer = TokenWithSecret{Token: t, Secret: "s"}
	case r.Method == http.MethodPost && r.URL.Path == "/v1/accounts":
		l.posts++
		var in AccountCreateInput
		_ = json.Unmarshal(body, &in)
		if l.accounts[in.Email] {
			answer, status = map[string]string{"error": "Email already in use"}, http.StatusConflict
			break
		}
		l.accounts[in.Email] = true
		answer = Account{ID: "a-1", Email: in.Email, Name: in.Name}
	default:
		w.WriteHeader(http.StatusNotImplemented)
		return
	}
	if r.Method == http.MethodPost && l.loseNth[l.posts] {
		if l.status != 0 {
			w.WriteHeader(l.status)
			return
		}
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			_ = conn.Close()
		}
		return
	}
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(answer)
}

func TestPoolAccountLostAnswerIsAdoptedWhenItMatches(t *testing.T) {
	for _, status := range []int{0, http.StatusBadGateway, http.StatusGatewayTimeout, http.StatusInternalServerError} {
		api := newLossyAPI(1)
		api.status = status
		c := newTestClient(t, api)
		got, err := c.CreatePoolAccount(context.Background(), PoolAccountCreateInput{ID: "123456789012", AdminRoleArn: "arn:aws:iam::123456789012:role/a"})
		if err != nil || got.ID != "123456789012" || api.posts != 1 || len(api.pool) != 1 {
			t.Errorf("answer lost as %d: got %+v, %v after %d POSTs; want the account adopted after 1 POST", status, got, err, api.posts)
		}
	}
}

func TestPoolAccountLostAnswerThatDiffersNamesTheDifference(t *testing.T) {
	api := newLossyAPI(1)
	// Another writer added the account with another role just before our create, whose 409 is lost.
	api.pool["123456789012"] = PoolAccount{ID: "123456789012", AdminRoleArn: "arn:aws:iam::123456789012:role/other", CreatedOn: NewEpochTime(time.Now())}
	c := newTestClient(t, api)
	_, err := c.CreatePoolAccount(context.Background(), PoolAccountCreateInput{ID: "123456789012", AdminRoleArn: "arn:aws:iam::123456789012:role/a"})
	var exists *ExistsError
	if !errors.As(err, &exists) || exists.ImportID != "123456789012" || len(exists.Differences) != 1 || exists.Differences[0] != "admin_role_arn" {
		t.Errorf("got %v, want an ExistsError naming admin_role_arn", err)
	}
}

func TestPoolAccountThatExistedBeforeIsNotAdopted(t *testing.T) {
	api := newLossyAPI()
	api.pool["123456789012"] = PoolAccount{ID: "123456789012", AdminRoleArn: "arn:aws:iam::123456789012:role/a", CreatedOn: NewEpochTime(time.Now().Add(-time.Hour))}
	c := newTestClient(t, api)
	in := PoolAccountCreateInput{ID: "123456789012", AdminRoleArn: "arn:aws:iam::123456789012:role/a"}
	_, err := c.CreatePoolAccount(context.Background(), in)
	var exists *ExistsError
	if !errors.As(err, &exists) || exists.ImportID != "123456789012" || len(exists.Differences) != 0 || !IsConflict(err) {
		t.Errorf("first-attempt 409: got %v, want an ExistsError over the 409", err)
	}
	// The same when the 409 itself is lost: the account's creation time predates the create.
	api.loseNth[2] = true
	_, err = c.CreatePoolAccount(context.Background(), in)
	if !errors.As(err, &exists) || exists.ImportID != "123456789012" {
		t.Errorf("lost 409: got %v, want an ExistsError", err)
	}
}

func TestPoolAccountLostAnswerOfNothingIsResent(t *testing.T) {
	// A 502 from a gateway whose backend never got the request: the look-up finds nothing, so
	// the create is sent again, and only as often as max_retries allows.
	var posts int
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			posts++
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		w.WriteHeader(http.StatusNotFound)
	}))
	_, err := c.CreatePoolAccount(context.Background(), PoolAccountCreateInput{ID: "123456789012", AdminRoleArn: "arn"})
	var unsettled *UnsettledError
	if !errors.As(err, &unsettled) || unsettled.Sends != 4 || posts != 4 || StatusCode(err) != http.StatusBadGateway {
		t.Errorf("got %v after %d POSTs, want an UnsettledError after 1+3 sends", err, posts)
	}
}

func TestTokenLostAnswerIsDeletedAndCreatedAgain(t *testing.T) {
	api := newLossyAPI(1)
	c := newTestClient(t, api)
	expires := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	// A token the same account already had, with the same expiry, stays: it predates the create.
	api.tokens = []Token{{ID: "old", AccountID: "acc", CreatedAt: time.Now().Add(-time.Hour), ExpiresAt: expires}}
	got, err := c.CreateToken(context.Background(), "acc", TokenCreateInput{ExpiresAt: expires})
	if err != nil || got.ID != "t-2" || got.Secret == "" {
		t.Fatalf("got %+v, %v; want the second token with its secret", got, err)
	}
	var ids []string
	for _, tok := range api.tokens {
		ids = append(ids, tok.ID)
	}
	if strings.Join(ids, ",") != "old,t-2" {
		t.Errorf("tokens on the server: %v, want old,t-2 (the lost t-1 deleted)", ids)
	}
}

func TestTokensCreatedByThisClientAreNeverTakenForLostOnes(t *testing.T) {
	api := newLossyAPI(2)
	c := newTestClient(t, api)
	expires := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	first, err := c.CreateToken(context.Background(), "acc", TokenCreateInput{ExpiresAt: expires})
	if err != nil {
		t.Fatal(err)
	}
	second, err := c.CreateToken(context.Background(), "acc", TokenCreateInput{ExpiresAt: expires})
	if err != nil {
		t.Fatal(err)
	}
	if len(api.tokens) != 2 || api.tokens[0].ID != first.ID || api.tokens[1].ID != second.ID {
		t.Errorf("tokens %+v, want %s and %s", api.tokens, first.ID, second.ID)
	}
}

func TestAccountLostAnswerEndsInEmailInUse(t *testing.T) {
	api := newLossyAPI(1)
	c := newTestClient(t, api)
	_, err := c.CreateAccount(context.Background(), AccountCreateInput{Name: "n", Email: "a@x.io"})
	var inUse *EmailInUseError
	if !errors.As(err, &inUse) || !inUse.ByLostRequest || inUse.Email != "a@x.io" || api.posts != 2 {
		t.Errorf("got %v after %d POSTs, want EmailInUseError by the lost request after 2", err, api.posts)
	}
	_, err = c.CreateAccount(context.Background(), AccountCreateInput{Name: "n", Email: "a@x.io"})
	if !errors.As(err, &inUse) || inUse.ByLostRequest {
		t.Errorf("got %v, want EmailInUseError not blamed on a lost request", err)
	}
}

func TestEndLeaseCountsOnlyDocumentedAnswersAsGone(t *testing.T) {
	cases := []struct {
		name   string
		status int
		body   string
		gone   bool
	}{
		{"seed 400 no lease", 400, `{"error":{"code":"ClientError","message":"lease \"with Principal ID p and Account ID a\" not found"}}`, true},
		{"seed 400 not active", 400, `{"error":{"code":"ClientError","message":"operation cannot be fulfilled on lease \"l\": leaseStatus: must be active lease."}}`, true},
		{"real 404", 404, `{"error":{"code":"NotFoundError","message":"lease \"with Principal ID p and Account ID a\" not found"}}`, true},
		{"real 409", 409, `{"error":{"code":"ConflictError","message":"operation cannot be fulfilled on lease \"l\": leaseStatus: must be active lease."}}`, true},
		{"400 bad body", 400, `{"error":{"code":"ClientError","message":"Failed to Parse Request Body"}}`, false},
		{"400 from a proxy", 400, `<html>Bad Request</html>`, false},
		{"404 from a proxy", 404, `not found`, false},
		{"409 of another kind", 409, `{"error":{"code":"AlreadyExistsError","message":"x"}}`, false},
		{"403", 403, `{"message":"Missing Authentication Token"}`, false},
	}
	for _, tc := range cases {
		c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(tc.status)
			_, _ = io.WriteString(w, tc.body)
		}))
		err := c.EndLease(context.Background(), "p", "a")
		if (err == nil) != tc.gone {
			t.Errorf("%s: EndLease = %v, want gone=%v", tc.name, err, tc.gone)
		}
	}
}

func TestFailuresAreClassifiedAndDeterministicOnesNotRetried(t *testing.T) {
	var calls int
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		calls++
		_, _ = io.WriteString(w, "<html>")
	}))
	defer plain.Close()
	ctx := context.Background()

	// An https endpoint pointing at a plain-HTTP server: TLS, not retried.
	_, err := newClientFor(t, strings.Replace(plain.URL, "http:", "https:", 1)).GetPoolAccount(ctx, "1")
	var reqErr *RequestError
	if !errors.As(err, &reqErr) || reqErr.Kind != FailureTLS || reqErr.Attempts != 1 || !IsDeterministic(err) {
		t.Errorf("https to http: %v (%+v), want a TLS failure sent once", err, reqErr)
	}
	// A page instead of JSON: decode, not retried, names the full URL.
	calls = 0
	_, err = newClientFor(t, plain.URL+"/v1").GetAccount(ctx, "x")
	if !errors.As(err, &reqErr) || reqErr.Kind != FailureDecode || calls != 1 || !strings.Contains(err.Error(), plain.URL+"/v1/v1/accounts/x") {
		t.Errorf("html answer: %v after %d calls, want a decode failure naming the full URL after 1", err, calls)
	}
	// A closed port: unreachable, retried because a restarting server refuses too.
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	_, err = newClientFor(t, closed.URL).GetPoolAccount(ctx, "1")
	if !errors.As(err, &reqErr) || reqErr.Kind != FailureUnreachable || reqErr.Attempts != 4 {
		t.Errorf("closed port: %v (%+v), want unreachable after 4 attempts", err, reqErr)
	}
	// A 404 is not retried and says which API answered.
	calls = 0
	notFound := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		calls++
		w.WriteHeader(http.StatusNotFound)
	}))
	_, err = notFound.GetPoolAccount(ctx, "1")
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.API != LeaseAPI || apiErr.Attempts != 1 || calls != 1 || !strings.Contains(err.Error(), "Lease API answered 404") {
		t.Errorf("404: %v after %d calls", err, calls)
	}
	// DCE's "No Available accounts" 500 is a refusal: the lease create is not resent.
	calls = 0
	noAccounts := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		calls++
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = io.WriteString(w, `{"error":{"code":"ServerError","message":"No Available accounts at this moment"}}`)
	}))
	_, err = noAccounts.CreateLease(ctx, LeaseCreateInput{PrincipalID: "p"})
	if !errors.As(err, &apiErr) || calls != 1 || OutcomeUnknown(err) || !IsDeterministic(err) {
		t.Errorf("no available accounts: %v after %d calls, want one send", err, calls)
	}
}
