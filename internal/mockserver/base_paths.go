package mockserver

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// Real DCE is served under an API Gateway stage (https://<id>.execute-api.<region>.amazonaws.com/api),
// and a Golem server may sit behind a path prefix. Options.LeaseAPIBasePath and AccountAPIBasePath
// serve each API under such a prefix; the control API stays at /_mock/.

type basePathKey struct{}

// normalizeBasePath checks a base path option: empty, or "/" and segments without a trailing slash.
func normalizeBasePath(option, p string) (string, error) {
	p = strings.TrimSuffix(p, "/")
	if p == "" {
		return "", nil
	}
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "?#") {
		return "", fmt.Errorf("%s %q must be a path such as /api", option, p)
	}
	return p, nil
}

// isLeaseAPIPath reports whether p is one of the Lease API's resources.
func isLeaseAPIPath(p string) bool {
	for _, root := range []string{"/accounts", "/leases", "/usage"} {
		if p == root || strings.HasPrefix(p, root+"/") {
			return true
		}
	}
	return false
}

// routeBasePath strips a configured base path from r, remembering it for the Link headers the
// Lease API builds. A request for an API outside its base path is answered as that API's front
// would: API Gateway's 403 for the Lease API, 404 for the Account API. It reports whether r goes on.
func (s *Server) routeBasePath(w http.ResponseWriter, r *http.Request) (*http.Request, bool) {
	lease, account := s.opts.LeaseAPIBasePath, s.opts.AccountAPIBasePath
	if lease == "" && account == "" {
		return r, true
	}
	p := r.URL.Path
	if account != "" {
		if rest, ok := strings.CutPrefix(p, account); ok && strings.HasPrefix(rest, "/v1/") {
			return withPath(r, rest, account), true
		}
	}
	if lease != "" {
		if rest, ok := strings.CutPrefix(p, lease); ok && isLeaseAPIPath(rest) {
			return withPath(r, rest, lease), true
		}
	}
	switch {
	case lease != "" && (isLeaseAPIPath(p) || strings.HasPrefix(p, lease+"/")):
		writeLeaseJSON(w, http.StatusForbidden, gatewayMessageJSON{Message: msgMissingAuthToken})
		return r, false
	case account != "" && strings.HasPrefix(p, "/v1/"):
		writeAccountError(w, http.StatusNotFound, "the Account API is served under %s", account)
		return r, false
	}
	return r, true
}

// withPath is r with its path replaced and the stripped base path in its context.
func withPath(r *http.Request, p, base string) *http.Request {
	r = r.WithContext(context.WithValue(r.Context(), basePathKey{}, base))
	u := *r.URL
	u.Path, u.RawPath = p, ""
	r.URL = &u
	return r
}

// basePathOf is the base path stripped from r, "" when none.
func basePathOf(r *http.Request) string {
	base, _ := r.Context().Value(basePathKey{}).(string)
	return base
}
