package client

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"os"
)

// LoadCACertPool reads a PEM file of one or more CA certificates and returns the system's trusted
// roots plus those, so the client can reach a server whose certificate a private CA signed (a
// platform behind a corporate CA, or sandbox-mock with -tls-cert) without trusting it blindly.
func LoadCACertPool(file string) (*x509.CertPool, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("reading the CA certificate file: %w", err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(data) {
		return nil, fmt.Errorf("the CA certificate file %s holds no PEM certificate (expected -----BEGIN CERTIFICATE-----)", file)
	}
	return pool, nil
}

// withRootCAs makes httpClient verify servers against roots. It changes a copy of the transport,
// never a transport the caller may share.
func withRootCAs(httpClient *http.Client, roots *x509.CertPool) error {
	base := httpClient.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	transport, ok := base.(*http.Transport)
	if !ok {
		return errors.New("a custom CA needs the client's own HTTP transport, not a replaced one")
	}
	transport = transport.Clone()
	if transport.TLSClientConfig == nil {
		transport.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	transport.TLSClientConfig.RootCAs = roots
	httpClient.Transport = transport
	return nil
}
