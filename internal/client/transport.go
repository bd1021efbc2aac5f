package client

import (
	"net/http"

	"github.com/hashicorp/go-cleanhttp"
)

// idleConnsPerHost is how many keep-alive connections the client keeps to each API host. The CLI
// runs up to -parallelism (10 by default) resource operations at once, each sending its requests in
// turn; go-cleanhttp's default (GOMAXPROCS+1, three on two cores) would close most connections after
// each answer and open new ones for the next wave. 64 covers a raised -parallelism with room to spare;
// idle connections cost a file descriptor each and close after the transport's idle timeout.
const idleConnsPerHost = 64

// newPooledHTTPClient returns the client's default HTTP client: go-cleanhttp's pooled transport
// (proxy from the environment, sane timeouts) with enough idle connections for the CLI's parallelism.
func newPooledHTTPClient() *http.Client {
	transport := cleanhttp.DefaultPooledTransport()
	transport.MaxIdleConnsPerHost = idleConnsPerHost
	// Two hosts at most: the Account API and the Lease API.
	transport.MaxIdleConns = 2 * idleConnsPerHost
	return &http.Client{Transport: transport}
}
