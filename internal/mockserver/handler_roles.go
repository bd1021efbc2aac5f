package mockserver

import (
	"fmt"
	"net/http"
)

type setRolesJSON struct {
	CurrentRevision *uint64   `json:"currentRevision"`
	Roles           *[]string `json:"roles"`
}

func (in *setRolesJSON) problems() []string {
	problems := requiredField("currentRevision", in.CurrentRevision)
	if in.Roles == nil {
		return append(problems, "roles: field is required")
	}
	for i, role := range *in.Roles {
		if role != roleAdmin && role != roleMarketingAdmin {
			problems = append(problems, fmt.Sprintf("roles[%d]: unknown role %q; expected %q or %q", i, role, roleAdmin, roleMarketingAdmin))
		}
	}
	return problems
}

func (s *Server) roleRoutes() {
	s.mux.HandleFunc("PUT /v1/accounts/{account_id}/roles", s.accountAPI(s.setAccountRoles))
}

func (s *Server) setAccountRoles(w http.ResponseWriter, r *http.Request) {
	var in setRolesJSON
	if !decodeAccountBody(w, r, &in) {
		return
	}
	a, ok := s.adminWritableAccount(w, r, *in.CurrentRevision)
	if !ok {
		return
	}
	// The set replaces the old one; the server deduplicates and orders it.
	a.Roles = sortedRoles(*in.Roles)
	a.Revision++
	s.changed(bucketAccounts, a.ID)
	writeJSON(w, http.StatusOK, a.toJSON())
}
