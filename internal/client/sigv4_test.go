package client_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/client"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/mockserver"
)

var sigV4Keys = mockserver.Options{
	SigV4AccessKeyID:     "AKIDEXAMPLE",
	SigV4SecretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
	SigV4Region:          "eu-west-1",
}

func staticCreds(access, secret string) aws.CredentialsProvider {
	return aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{AccessKeyID: access, SecretAccessKey: secret, Source: "test"}, nil
	})
}

func sigV4Config(creds aws.CredentialsProvider) client.Config {
	return client.Config{LeaseAPIAuth: client.LeaseAuthSigV4, AWSRegion: "eu-west-1", AWSCredentials: creds, MaxRetries: 2}
}

func TestSigV4SignedRequestsAreAccepted(t *testing.T) {
	env := newLeaseEnv(t, sigV4Keys, sigV4Config(staticCreds(sigV4Keys.SigV4AccessKeyID, sigV4Keys.SigV4SecretAccessKey)))
	ctx := context.Background()
	if _, err := env.client.CreatePoolAccount(ctx, client.PoolAccountCreateInput{ID: "123456789012", AdminRoleArn: testRoleArn}); err != nil {
		t.Fatalf("signed POST with a body: %v", err)
	}
	if _, err := env.client.ListLeases(ctx, client.LeaseFilter{Status: client.LeaseActive, PrincipalID: "a b+c"}); err != nil {
		t.Fatalf("signed GET with a query: %v", err)
	}
	if _, err := env.client.UpdatePoolAccount(ctx, "123456789012", client.PoolAccountUpdateInput{AdminRoleArn: testRoleArn}); err != nil {
		t.Fatalf("signed PUT: %v", err)
	}
}

func TestSigV4RefusesWrongKeysTamperingAndBearerTokens(t *testing.T) {
	ctx := context.Background()
	wrong := newLeaseEnv(t, sigV4Keys, sigV4Config(staticCreds(sigV4Keys.SigV4AccessKeyID, "not-the-secret")))
	if _, err := wrong.client.ListLeases(ctx, client.LeaseFilter{}); client.StatusCode(err) != http.StatusForbidden {
		t.Errorf("wrong secret: %v, want 403", err)
	}

	unsigned := newLeaseEnv(t, sigV4Keys, client.Config{})
	if _, err := unsigned.client.ListLeases(ctx, client.LeaseFilter{}); client.StatusCode(err) != http.StatusForbidden {
		t.Errorf("bearer token where SigV4 is required: %v, want 403", err)
	}

	// A transport that changes the body after signing, as a man in the middle would.
	tamper := sigV4Config(staticCreds(sigV4Keys.SigV4AccessKeyID, sigV4Keys.SigV4SecretAccessKey))
	tamper.HTTPClient = &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if r.Body != nil {
			body, _ := io.ReadAll(r.Body)
			body = bytes.Replace(body, []byte("123456789012"), []byte("999999999999"), 1)
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		return http.DefaultTransport.RoundTrip(r)
	})}
	tampered := newLeaseEnv(t, sigV4Keys, tamper)
	_, err := tampered.client.CreatePoolAccount(ctx, client.PoolAccountCreateInput{ID: "123456789012", AdminRoleArn: testRoleArn})
	if client.StatusCode(err) != http.StatusForbidden || !strings.Contains(err.Error(), "signature") {
		t.Errorf("tampered body: %v, want 403 about the signature", err)
	}
	if ids := tampered.mock.PoolAccountIDs(); len(ids) != 0 {
		t.Errorf("a tampered request created %v", ids)
	}

	// The Account API keeps its bearer token in SigV4 mode, and the Lease API never sees it.
	lease, account := authorizationHeaders(t, sigV4Keys)
	if strings.Contains(lease, "Bearer") || !strings.HasPrefix(lease, "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/") {
		t.Errorf("Lease API Authorization = %q, want a SigV4 signature only", lease)
	}
	if want := "Bearer " + mockserver.DefaultAdminToken; account != want {
		t.Errorf("Account API Authorization = %q, want %q (SigV4 applies to the Lease API only)", account, want)
	}
}

func TestSigV4RetriesAreSignedAgain(t *testing.T) {
	// The first signature uses stale keys; the retry must fetch the rotated ones and sign again.
	var calls atomic.Int32
	rotating := aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		if calls.Add(1) == 1 {
			return aws.Credentials{AccessKeyID: "AKIDSTALE", SecretAccessKey: "stale-secret"}, nil
		}
		return aws.Credentials{AccessKeyID: sigV4Keys.SigV4AccessKeyID, SecretAccessKey: sigV4Keys.SigV4SecretAccessKey}, nil
	})
	env := newLeaseEnv(t, sigV4Keys, sigV4Config(rotating))
	env.mock.InjectFault(mockserver.ScriptedFault{Method: http.MethodGet, Path: "/leases", Status: http.StatusServiceUnavailable, Count: 1})
	if _, err := env.client.ListLeases(context.Background(), client.LeaseFilter{}); err != nil {
		t.Fatalf("retry after a 503: %v (a retry resending the first signature is refused)", err)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("credentials retrieved %d times, want 2 (one signature per attempt)", n)
	}
}

func TestSigV4NeedsARegion(t *testing.T) {
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "")
	t.Setenv("AWS_CONFIG_FILE", t.TempDir()+"/none")
	_, err := client.New(client.Config{AccountAPIEndpoint: "http://x", LeaseAPIEndpoint: "http://x", Token: "t",
		LeaseAPIAuth: client.LeaseAuthSigV4, AWSCredentials: staticCreds("a", "b")})
	if err == nil || !strings.Contains(err.Error(), "aws_region") {
		t.Errorf("no region: %v, want an error naming aws_region", err)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// authorizationHeaders returns the Authorization headers the client sends in SigV4 mode to the
// Lease API (a lease listing) and to the Account API (an account read), both answered 200 by the mock.
func authorizationHeaders(t *testing.T, opts mockserver.Options) (lease, account string) {
	t.Helper()
	var mu sync.Mutex
	byPath := map[string]string{}
	cfg := sigV4Config(staticCreds(opts.SigV4AccessKeyID, opts.SigV4SecretAccessKey))
	cfg.HTTPClient = &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		mu.Lock()
		byPath[r.URL.Path] = r.Header.Get("Authorization")
		mu.Unlock()
		return http.DefaultTransport.RoundTrip(r)
	})}
	env := newLeaseEnv(t, opts, cfg)
	if _, err := env.client.ListLeases(context.Background(), client.LeaseFilter{}); err != nil {
		t.Fatal(err)
	}
	if _, err := env.client.GetAccount(context.Background(), mockserver.RootAccountID); err != nil {
		t.Fatalf("Account API read in SigV4 mode: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	return byPath["/leases"], byPath["/v1/accounts/"+mockserver.RootAccountID]
}
