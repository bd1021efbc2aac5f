package mockserver

import (
	"encoding/json"
	"sort"
)

// Plugin is a read-only copy of a registered plugin as the mock holds it.
type Plugin struct {
	ID          string
	AccountID   string
	Name        string
	Version     string
	Description string
	Icon        string
	Homepage    string
	// SpecType is ComponentTransformer, OplogProcessor, App or Library.
	SpecType string
	// SpecJSON is the spec as the API answers it.
	SpecJSON string
	// WasmSize and WasmSHA256 (hex) describe the uploaded binary; zero and "" when none was sent.
	WasmSize   int64
	WasmSHA256 string
	Deleted    bool
}

func (p *plugin) export() Plugin {
	spec, _ := json.Marshal(p.Spec.toJSON())
	return Plugin{ID: p.ID, AccountID: p.AccountID, Name: p.Name, Version: p.Version, Description: p.Description,
		Icon: p.Icon, Homepage: p.Homepage, SpecType: p.Spec.Type, SpecJSON: string(spec),
		WasmSize: p.WasmSize, WasmSHA256: p.WasmSHA256, Deleted: p.Deleted}
}

// Plugin returns a copy of the plugin with id, deleted or not.
func (s *Server) Plugin(id string) (Plugin, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.state.Plugins[id]
	if !ok {
		return Plugin{}, false
	}
	return p.export(), true
}

// LivePlugins returns copies of the plugins of an account that are not deleted, ordered by id;
// an empty accountID means every account.
func (s *Server) LivePlugins(accountID string) []Plugin {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Plugin
	for _, p := range s.state.Plugins {
		if !p.Deleted && (accountID == "" || p.AccountID == accountID) {
			out = append(out, p.export())
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// DeletePlugin soft-deletes a plugin behind Terraform's back, as DELETE /v1/plugins/{id} does.
// It reports whether the plugin was live.
func (s *Server) DeletePlugin(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.state.Plugins[id]
	if !ok || p.Deleted {
		return false
	}
	p.Deleted = true
	s.changed(bucketPlugins, p.ID)
	s.persist()
	return true
}
