package mockserver

import (
	"mime"
	"net/http"
	"strconv"
	"strings"
)

// accountAPIPathIDs are the path parameters of the Account API; every one is a UUID.
var accountAPIPathIDs = []string{"account_id", "token_id", "plugin_id"}

// sessionCookie is the cookie Golem's web console sends the secret in, accepted like a bearer.
const sessionCookie = "GOLEM_SESSION"

// refuseMalformedAccountRequest answers what Golem's request parser answers before any handler
// or authentication runs: 400 for a path id that is not a UUID, 415 for a JSON operation whose
// body is not application/json. It reports whether it answered.
func refuseMalformedAccountRequest(w http.ResponseWriter, r *http.Request) bool {
	for _, name := range accountAPIPathIDs {
		if id := r.PathValue(name); id != "" && !isUUID(id) {
			writeAccountValidation(w, []string{"failed to parse parameter `" + name + "`: " + strconv.Quote(id) + " is not a UUID"})
			return true
		}
	}
	if takesJSONBody(r) {
		mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if err != nil || mediaType != "application/json" {
			writeAccountError(w, http.StatusUnsupportedMediaType, "unsupported media type: expect application/json")
			return true
		}
	}
	return false
}

// takesJSONBody reports whether r is an Account API operation with a JSON body: every POST and
// PUT but the plugin registration, which is multipart.
func takesJSONBody(r *http.Request) bool {
	if r.Method != http.MethodPost && r.Method != http.MethodPut {
		return false
	}
	return !strings.HasSuffix(r.URL.Path, "/plugins")
}

// accountAPISecret is the caller's secret: the bearer token, else the GOLEM_SESSION cookie.
func accountAPISecret(r *http.Request) string {
	if secret, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		return secret
	}
	if c, err := r.Cookie(sessionCookie); err == nil {
		return c.Value
	}
	return ""
}
