package mockserver

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// A hand-written AWS Signature Version 4 verifier, independent of the SDK the client signs with, so
// a mistake in how the client uses the SDK cannot hide on both sides.

const (
	sigV4Algorithm = "AWS4-HMAC-SHA256"
	sigV4Service   = "execute-api"

	msgBadSignature = "The request signature we calculated does not match the signature you provided. " +
		"Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
	msgBadSecurityToken    = "The security token included in the request is invalid."
	msgPayloadHashMismatch = "The provided 'x-amz-content-sha256' header does not match what was computed."
)

// sigV4Auth is a parsed Authorization header of a signed request.
type sigV4Auth struct {
	accessKey, date, region, service string
	signedHeaders                    []string
	signature                        string
}

func parseSigV4Authorization(header string) (sigV4Auth, bool) {
	rest, ok := strings.CutPrefix(header, sigV4Algorithm+" ")
	if !ok {
		return sigV4Auth{}, false
	}
	var a sigV4Auth
	for _, part := range strings.Split(rest, ",") {
		key, value, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch key {
		case "Credential":
			scope := strings.Split(value, "/")
			if len(scope) != 5 || scope[4] != "aws4_request" {
				return sigV4Auth{}, false
			}
			a.accessKey, a.date, a.region, a.service = scope[0], scope[1], scope[2], scope[3]
		case "SignedHeaders":
			a.signedHeaders = strings.Split(value, ";")
		case "Signature":
			a.signature = value
		}
	}
	return a, a.accessKey != "" && a.signature != "" && len(a.signedHeaders) > 0
}

// sigV4Request is a request whose SigV4 headers passed sigV4Headers; its signature is checked
// against the payload hash once that is known.
type sigV4Request struct {
	auth    sigV4Auth
	amzDate string
	// declaredHash is the X-Amz-Content-Sha256 the client sent (empty: none); the body must match it.
	declaredHash string
	// verified is set once the signature has been checked.
	verified bool
}

// sigV4Headers checks what a signed request's headers alone can prove: the algorithm, key, scope
// and session token. It reads no body. Clock skew is not checked: tests may move the mock's clock.
func (s *Server) sigV4Headers(r *http.Request) (*sigV4Request, string, bool) {
	auth, ok := parseSigV4Authorization(r.Header.Get("Authorization"))
	amzDate := r.Header.Get("X-Amz-Date")
	if !ok || len(amzDate) < 8 {
		return nil, msgMissingAuthToken, false
	}
	if auth.accessKey != s.opts.SigV4AccessKeyID || auth.service != sigV4Service ||
		(s.opts.SigV4Region != "" && auth.region != s.opts.SigV4Region) || auth.date != amzDate[:8] ||
		!containsString(auth.signedHeaders, "host") || !containsString(auth.signedHeaders, "x-amz-date") {
		return nil, msgBadSecurityToken, false
	}
	if s.opts.SigV4SessionToken != "" && (r.Header.Get("X-Amz-Security-Token") != s.opts.SigV4SessionToken ||
		!containsString(auth.signedHeaders, "x-amz-security-token")) {
		return nil, msgBadSecurityToken, false
	}
	return &sigV4Request{auth: auth, amzDate: amzDate, declaredHash: strings.ToLower(r.Header.Get("X-Amz-Content-Sha256"))}, "", true
}

// sigV4SignatureMatches computes the signature of r with payloadHash and compares it with the one sent.
func (s *Server) sigV4SignatureMatches(r *http.Request, signed *sigV4Request, payloadHash string) bool {
	auth := signed.auth
	canonical := strings.Join([]string{
		r.Method,
		canonicalURI(r.URL),
		canonicalQuery(r.URL.Query()),
		canonicalHeaders(r, auth.signedHeaders),
		strings.Join(auth.signedHeaders, ";"),
		payloadHash,
	}, "\n")
	scope := strings.Join([]string{auth.date, auth.region, auth.service, "aws4_request"}, "/")
	canonicalHash := sha256.Sum256([]byte(canonical))
	stringToSign := strings.Join([]string{sigV4Algorithm, signed.amzDate, scope, hex.EncodeToString(canonicalHash[:])}, "\n")
	key := []byte("AWS4" + s.opts.SigV4SecretAccessKey)
	for _, part := range []string{auth.date, auth.region, auth.service, "aws4_request"} {
		key = hmacSHA256(key, part)
	}
	want := hex.EncodeToString(hmacSHA256(key, stringToSign))
	return hmac.Equal([]byte(want), []byte(auth.signature))
}

// payloadSHA256Hex is the hex SHA-256 of a request body, the payload hash SigV4 signs.
func payloadSHA256Hex(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

func hmacSHA256(key []byte, data string) []byte {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(data))
	return mac.Sum(nil)
}

// canonicalURI URI-encodes the already escaped path once more, as SigV4 does for every service but S3.
func canonicalURI(u *url.URL) string {
	path := u.EscapedPath()
	if path == "" {
		return "/"
	}
	return uriEncode(path, false)
}

// canonicalQuery sorts parameters by name, then value, each RFC 3986 encoded.
func canonicalQuery(q url.Values) string {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		values := append([]string(nil), q[k]...)
		sort.Strings(values)
		for _, v := range values {
			parts = append(parts, uriEncode(k, true)+"="+uriEncode(v, true))
		}
	}
	return strings.Join(parts, "&")
}

// canonicalHeaders lists the signed headers as "name:value\n", values trimmed and inner spaces squeezed.
func canonicalHeaders(r *http.Request, signed []string) string {
	var b strings.Builder
	for _, name := range signed {
		var values []string
		switch name {
		case "host":
			values = []string{r.Host}
		case "content-length":
			values = []string{strconv.FormatInt(r.ContentLength, 10)}
		default:
			values = r.Header.Values(name)
		}
		for i, v := range values {
			values[i] = strings.Join(strings.Fields(v), " ")
		}
		b.WriteString(name + ":" + strings.Join(values, ",") + "\n")
	}
	return b.String()
}

// uriEncode percent-encodes every byte but the unreserved ones (and '/' unless encodeSlash).
func uriEncode(s string, encodeSlash bool) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '_', c == '.', c == '~':
			b.WriteByte(c)
		case c == '/' && !encodeSlash:
			b.WriteByte(c)
		default:
			b.WriteString("%" + strings.ToUpper(hex.EncodeToString([]byte{c})))
		}
	}
	return b.String()
}
