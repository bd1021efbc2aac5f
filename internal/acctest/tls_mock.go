package acctest

import (
	"crypto/tls"
	"net/http/httptest"
	"testing"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/mockserver"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/testcert"
)

// NewTLSMock starts a mock server over https for the length of t, with a certificate a throwaway CA
// signed, as sandbox-mock -tls-cert/-tls-key serves it. It returns the mock and the CA's PEM file,
// which the provider trusts only through ca_cert_file.
func NewTLSMock(t *testing.T, opts mockserver.Options) (*Mock, string) {
	t.Helper()
	srv, err := mockserver.New(opts)
	if err != nil {
		t.Fatalf("starting mock server: %v", err)
	}
	files := testcert.Write(t)
	cert, err := tls.LoadX509KeyPair(files.Cert, files.Key)
	if err != nil {
		t.Fatal(err)
	}
	loss := &answerLossHandler{next: srv}
	ts := httptest.NewUnstartedServer(loss)
	ts.TLS = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	ts.StartTLS()
	t.Cleanup(ts.Close)
	return &Mock{Server: srv, URL: ts.URL, loss: loss}, files.CA
}
