package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
)

// Plugin spec types of the Account API.
const (
	PluginTypeComponentTransformer = "ComponentTransformer"
	PluginTypeOplogProcessor       = "OplogProcessor"
	PluginTypeApp                  = "App"
	PluginTypeLibrary              = "Library"
)

// PluginTypes lists every spec type, in the order the documentation names them.
var PluginTypes = []string{PluginTypeComponentTransformer, PluginTypeOplogProcessor, PluginTypeApp, PluginTypeLibrary}

// PluginTypeNeedsWasm reports whether registering a plugin of type t requires a WebAssembly binary.
func PluginTypeNeedsWasm(t string) bool {
	return t == PluginTypeApp || t == PluginTypeLibrary
}

// Plugin is a registered plugin.
type Plugin struct {
	ID          string     `json:"id"`
	AccountID   string     `json:"accountId"`
	Name        string     `json:"name"`
	Version     string     `json:"version"`
	Description string     `json:"description"`
	Icon        string     `json:"icon"`
	Homepage    string     `json:"homepage"`
	Spec        PluginSpec `json:"spec"`
}

// PluginSpec is the type-specific part of a plugin. Which fields apply depends on Type:
// ComponentTransformer uses ProvidedWitPackage, JSONSchema, ValidateURL and TransformURL;
// OplogProcessor uses ComponentID and ComponentRevision; App and Library use none.
// Optional fields the server leaves out or sends as null are nil.
type PluginSpec struct {
	Type               string
	ProvidedWitPackage *string
	// JSONSchema is any JSON document, kept as the server sent it.
	JSONSchema        json.RawMessage
	ValidateURL       *string
	TransformURL      *string
	ComponentID       *string
	ComponentRevision *uint64
}

// Wire forms of each spec type. ComponentTransformer writes its optional fields as null, as the
// API documents it; the others carry only their own fields.
type (
	componentTransformerSpecJSON struct {
		Type               string          `json:"type"`
		ProvidedWitPackage *string         `json:"providedWitPackage"`
		JSONSchema         json.RawMessage `json:"jsonSchema"`
		ValidateURL        string          `json:"validateUrl"`
		TransformURL       string          `json:"transformUrl"`
	}
	oplogProcessorSpecJSON struct {
		Type              string `json:"type"`
		ComponentID       string `json:"componentId"`
		ComponentRevision uint64 `json:"componentRevision"`
	}
	emptySpecJSON struct {
		Type string `json:"type"`
	}
	// anySpecJSON decodes every type's fields at once.
	anySpecJSON struct {
		Type               string          `json:"type"`
		ProvidedWitPackage *string         `json:"providedWitPackage"`
		JSONSchema         json.RawMessage `json:"jsonSchema"`
		ValidateURL        *string         `json:"validateUrl"`
		TransformURL       *string         `json:"transformUrl"`
		ComponentID        *string         `json:"componentId"`
		ComponentRevision  *uint64         `json:"componentRevision"`
	}
)

// MarshalJSON writes the spec in its type's wire form.
func (s PluginSpec) MarshalJSON() ([]byte, error) {
	switch s.Type {
	case PluginTypeComponentTransformer:
		schema := s.JSONSchema
		if len(schema) == 0 {
			schema = nil
		}
		return json.Marshal(componentTransformerSpecJSON{
			Type: s.Type, ProvidedWitPackage: s.ProvidedWitPackage, JSONSchema: schema,
			ValidateURL: deref(s.ValidateURL), TransformURL: deref(s.TransformURL),
		})
	case PluginTypeOplogProcessor:
		var revision uint64
		if s.ComponentRevision != nil {
			revision = *s.ComponentRevision
		}
		return json.Marshal(oplogProcessorSpecJSON{Type: s.Type, ComponentID: deref(s.ComponentID), ComponentRevision: revision})
	default:
		return json.Marshal(emptySpecJSON{Type: s.Type})
	}
}

// UnmarshalJSON reads any type's wire form; a null jsonSchema becomes nil.
func (s *PluginSpec) UnmarshalJSON(data []byte) error {
	var in anySpecJSON
	if err := json.Unmarshal(data, &in); err != nil {
		return err
	}
	*s = PluginSpec(in)
	if bytes.Equal(bytes.TrimSpace(s.JSONSchema), []byte("null")) {
		s.JSONSchema = nil
	}
	return nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// PluginCreateInput is what POST /v1/accounts/{id}/plugins registers: the metadata part and,
// for App and Library plugins, the WebAssembly binary.
type PluginCreateInput struct {
	Name        string `json:"name"`
	Version     string `json:"version"`
	Description string `json:"description"`
	// Icon is standard base64 with padding; "" is allowed.
	Icon     string     `json:"icon"`
	Homepage string     `json:"homepage"`
	Spec     PluginSpec `json:"spec"`
	// Wasm is sent as the pluginWasm part when not nil.
	Wasm []byte `json:"-"`
}

type pluginPage struct {
	Values []Plugin `json:"values"`
}

func pluginPath(id string) string { return "/v1/plugins/" + url.PathEscape(id) }

func accountPluginsPath(accountID string) string { return accountPath(accountID) + "/plugins" }

// encodePluginForm builds the multipart/form-data body of a plugin registration and returns it with
// its Content-Type (which carries the boundary).
func encodePluginForm(in PluginCreateInput) (body []byte, contentType string, err error) {
	metadata, err := json.Marshal(in)
	if err != nil {
		return nil, "", fmt.Errorf("encoding plugin metadata: %w", err)
	}
	var buf bytes.Buffer
	form := multipart.NewWriter(&buf)
	if err := writePart(form, `form-data; name="metadata"`, "application/json", metadata); err != nil {
		return nil, "", err
	}
	if in.Wasm != nil {
		if err := writePart(form, `form-data; name="pluginWasm"; filename="plugin.wasm"`, "application/octet-stream", in.Wasm); err != nil {
			return nil, "", err
		}
	}
	if err := form.Close(); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), form.FormDataContentType(), nil
}

func writePart(form *multipart.Writer, disposition, contentType string, content []byte) error {
	part, err := form.CreatePart(textproto.MIMEHeader{
		"Content-Disposition": {disposition},
		"Content-Type":        {contentType},
	})
	if err != nil {
		return err
	}
	_, err = part.Write(content)
	return err
}

// CreatePlugin registers a plugin in an account. A lost answer is settled by looking up the
// account's plugin with the same name and version: one that matches in (the binary aside, which the
// API does not describe) is adopted, a missing one is sent again. A plugin registered before the
// first attempt, or one that differs, is an *ExistsError.
func (c *Client) CreatePlugin(ctx context.Context, accountID string, in PluginCreateInput) (*Plugin, error) {
	body, contentType, err := encodePluginForm(in)
	if err != nil {
		return nil, err
	}
	return createByNaturalKey(ctx, c, naturalKeyCreate[Plugin]{
		kind: "plugin", key: accountID + "/" + in.Name + "@" + in.Version,
		send: func(ctx context.Context) (*Plugin, error) {
			var out Plugin
			_, err := c.do(ctx, &request{
				api: AccountAPI, method: http.MethodPost, path: accountPluginsPath(accountID),
				rawBody: body, contentType: contentType,
			}, &out)
			if err != nil {
				return nil, err
			}
			return &out, nil
		},
		find:        func(ctx context.Context) (*Plugin, error) { return c.findPlugin(ctx, accountID, in.Name, in.Version) },
		differences: in.differences,
		importID:    func(found *Plugin) string { return found.ID },
	})
}

// differences lists the arguments an existing plugin does not match.
func (in PluginCreateInput) differences(found *Plugin) []string {
	diffs := differ(nil, "description", in.Description, found.Description)
	diffs = differ(diffs, "icon", in.Icon, found.Icon)
	diffs = differ(diffs, "homepage", in.Homepage, found.Homepage)
	configured, errA := json.Marshal(in.Spec)
	existing, errB := json.Marshal(found.Spec)
	if errA != nil || errB != nil || !jsonEqual(configured, existing) {
		diffs = append(diffs, "spec")
	}
	return diffs
}

// findPlugin returns the live plugin of an account with name and version, or nil.
func (c *Client) findPlugin(ctx context.Context, accountID, name, version string) (*Plugin, error) {
	plugins, err := c.ListPlugins(ctx, accountID)
	if err != nil {
		return nil, err
	}
	for i := range plugins {
		if plugins[i].Name == name && plugins[i].Version == version {
			return &plugins[i], nil
		}
	}
	return nil, nil
}

// GetPlugin reads one plugin; a deleted, unknown or invisible plugin is ErrNotFound.
func (c *Client) GetPlugin(ctx context.Context, id string) (*Plugin, error) {
	var out Plugin
	_, err := c.do(ctx, &request{api: AccountAPI, method: http.MethodGet, path: pluginPath(id), mayRetryBlindly: true}, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// ListPlugins returns the live plugins of an account.
func (c *Client) ListPlugins(ctx context.Context, accountID string) ([]Plugin, error) {
	var out pluginPage
	_, err := c.do(ctx, &request{api: AccountAPI, method: http.MethodGet, path: accountPluginsPath(accountID), mayRetryBlindly: true}, &out)
	if err != nil {
		return nil, err
	}
	if out.Values == nil {
		out.Values = []Plugin{}
	}
	return out.Values, nil
}

// DeletePlugin deletes a plugin. The platform keeps it as deleted (a soft delete): it then answers
// 404 everywhere and its name and version can be registered again.
func (c *Client) DeletePlugin(ctx context.Context, id string) error {
	_, err := c.do(ctx, &request{api: AccountAPI, method: http.MethodDelete, path: pluginPath(id), mayRetryBlindly: true}, nil)
	return err
}
