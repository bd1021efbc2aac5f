package mockserver

import (
	"crypto/rand"
	"net/http"
	"net/url"
	"strings"
)

// codeLegacyNotFound is the older error code DCE's lease-auth handler still sends.
const codeLegacyNotFound = "NotFound"

// leaseAuthJSON is the answer of POST /leases/{id}/auth: STS credentials of the account's principal
// role and a console sign-in URL. DCE sends no expiry; the credentials last an hour.
type leaseAuthJSON struct {
	AccessKeyID     string `json:"accessKeyId"`
	SecretAccessKey string `json:"secretAccessKey"`
	SessionToken    string `json:"sessionToken"`
	ConsoleURL      string `json:"consoleUrl"`
}

// createLeaseAuth follows the real system: an unknown lease is a 500, a lease that is not active a
// 401, another principal's lease (for a DCE user) a 404.
func (s *Server) createLeaseAuth(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	l, ok := s.state.Leases[id]
	if !ok {
		writeLeaseError(w, http.StatusInternalServerError, codeServerError, "Failed Get on Lease %s", id)
		return
	}
	if l.Status != leaseActive {
		writeLeaseError(w, http.StatusUnauthorized, codeUnauthorized, "Could not access the resource requested.")
		return
	}
	// DCE hides another principal's lease from a user behind a 404 here.
	if user, isUser := s.leaseAPIUser(r); isUser && user != l.PrincipalID {
		writeLeaseError(w, http.StatusNotFound, codeLegacyNotFound, "The requested resource could not be found.")
		return
	}
	signinToken := randomString(64, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
	creds := leaseAuthJSON{
		AccessKeyID:     "ASIA" + randomString(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
		SecretAccessKey: randomString(40, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"),
		SessionToken:    "IQoJb3JpZ2luX2VjE" + randomString(200, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"),
		ConsoleURL: "https://signin.aws.amazon.com/federation?" + url.Values{
			"Action": {"login"}, "Issuer": {"DCE"}, "Destination": {"https://console.aws.amazon.com/"}, "SigninToken": {signinToken},
		}.Encode(),
	}
	if !s.opts.NoSecretRecords {
		s.leaseCredentials.add(creds)
	}
	writeLeaseJSON(w, http.StatusCreated, creds)
}

// randomString returns n characters drawn from alphabet.
func randomString(n int, alphabet string) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	var out strings.Builder
	for _, c := range b {
		out.WriteByte(alphabet[int(c)%len(alphabet)])
	}
	return out.String()
}
