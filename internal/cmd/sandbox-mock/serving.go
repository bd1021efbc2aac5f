package main

import (
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/mockserver"
)

// servingFlags are the flags that decide where and how the APIs are served: https, base paths
// (real DCE sits under an API Gateway stage such as /api) and the control API.
type servingFlags struct {
	tlsCert, tlsKey    string
	leaseAPIBasePath   string
	accountAPIBasePath string
	noControlAPI       bool
}

func (f *servingFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.tlsCert, "tls-cert", "", "with -tls-key: serve https with this PEM certificate (chain) instead of http")
	fs.StringVar(&f.tlsKey, "tls-key", "", "the PEM private key of -tls-cert")
	fs.StringVar(&f.leaseAPIBasePath, "lease-api-base-path", "", "serve the Lease API under this path, e.g. /api as real DCE's API Gateway stage (empty: at the root)")
	fs.StringVar(&f.accountAPIBasePath, "account-api-base-path", "", "serve the Account API under this path (empty: at the root)")
	fs.BoolVar(&f.noControlAPI, "no-control-api", false, "do not serve the control API under /_mock/")
}

// apply checks the flags and sets what the mock server needs to know of them.
func (f *servingFlags) apply(opts *mockserver.Options) error {
	if (f.tlsCert == "") != (f.tlsKey == "") {
		return errors.New("-tls-cert and -tls-key go together")
	}
	if f.tlsCert != "" {
		// Fail before listening, not at the first handshake.
		if _, err := tls.LoadX509KeyPair(f.tlsCert, f.tlsKey); err != nil {
			return fmt.Errorf("-tls-cert/-tls-key: %w", err)
		}
	}
	opts.LeaseAPIBasePath = f.leaseAPIBasePath
	opts.AccountAPIBasePath = f.accountAPIBasePath
	opts.NoControlAPI = f.noControlAPI
	return nil
}

// scheme is the URL scheme the mock answers on.
func (f *servingFlags) scheme() string {
	if f.tlsCert != "" {
		return "https"
	}
	return "http"
}

// printHint tells how to point the provider at base paths and a private CA, when those are set.
func (f *servingFlags) printHint(url string) {
	if f.leaseAPIBasePath != "" {
		fmt.Printf("  lease_api_endpoint = %q  (or SANDBOX_LEASE_API_ENDPOINT)\n", url+f.leaseAPIBasePath)
	}
	if f.accountAPIBasePath != "" {
		fmt.Printf("  account_api_endpoint = %q  (or SANDBOX_ACCOUNT_API_ENDPOINT)\n", url+f.accountAPIBasePath)
	}
	if f.tlsCert != "" {
		fmt.Println("  ca_cert_file = \"<the CA that signed -tls-cert>\"  (or SANDBOX_CA_CERT_FILE)")
	}
}

// serve answers on ln, over TLS when a certificate is set.
func (f *servingFlags) serve(srv *http.Server, ln net.Listener) error {
	if f.tlsCert != "" {
		return srv.ServeTLS(ln, f.tlsCert, f.tlsKey)
	}
	return srv.Serve(ln)
}
