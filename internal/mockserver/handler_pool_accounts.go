package mockserver

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
)

// poolAccountJSON is the Lease API's Account object, in DCE's field order; metadata is absent when unset.
type poolAccountJSON struct {
	ID                  string          `json:"id"`
	AccountStatus       string          `json:"accountStatus"`
	LastModifiedOn      int64           `json:"lastModifiedOn"`
	CreatedOn           int64           `json:"createdOn"`
	AdminRoleArn        string          `json:"adminRoleArn"`
	PrincipalRoleArn    string          `json:"principalRoleArn"`
	PrincipalPolicyHash string          `json:"principalPolicyHash"`
	Metadata            json.RawMessage `json:"metadata,omitempty"`
}

// poolAccountWriteJSON is the body of POST and PUT /accounts. Read-only fields are kept raw so a
// request that sets them can be refused with DCE's "must be empty".
type poolAccountWriteJSON struct {
	ID                  *string         `json:"id"`
	AdminRoleArn        *string         `json:"adminRoleArn"`
	Metadata            json.RawMessage `json:"metadata"`
	AccountStatus       json.RawMessage `json:"accountStatus"`
	LastModifiedOn      json.RawMessage `json:"lastModifiedOn"`
	CreatedOn           json.RawMessage `json:"createdOn"`
	PrincipalRoleArn    json.RawMessage `json:"principalRoleArn"`
	PrincipalPolicyHash json.RawMessage `json:"principalPolicyHash"`
}

func (a *poolAccount) toJSON() poolAccountJSON {
	return poolAccountJSON{
		ID: a.ID, AccountStatus: a.Status, LastModifiedOn: a.LastModifiedOn, CreatedOn: a.CreatedOn,
		AdminRoleArn: a.AdminRoleArn, PrincipalRoleArn: a.PrincipalRoleArn, PrincipalPolicyHash: a.PrincipalPolicyHash,
		Metadata: a.Metadata,
	}
}

// principalPolicyHash is the S3 ETag of DCE's principal policy, quotes included as S3 sends them.
var principalPolicyHash = func() string {
	sum := md5.Sum([]byte("DCEPrincipalPolicy"))
	return `"` + hex.EncodeToString(sum[:]) + `"`
}()

var awsAccountIDPattern = regexp.MustCompile(`^[0-9]{12}$`)

// isARN accepts what aws-sdk-go's arn.Parse accepts: "arn:" and six colon-separated sections.
func isARN(s string) bool {
	parts := strings.SplitN(s, ":", 6)
	return len(parts) == 6 && parts[0] == "arn" && parts[1] != "" && parts[2] != "" && parts[5] != ""
}

func (s *Server) poolAccountRoutes() {
	s.mux.HandleFunc("GET /accounts", s.leaseAPI(s.leaseAPIAdminOnly(s.listPoolAccounts)))
	s.mux.HandleFunc("POST /accounts", s.leaseAPI(s.leaseAPIAdminOnly(s.createPoolAccount)))
	s.mux.HandleFunc("GET /accounts/{id}", s.leaseAPI(s.leaseAPIAdminOnly(s.getPoolAccount)))
	s.mux.HandleFunc("PUT /accounts/{id}", s.leaseAPI(s.leaseAPIAdminOnly(s.updatePoolAccount)))
	s.mux.HandleFunc("DELETE /accounts/{id}", s.leaseAPI(s.leaseAPIAdminOnly(s.deletePoolAccount)))
}

// decodePoolAccountWrite decodes an account body; malformed JSON, wrong types, a metadata that is
// not an object and an adminRoleArn that does not parse as an ARN (the empty string included: DCE's
// ARN type fails to decode it) are DCE's "invalid request parameters".
func decodePoolAccountWrite(w http.ResponseWriter, r *http.Request) (poolAccountWriteJSON, bool) {
	var in poolAccountWriteJSON
	err := decodeBody(r, &in)
	if err == nil && !isNullOrObject(in.Metadata) {
		err = fmt.Errorf("metadata is not an object")
	}
	if err == nil && in.AdminRoleArn != nil && !isARN(*in.AdminRoleArn) {
		err = fmt.Errorf("adminRoleArn is not an ARN")
	}
	if err != nil {
		writeLeaseError(w, http.StatusBadRequest, codeClientError, "invalid request parameters")
		return in, false
	}
	return in, true
}

func isNullOrObject(raw json.RawMessage) bool {
	trimmed := bytes.TrimSpace(raw)
	return len(trimmed) == 0 || bytes.Equal(trimmed, []byte("null")) || trimmed[0] == '{'
}

// readOnlyProblems lists the read-only fields a write set, each "must be empty".
func (in poolAccountWriteJSON) readOnlyProblems() map[string]string {
	problems := map[string]string{}
	for field, raw := range map[string]json.RawMessage{
		"accountStatus": in.AccountStatus, "lastModifiedOn": in.LastModifiedOn, "createdOn": in.CreatedOn,
		"principalRoleArn": in.PrincipalRoleArn, "principalPolicyHash": in.PrincipalPolicyHash,
	} {
		if !isEmptyJSON(raw) {
			problems[field] = "must be empty"
		}
	}
	return problems
}

func isEmptyJSON(raw json.RawMessage) bool {
	switch string(bytes.TrimSpace(raw)) {
	case "", "null", `""`, "0":
		return true
	}
	return false
}

// metadataOrNil drops an explicit null, so the account's metadata stays absent.
func metadataOrNil(raw json.RawMessage) json.RawMessage {
	if isEmptyJSON(raw) {
		return nil
	}
	return append(json.RawMessage(nil), bytes.TrimSpace(raw)...)
}

func (s *Server) createPoolAccount(w http.ResponseWriter, r *http.Request) {
	in, ok := decodePoolAccountWrite(w, r)
	if !ok {
		return
	}
	problems := in.readOnlyProblems()
	if in.ID == nil || !awsAccountIDPattern.MatchString(*in.ID) {
		problems["id"] = "must be a string with 12 digits"
	}
	if in.AdminRoleArn == nil {
		problems["adminRoleArn"] = "must be a string"
	}
	if len(problems) > 0 {
		writeValidationError(w, "account", problems)
		return
	}
	if _, exists := s.state.PoolAccounts[*in.ID]; exists {
		writeLeaseError(w, http.StatusConflict, codeAlreadyExists, "account %q already exists", *in.ID)
		return
	}
	now := s.now()
	a := &poolAccount{
		ID: *in.ID, AdminRoleArn: *in.AdminRoleArn, Metadata: metadataOrNil(in.Metadata),
		PrincipalRoleArn:    fmt.Sprintf(principalRoleNameFmt, *in.ID),
		PrincipalPolicyHash: principalPolicyHash,
		CreatedOn:           epoch(now),
	}
	s.resetAccount(a, now)
	s.state.PoolAccounts[a.ID] = a
	s.changed(bucketPoolAccounts, a.ID)
	writeLeaseJSON(w, http.StatusCreated, a.toJSON())
}

func (s *Server) getPoolAccount(w http.ResponseWriter, r *http.Request) {
	a, ok := s.poolAccountFromPath(w, r)
	if !ok {
		return
	}
	writeLeaseJSON(w, http.StatusOK, a.toJSON())
}

// updatePoolAccount changes adminRoleArn and metadata; omitted fields are kept. DCE validates the
// body before it looks the account up.
func (s *Server) updatePoolAccount(w http.ResponseWriter, r *http.Request) {
	in, ok := decodePoolAccountWrite(w, r)
	if !ok {
		return
	}
	problems := in.readOnlyProblems()
	if in.ID != nil && *in.ID != r.PathValue("id") {
		problems["id"] = "must be a valid value"
	}
	if len(problems) > 0 {
		writeValidationError(w, "account", problems)
		return
	}
	a, ok := s.poolAccountFromPath(w, r)
	if !ok {
		return
	}
	if in.AdminRoleArn != nil {
		a.AdminRoleArn = *in.AdminRoleArn
	}
	if len(bytes.TrimSpace(in.Metadata)) > 0 {
		a.Metadata = metadataOrNil(in.Metadata)
	}
	a.LastModifiedOn = epoch(s.now())
	s.changed(bucketPoolAccounts, a.ID)
	writeLeaseJSON(w, http.StatusOK, a.toJSON())
}

// deletePoolAccount removes an account from the pool; only a Leased account refuses (409).
func (s *Server) deletePoolAccount(w http.ResponseWriter, r *http.Request) {
	a, ok := s.poolAccountFromPath(w, r)
	if !ok {
		return
	}
	if a.Status == accountLeased {
		writeLeaseError(w, http.StatusConflict, codeConflict,
			"operation cannot be fulfilled on account %q: accountStatus: must not be leased.", a.ID)
		return
	}
	delete(s.state.PoolAccounts, a.ID)
	s.changed(bucketPoolAccounts, a.ID)
	// DCE's middleware sets the JSON content type on every answer, this empty one too.
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Content-Type", leaseAPIContentType)
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) poolAccountFromPath(w http.ResponseWriter, r *http.Request) (*poolAccount, bool) {
	id := r.PathValue("id")
	a, ok := s.state.PoolAccounts[id]
	if !ok {
		writeLeaseError(w, http.StatusNotFound, codeNotFound, "account %q not found", id)
		return nil, false
	}
	return a, true
}

// listPoolAccounts scans the pool in id order: limit counts the accounts evaluated, the filters are
// applied to those, and a Link header carries nextId when accounts remain.
func (s *Server) listPoolAccounts(w http.ResponseWriter, r *http.Request) {
	filters := []string{"id", "status", "adminRoleArn", "principalRoleArn", "principalPolicyHash"}
	if !checkQueryParams(w, r, append(filters, "limit", accountsCursorID)...) {
		return
	}
	limit, ok := scanLimit(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	after := q.Get(accountsCursorID)
	// The index is in id order: the page starts after the cursor and costs O(limit + log n).
	ids := s.idx.pool.keys
	start := 0
	if after != "" {
		start = s.idx.pool.firstAfter(func(id string) bool { return id > after })
	}
	out := []poolAccountJSON{}
	scanned := 0
	for i := start; i < len(ids); i++ {
		a := s.state.PoolAccounts[ids[i]]
		scanned++
		v := a.toJSON()
		if matchesFilters(q, map[string]string{"id": v.ID, "status": v.AccountStatus, "adminRoleArn": v.AdminRoleArn,
			"principalRoleArn": v.PrincipalRoleArn, "principalPolicyHash": v.PrincipalPolicyHash}) {
			out = append(out, v)
		}
		if scanned == limit {
			if i < len(ids)-1 {
				setNextLink(w, r, map[string]string{accountsCursorID: a.ID})
			}
			break
		}
	}
	writeLeaseJSON(w, http.StatusOK, out)
}

// matchesFilters reports whether every filter given in q equals the item's field.
func matchesFilters(q map[string][]string, fields map[string]string) bool {
	for name, value := range fields {
		if want, given := q[name]; given && len(want) > 0 && want[0] != "" && want[0] != value {
			return false
		}
	}
	return true
}
