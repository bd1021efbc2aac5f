package client

import (
	"net/http"
	"testing"
)

func TestNextPageQueryReadsOnlyTheNextLink(t *testing.T) {
	cases := []struct {
		name   string
		links  []string
		want   string
		wantOK bool
	}{
		{"none", nil, "", false},
		{"DCE", []string{`<https://abc.execute-api.us-east-1.amazonaws.com/api/leases?limit=25&nextAccountId=123456789012&nextPrincipalId=jdoe>; rel="next"`},
			"limit=25&nextAccountId=123456789012&nextPrincipalId=jdoe", true},
		{"relative", []string{`</leases?limit=1&nextAccountId=1&nextPrincipalId=a>; rel="next"`}, "limit=1&nextAccountId=1&nextPrincipalId=a", true},
		{"several links", []string{`<https://x/leases?page=1>; rel="prev", <https://x/leases?page=3>; rel="next"`}, "page=3", true},
		{"several headers", []string{`<https://x/a?p=1>; rel="first"`, `<https://x/a?p=2>;rel=next`}, "p=2", true},
		{"several relations", []string{`<https://x/a?p=9>; rel="last next"`}, "p=9", true},
		{"only prev", []string{`<https://x/a?p=0>; rel="prev"`}, "", false},
	}
	for _, c := range cases {
		h := http.Header{}
		for _, l := range c.links {
			h.Add("Link", l)
		}
		got, ok, err := nextPageQuery(h)
		if err != nil || ok != c.wantOK || (ok && got.Encode() != c.want) {
			t.Errorf("%s: got %q, %v, %v; want %q, %v", c.name, got.Encode(), ok, err, c.want, c.wantOK)
		}
	}
	if _, _, err := nextPageQuery(http.Header{"Link": {`https://x/a; rel="next"`}}); err == nil {
		t.Error("a Link without <...> should be an error")
	}
}
