package mockserver

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strconv"
)

// planJSON is the Account API's Plan object; limits are unsigned 64-bit numbers.
type planJSON struct {
	PlanID                string `json:"planId"`
	Name                  string `json:"name"`
	AppLimit              uint64 `json:"appLimit"`
	EnvLimit              uint64 `json:"envLimit"`
	ComponentLimit        uint64 `json:"componentLimit"`
	WorkerLimit           uint64 `json:"workerLimit"`
	WorkerConnectionLimit uint64 `json:"workerConnectionLimit"`
	StorageLimit          uint64 `json:"storageLimit"`
	MonthlyGasLimit       uint64 `json:"monthlyGasLimit"`
	MonthlyUploadLimit    uint64 `json:"monthlyUploadLimit"`
	MaxMemoryPerWorker    uint64 `json:"maxMemoryPerWorker"`
}

type setPlanJSON struct {
	CurrentRevision *uint64 `json:"currentRevision"`
	Plan            *string `json:"plan"`
}

func (in *setPlanJSON) problems() []string {
	problems := requiredField("currentRevision", in.CurrentRevision)
	switch {
	case in.Plan == nil:
		problems = append(problems, "plan: field is required")
	case !isUUID(*in.Plan):
		problems = append(problems, "plan: "+strconv.Quote(*in.Plan)+" is not a UUID")
	}
	return problems
}

func (p *plan) toJSON() planJSON { return *p }

func (s *Server) planRoutes() {
	s.mux.HandleFunc("GET /v1/accounts/{account_id}/plan", s.accountAPI(s.getAccountPlan))
	s.mux.HandleFunc("PUT /v1/accounts/{account_id}/plan", s.accountAPI(s.setAccountPlan))
}

func (s *Server) getAccountPlan(w http.ResponseWriter, r *http.Request) {
	a, ok := s.visibleAccount(w, r)
	if !ok {
		return
	}
	p, ok := s.state.Plans[a.PlanID]
	if !ok {
		writeAccountError(w, http.StatusNotFound, "Plan not found for id %s", a.PlanID)
		return
	}
	writeJSON(w, http.StatusOK, p.toJSON())
}

// setAccountPlan checks in the real system's order: visibility (404), permission (403), revision
// (409), plan exists (404), then writes and bumps the revision.
func (s *Server) setAccountPlan(w http.ResponseWriter, r *http.Request) {
	var in setPlanJSON
	if !decodeAccountBody(w, r, &in) {
		return
	}
	a, ok := s.adminWritableAccount(w, r, *in.CurrentRevision)
	if !ok {
		return
	}
	if _, ok := s.state.Plans[*in.Plan]; !ok {
		writeAccountError(w, http.StatusNotFound, "Plan for id not found: %s", *in.Plan)
		return
	}
	a.PlanID = *in.Plan
	a.Revision++
	s.changed(bucketAccounts, a.ID)
	writeJSON(w, http.StatusOK, a.toJSON())
}

// adminWritableAccount finds the account of a plan or roles write: 404 when the caller cannot see
// it, 403 unless the caller is an admin, 409 on a stale revision.
func (s *Server) adminWritableAccount(w http.ResponseWriter, r *http.Request, revision uint64) (*account, bool) {
	a, ok := s.visibleAccount(w, r)
	if !ok {
		return nil, false
	}
	if !callerFrom(r).admin {
		// The real system names SetRoles for plan changes too.
		writeAccountError(w, http.StatusForbidden, "The account action SetRoles is not allowed")
		return nil, false
	}
	if !s.revisionMatches(w, a, revision) {
		return nil, false
	}
	return a, true
}

// loadPlansFile reads extra plans (a JSON array of Plan objects, as GET plan returns them) into the
// catalogue; a plan with a built-in id replaces it. It returns the ids of the plans it read.
func (st *state) loadPlansFile(path string) ([]string, error) {
	if path == "" {
		return nil, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading plans file: %w", err)
	}
	var plans []planJSON
	if err := json.Unmarshal(data, &plans); err != nil {
		return nil, fmt.Errorf("plans file %s must hold a JSON array of plans: %w", path, err)
	}
	ids := make([]string, 0, len(plans))
	for i, p := range plans {
		if !isUUID(p.PlanID) || p.Name == "" {
			return nil, fmt.Errorf("plans file %s: plan %d needs a UUID planId and a name", path, i)
		}
		copied := p
		st.Plans[p.PlanID] = &copied
		ids = append(ids, p.PlanID)
	}
	return ids, nil
}
