package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// DefaultPageSize is the limit the client asks the Lease API for when a list call names none. The
// API's own default (25) makes listing 10,000 leases 400 round trips; a page of 1,000 leases is
// about 400 kB of JSON, well under API Gateway's answer limit and DynamoDB's 1 MB page.
const DefaultPageSize = 1000

// pageLimit is the limit query value for a requested page size (zero or less: DefaultPageSize).
func pageLimit(pageSize int) string {
	if pageSize <= 0 {
		pageSize = DefaultPageSize
	}
	return strconv.Itoa(pageSize)
}

// listAll is the Lease API's one pagination iterator: it GETs path with query, then every next page
// the Link header names, and returns the items of all pages in order. A page may be short or even
// empty and still have a next one (the server's limit counts items evaluated, not returned).
//
// Only the next URL's query is kept; it is sent to the configured base URL and path, because behind a
// custom domain or a proxy the host and stage the server puts in the header can be wrong.
func listAll[T any](ctx context.Context, c *Client, path string, query url.Values) ([]T, error) {
	all := []T{}
	seen := map[string]bool{}
	for {
		var page []T
		resp, err := c.do(ctx, &request{api: LeaseAPI, method: http.MethodGet, path: path, query: query, mayRetryBlindly: true}, &page)
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
		next, ok, err := nextPageQuery(resp.header)
		if err != nil {
			return nil, fmt.Errorf("GET %s: %w", path, err)
		}
		if !ok {
			return all, nil
		}
		key := next.Encode()
		if seen[key] {
			return nil, fmt.Errorf("GET %s: the server's Link header points back to page %q; stopping", path, key)
		}
		seen[key] = true
		query = next
	}
}

// nextPageQuery finds the rel="next" link among the Link headers and returns its query.
func nextPageQuery(header http.Header) (url.Values, bool, error) {
	for _, value := range header.Values("Link") {
		for rest := value; rest != ""; {
			target, params, remainder, ok := nextLinkValue(rest)
			if !ok {
				return nil, false, fmt.Errorf("malformed Link header %q", value)
			}
			rest = remainder
			if !isRelNext(params) {
				continue
			}
			u, err := url.Parse(target)
			if err != nil {
				return nil, false, fmt.Errorf("the next-page link %q is not a URL: %w", target, err)
			}
			return u.Query(), true, nil
		}
	}
	return nil, false, nil
}

// nextLinkValue splits `<url>; param; param, <url2>...` into the first URL, its parameters and the rest.
func nextLinkValue(s string) (target, params, rest string, ok bool) {
	s = strings.TrimLeft(s, " ,")
	if s == "" {
		return "", "", "", true
	}
	if !strings.HasPrefix(s, "<") {
		return "", "", "", false
	}
	end := strings.IndexByte(s, '>')
	if end < 0 {
		return "", "", "", false
	}
	target, s = s[1:end], s[end+1:]
	if comma := strings.Index(s, ",<"); comma >= 0 {
		return target, s[:comma], s[comma+1:], true
	}
	if comma := strings.Index(s, ", <"); comma >= 0 {
		return target, s[:comma], s[comma+1:], true
	}
	return target, s, "", true
}

// isRelNext reports whether link parameters hold rel="next" (or next among several relations).
func isRelNext(params string) bool {
	for _, p := range strings.Split(params, ";") {
		key, value, found := strings.Cut(strings.TrimSpace(p), "=")
		if !found || !strings.EqualFold(strings.TrimSpace(key), "rel") {
			continue
		}
		for _, rel := range strings.Fields(strings.Trim(strings.TrimSpace(value), `"`)) {
			if strings.EqualFold(rel, "next") {
				return true
			}
		}
	}
	return false
}
