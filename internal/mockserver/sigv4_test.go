package mockserver

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

var testKeys = aws.Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}

// signedRequest builds a request signed by the AWS SDK, the way the client signs.
func signedRequest(t *testing.T, creds aws.Credentials, method, target, body, region string) *http.Request {
	t.Helper()
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	sum := sha256.Sum256([]byte(body))
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), "execute-api", region, time.Now()); err != nil {
		t.Fatal(err)
	}
	return req
}

func TestSigV4SignedRequestsAreAcceptedAndOthersRefused(t *testing.T) {
	s := newLeaseTestServer(t, Options{SigV4AccessKeyID: testKeys.AccessKeyID, SigV4SecretAccessKey: testKeys.SecretAccessKey, SigV4Region: "eu-west-1"})
	body := `{"id":"123456789012","adminRoleArn":"` + testRoleArn + `"}`

	if rec := serve(s, signedRequest(t, testKeys, http.MethodPost, "/accounts", body, "eu-west-1")); rec.Code != http.StatusCreated {
		t.Fatalf("signed POST: %d %s, want 201", rec.Code, rec.Body)
	}
	if rec := serve(s, signedRequest(t, testKeys, http.MethodGet, "/leases?status=Active&principalId=a%20b", "", "eu-west-1")); rec.Code != http.StatusOK {
		t.Errorf("signed GET with a query: %d %s, want 200", rec.Code, rec.Body)
	}

	tamperedBody := signedRequest(t, testKeys, http.MethodPut, "/accounts/123456789012", `{"adminRoleArn":"`+testRoleArn+`"}`, "eu-west-1")
	// Same length, so only the payload hash can tell.
	tamperedBody.Body = io.NopCloser(strings.NewReader(`{"adminRoleArn":"` + strings.Replace(testRoleArn, "DCEAdmin", "DCEEvil!", 1) + `"}`))
	tamperedQuery := signedRequest(t, testKeys, http.MethodGet, "/leases?status=Active", "", "eu-west-1")
	tamperedQuery.URL.RawQuery = "status=Inactive"
	tamperedHeader := signedRequest(t, testKeys, http.MethodGet, "/leases", "", "eu-west-1")
	tamperedHeader.Header.Set("Content-Type", "text/plain")
	wrongSecret := signedRequest(t, aws.Credentials{AccessKeyID: testKeys.AccessKeyID, SecretAccessKey: "other"}, http.MethodGet, "/leases", "", "eu-west-1")
	wrongKey := signedRequest(t, aws.Credentials{AccessKeyID: "AKIDOTHER", SecretAccessKey: testKeys.SecretAccessKey}, http.MethodGet, "/leases", "", "eu-west-1")
	wrongRegion := signedRequest(t, testKeys, http.MethodGet, "/leases", "", "us-east-1")
	unsigned := httptest.NewRequest(http.MethodGet, "/leases", nil)
	bearer := httptest.NewRequest(http.MethodGet, "/leases", nil)
	bearer.Header.Set("Authorization", "Bearer "+s.AdminToken())

	for name, req := range map[string]*http.Request{
		"tampered body": tamperedBody, "tampered query": tamperedQuery, "tampered header": tamperedHeader,
		"wrong secret": wrongSecret, "unknown key": wrongKey, "wrong region": wrongRegion, "unsigned": unsigned, "bearer only": bearer,
	} {
		rec := serve(s, req)
		if rec.Code != http.StatusForbidden || decode[gatewayMessageJSON](t, rec.Body.Bytes()).Message == "" {
			t.Errorf("%s: %d %s, want 403 with API Gateway's message", name, rec.Code, rec.Body)
		}
	}
	if a, _ := s.PoolAccount("123456789012"); a.AdminRoleArn != testRoleArn {
		t.Errorf("a refused request changed the account: %+v", a)
	}
}

func TestSigV4SessionTokenIsRequiredWhenConfigured(t *testing.T) {
	s := newLeaseTestServer(t, Options{SigV4AccessKeyID: testKeys.AccessKeyID, SigV4SecretAccessKey: testKeys.SecretAccessKey, SigV4SessionToken: "session"})
	withToken := testKeys
	withToken.SessionToken = "session"
	if rec := serve(s, signedRequest(t, withToken, http.MethodGet, "/leases", "", "us-east-1")); rec.Code != http.StatusOK {
		t.Errorf("signed with the session token: %d %s", rec.Code, rec.Body)
	}
	if rec := serve(s, signedRequest(t, testKeys, http.MethodGet, "/leases", "", "us-east-1")); rec.Code != http.StatusForbidden {
		t.Errorf("signed without the session token: %d, want 403", rec.Code)
	}
}
