package client

import (
	"net/http"
	"net/url"
	"testing"
)

// FuzzNextPageQuery feeds the Link header parser any header, and a well-formed next link around
// fuzzed cursor values: it must never panic, and must find the cursor of a well-formed link.
func FuzzNextPageQuery(f *testing.F) {
	f.Add(`<https://api.example.com/leases?limit=25&nextAccountId=123456789012&nextPrincipalId=jdoe>; rel="next"`, "123456789012", "jdoe")
	f.Add(`<https://a/x?nextId=1>; rel="prev", <https://a/x?nextId=2>; rel="next"`, "1", "p")
	f.Add(`<https://a/x?nextId=1>; rel=next; title="a, <b>"`, "", "")
	f.Add(`garbage`, "a b", "c&d=e")
	f.Fuzz(func(t *testing.T, header, account, principal string) {
		h := http.Header{}
		h.Add("Link", header)
		if q, ok, err := nextPageQuery(h); ok && (err != nil || q == nil) {
			t.Fatalf("header %q: ok with query %v and error %v", header, q, err)
		}

		want := url.Values{"limit": {"25"}, "nextAccountId": {account}, "nextPrincipalId": {principal}}
		next := url.URL{Scheme: "https", Host: "api.example.com", Path: "/leases", RawQuery: want.Encode()}
		h = http.Header{}
		h.Add("Link", "<"+next.String()+`>; rel="next"`)
		q, ok, err := nextPageQuery(h)
		if err != nil || !ok {
			t.Fatalf("well-formed link %q: ok %v, error %v", next.String(), ok, err)
		}
		if q.Get("nextAccountId") != account || q.Get("nextPrincipalId") != principal {
			t.Fatalf("link %q gave cursor %q/%q, want %q/%q", next.String(), q.Get("nextAccountId"), q.Get("nextPrincipalId"), account, principal)
		}
	})
}
