package provider

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/client"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/diagnostics"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/planmodifiers"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/validators"
)

var (
	_ resource.Resource                   = (*pluginResource)(nil)
	_ resource.ResourceWithConfigure      = (*pluginResource)(nil)
	_ resource.ResourceWithImportState    = (*pluginResource)(nil)
	_ resource.ResourceWithValidateConfig = (*pluginResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*pluginResource)(nil)
)

// NewPluginResource returns the sandbox_plugin resource.
func NewPluginResource() resource.Resource {
	return &pluginResource{}
}

type pluginResource struct {
	resourceBase
}

// pluginModel is a plugin as the API describes it; the sandbox_plugins data source lists these.
type pluginModel struct {
	ID          types.String     `tfsdk:"id"`
	AccountID   types.String     `tfsdk:"account_id"`
	Name        types.String     `tfsdk:"name"`
	Version     types.String     `tfsdk:"version"`
	Description types.String     `tfsdk:"description"`
	Icon        types.String     `tfsdk:"icon"`
	Homepage    types.String     `tfsdk:"homepage"`
	Spec        *pluginSpecModel `tfsdk:"spec"`
}

type pluginSpecModel struct {
	Type               types.String         `tfsdk:"type"`
	ProvidedWitPackage types.String         `tfsdk:"provided_wit_package"`
	JSONSchema         jsontypes.Normalized `tfsdk:"json_schema"`
	ValidateURL        types.String         `tfsdk:"validate_url"`
	TransformURL       types.String         `tfsdk:"transform_url"`
	ComponentID        types.String         `tfsdk:"component_id"`
	ComponentRevision  types.Int64          `tfsdk:"component_revision"`
}

// pluginResourceModel adds the local WebAssembly file, which the API never returns.
type pluginResourceModel struct {
	pluginModel
	WasmFile   types.String `tfsdk:"wasm_file"`
	WasmSHA256 types.String `tfsdk:"wasm_sha256"`
}

// pluginDocs describes the attributes the resource and the data source share.
var pluginDocs = map[string]string{
	"id":                   "Plugin id (a UUID).",
	"account_id":           "Id of the account the plugin is registered in.",
	"name":                 "Name of the plugin. Name and version are unique among the account's live plugins.",
	"version":              "Version of the plugin.",
	"description":          "Description of the plugin.",
	"icon":                 "Icon of the plugin as standard base64 with padding, e.g. `filebase64(\"icon.png\")`.",
	"homepage":             "Homepage of the plugin.",
	"spec":                 "What kind of plugin this is, with the fields of its type.",
	"type":                 "Spec type: `ComponentTransformer`, `OplogProcessor`, `App` or `Library`. `App` and `Library` need a WebAssembly binary.",
	"provided_wit_package": "`ComponentTransformer` only: the WIT package the transformer provides.",
	"json_schema":          "`ComponentTransformer` only: JSON schema of the transformer's configuration, as a JSON document (use `jsonencode`). Formatting and key order do not matter.",
	"validate_url":         "`ComponentTransformer` only (required there): URL the platform calls to validate a component.",
	"transform_url":        "`ComponentTransformer` only (required there): URL the platform calls to transform a component.",
	"component_id":         "`OplogProcessor` only (required there): id (a UUID) of the component that processes the oplog.",
	"component_revision":   "`OplogProcessor` only (required there): revision of that component.",
}

// pluginSpecFields says which spec attributes each type requires and which it allows besides.
var pluginSpecFields = map[string]struct{ required, optional []string }{
	client.PluginTypeComponentTransformer: {required: []string{"validate_url", "transform_url"}, optional: []string{"provided_wit_package", "json_schema"}},
	client.PluginTypeOplogProcessor:       {required: []string{"component_id", "component_revision"}},
	client.PluginTypeApp:                  {},
	client.PluginTypeLibrary:              {},
}

// pluginSpecAttributeNames lists the spec attributes other than type, in schema order.
var pluginSpecAttributeNames = []string{"provided_wit_package", "json_schema", "validate_url", "transform_url", "component_id", "component_revision"}

func (r *pluginResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_plugin"
}

func (r *pluginResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	optionalText := func(name string) schema.StringAttribute {
		return schema.StringAttribute{
			MarkdownDescription: pluginDocs[name] + " Defaults to `\"\"`.",
			Optional:            true, Computed: true, Default: stringdefault.StaticString(""),
			PlanModifiers: replace,
		}
	}
	specString := func(name string, validators ...validator.String) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: pluginDocs[name], Optional: true, PlanModifiers: replace, Validators: validators}
	}
	icon := optionalText("icon")
	icon.Validators = []validator.String{validators.Base64()}

	resp.Schema = schema.Schema{
		MarkdownDescription: "A plugin registered in a platform account. The platform has no way to change a plugin, so " +
			"changing any argument (or the content of `wasm_file`) registers a new plugin and deletes the old one. " +
			"Destroying the resource deletes the plugin; the platform keeps it as deleted (a soft delete) and its " +
			"name and version can be registered again. Name and version are unique among an account's live plugins, " +
			"so `create_before_destroy` only works when the replacement has a new version.\n\n" +
			"Import by plugin id. The WebAssembly file cannot be read back from the platform: after an import " +
			"`wasm_file` and `wasm_sha256` are null, and the next apply records them without replacing the plugin.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: pluginDocs["id"],
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"account_id": schema.StringAttribute{
				MarkdownDescription: pluginDocs["account_id"],
				Required:            true,
				Validators:          []validator.String{validators.UUID()},
				PlanModifiers:       replace,
			},
			"name":        schema.StringAttribute{MarkdownDescription: pluginDocs["name"], Required: true, PlanModifiers: replace},
			"version":     schema.StringAttribute{MarkdownDescription: pluginDocs["version"], Required: true, PlanModifiers: replace},
			"description": optionalText("description"),
			"icon":        icon,
			"homepage":    optionalText("homepage"),
			"wasm_file": schema.StringAttribute{
				MarkdownDescription: "Path of the plugin's WebAssembly binary, uploaded as `pluginWasm`. Required to create `App` and " +
					"`Library` plugins (a replacement is a creation too). The file is read when Terraform plans, so it must exist then. Moving the file " +
					"does not replace the plugin; changing its content does (see `wasm_sha256`). An imported plugin may leave it unset " +
					"(configuration generated by Terraform says `wasm_file = null`, as the platform cannot return the binary): set it " +
					"to track the binary, and the next apply records it without replacing the plugin.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"wasm_sha256": schema.StringAttribute{
				MarkdownDescription: "Hex SHA-256 of `wasm_file`, computed when Terraform plans; a new binary forces a new plugin. " +
					"Null without `wasm_file`, and after an import until the next apply.",
				Computed: true,
			},
			"spec": schema.SingleNestedAttribute{
				MarkdownDescription: pluginDocs["spec"] + " Fields that do not belong to the chosen type are refused at plan time.",
				Required:            true,
				Attributes: map[string]schema.Attribute{
					"type": schema.StringAttribute{
						MarkdownDescription: pluginDocs["type"],
						Required:            true,
						Validators:          []validator.String{stringvalidator.OneOf(client.PluginTypes...)},
						PlanModifiers:       replace,
					},
					"provided_wit_package": specString("provided_wit_package"),
					"json_schema": schema.StringAttribute{
						MarkdownDescription: pluginDocs["json_schema"],
						CustomType:          jsontypes.NormalizedType{},
						Optional:            true,
						PlanModifiers:       []planmodifier.String{planmodifiers.RequiresReplaceUnlessSameJSON()},
					},
					"validate_url":  specString("validate_url"),
					"transform_url": specString("transform_url"),
					"component_id":  specString("component_id", validators.UUID()),
					"component_revision": schema.Int64Attribute{
						MarkdownDescription: pluginDocs["component_revision"],
						Optional:            true,
						Validators:          []validator.Int64{int64validator.AtLeast(0)},
						PlanModifiers:       []planmodifier.Int64{int64planmodifier.RequiresReplace()},
					},
				},
			},
		},
	}
}

// IdentitySchema declares the resource identity (Terraform 1.12+), the parts of the import id.
func (r *pluginResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identitySchema(identityID, "Plugin id (a UUID).")
}

// ValidateConfig checks the spec fields against the spec type, so mistakes fail at plan time with
// the attribute named. (ModifyPlan checks that a new App or Library plugin names its WebAssembly file.)
func (r *pluginResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var spec types.Object
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("spec"), &spec)...)
	if resp.Diagnostics.HasError() || spec.IsNull() || spec.IsUnknown() {
		return
	}
	fields := spec.Attributes()
	specType, _ := fields["type"].(types.String)
	rules, known := pluginSpecFields[specType.ValueString()]
	if specType.IsUnknown() || specType.IsNull() || !known {
		return // unknown until apply, or already refused by the type's OneOf validator
	}
	t := specType.ValueString()
	for _, name := range rules.required {
		if fields[name].IsNull() {
			resp.Diagnostics.AddAttributeError(path.Root("spec").AtName(name), "Missing plugin spec field",
				fmt.Sprintf("Attribute spec.%s is required for a %s plugin.", name, t))
		}
	}
	for _, name := range pluginSpecAttributeNames {
		if fields[name].IsNull() || slices.Contains(rules.required, name) || slices.Contains(rules.optional, name) {
			continue
		}
		resp.Diagnostics.AddAttributeError(path.Root("spec").AtName(name), "Plugin spec field does not apply",
			fmt.Sprintf("Attribute spec.%s does not apply to a %s plugin; it belongs to %s plugins.", name, t, ownerOf(name)))
	}
}

// ownerOf names the spec types a spec attribute belongs to.
func ownerOf(name string) string {
	var owners []string
	for _, t := range client.PluginTypes {
		if rules := pluginSpecFields[t]; slices.Contains(rules.required, name) || slices.Contains(rules.optional, name) {
			owners = append(owners, t)
		}
	}
	return strings.Join(owners, ", ")
}

// ModifyPlan computes wasm_sha256 from the file, so a new binary at the same path shows in the plan
// and forces a new plugin. A plugin imported without a hash gets one without being replaced. It refuses
// a plan while the provider's settings are unknown.
func (r *pluginResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	if r.resourceBase.ModifyPlan(ctx, req, resp); resp.Diagnostics.HasError() {
		return
	}
	var wasmFile types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("wasm_file"), &wasmFile)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if req.State.Raw.IsNull() && wasmFile.IsNull() {
		requireWasmForNewPlugin(ctx, req, resp)
	}
	sum := types.StringNull()
	switch {
	case wasmFile.IsUnknown():
		sum = types.StringUnknown()
	case !wasmFile.IsNull():
		_, digest, err := readWasm(wasmFile.ValueString())
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("wasm_file"), "Cannot use wasm_file", "Attribute wasm_file: "+err.Error())
			return
		}
		sum = types.StringValue(digest)
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("wasm_sha256"), sum)...)
	if req.State.Raw.IsNull() {
		return
	}
	var prior types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("wasm_sha256"), &prior)...)
	if !prior.IsNull() && !prior.Equal(sum) {
		resp.RequiresReplace.Append(path.Root("wasm_sha256"))
	}
}

// requireWasmForNewPlugin refuses to register an App or Library plugin without its WebAssembly
// binary. Only creation needs the file (a replacement is planned as a creation too): an imported
// plugin may leave wasm_file unset, since the platform cannot return the binary, so the
// configuration Terraform generates for it (wasm_file = null) is valid and imports cleanly.
func requireWasmForNewPlugin(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var specType types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("spec").AtName("type"), &specType)...)
	if specType.IsUnknown() || !client.PluginTypeNeedsWasm(specType.ValueString()) {
		return
	}
	resp.Diagnostics.AddAttributeError(path.Root("wasm_file"), "Missing WebAssembly file",
		fmt.Sprintf("Attribute wasm_file is required for a new %s plugin: set it to the path of the plugin's .wasm binary.", specType.ValueString()))
}

// wasmMagic starts every WebAssembly binary, core module or component.
var wasmMagic = []byte("\x00asm")

// readWasm reads a WebAssembly binary and returns it with its hex SHA-256.
func readWasm(file string) ([]byte, string, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, "", fmt.Errorf("cannot read the WebAssembly file: %w", err)
	}
	if !bytes.HasPrefix(data, wasmMagic) {
		return nil, "", fmt.Errorf("%s is not a WebAssembly binary (it does not start with \\0asm)", file)
	}
	sum := sha256.Sum256(data)
	return data, hex.EncodeToString(sum[:]), nil
}

// readPlannedWasm reads the plan's wasm_file and checks it is still the binary Terraform planned
// with. It returns nil bytes and a null hash when there is no file.
func readPlannedWasm(plan pluginResourceModel) ([]byte, types.String, error) {
	if plan.WasmFile.IsNull() {
		return nil, types.StringNull(), nil
	}
	data, digest, err := readWasm(plan.WasmFile.ValueString())
	if err != nil {
		return nil, types.StringNull(), err
	}
	if !plan.WasmSHA256.IsUnknown() && plan.WasmSHA256.ValueString() != digest {
		return nil, types.StringNull(), fmt.Errorf("%s changed between plan and apply (SHA-256 %s, planned %s); plan again",
			plan.WasmFile.ValueString(), digest, plan.WasmSHA256.ValueString())
	}
	return data, types.StringValue(digest), nil
}

func (r *pluginResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer setIdentity(ctx, &resp.State, resp.Identity, &resp.Diagnostics)
	var plan pluginResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	wasm, digest, err := readPlannedWasm(plan)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("wasm_file"), "Cannot use wasm_file", err.Error())
		return
	}
	p, err := r.client.CreatePlugin(ctx, plan.AccountID.ValueString(), client.PluginCreateInput{
		Name:        plan.Name.ValueString(),
		Version:     plan.Version.ValueString(),
		Description: plan.Description.ValueString(),
		Icon:        plan.Icon.ValueString(),
		Homepage:    plan.Homepage.ValueString(),
		Spec:        plan.Spec.toClient(),
		Wasm:        wasm,
	})
	if err != nil {
		diagnostics.AddAPIError(&resp.Diagnostics, "register plugin "+plan.Name.ValueString()+" "+plan.Version.ValueString(), err)
		return
	}
	state := pluginResourceModel{pluginModel: newPluginModel(p), WasmFile: plan.WasmFile, WasmSHA256: digest}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *pluginResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	setIdentity(ctx, &req.State, resp.Identity, &resp.Diagnostics)
	var state pluginResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	p, err := r.client.GetPlugin(ctx, state.ID.ValueString())
	if client.IsNotFound(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		diagnostics.AddAPIError(&resp.Diagnostics, "read plugin "+state.ID.ValueString(), err)
		return
	}
	state.pluginModel = newPluginModel(p)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// Update only records what changes without a new plugin: the path of the WebAssembly file (or its
// first hash after an import) and a reformatted JSON schema. Every other change replaces the plugin.
func (r *pluginResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer setIdentity(ctx, &resp.State, resp.Identity, &resp.Diagnostics)
	var plan pluginResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	_, digest, err := readPlannedWasm(plan)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("wasm_file"), "Cannot use wasm_file", err.Error())
		return
	}
	plan.WasmSHA256 = digest
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *pluginResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state pluginResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := r.client.DeletePlugin(ctx, state.ID.ValueString()); err != nil && !client.IsNotFound(err) {
		diagnostics.AddAPIError(&resp.Diagnostics, "delete plugin "+state.ID.ValueString(), err)
	}
}

func (r *pluginResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importUUID(ctx, "plugin", req, resp)
}

// newPluginModel maps an API plugin onto the attributes the resource and data source share.
func newPluginModel(p *client.Plugin) pluginModel {
	return pluginModel{
		ID:          types.StringValue(p.ID),
		AccountID:   types.StringValue(p.AccountID),
		Name:        types.StringValue(p.Name),
		Version:     types.StringValue(p.Version),
		Description: types.StringValue(p.Description),
		Icon:        types.StringValue(p.Icon),
		Homepage:    types.StringValue(p.Homepage),
		Spec:        newPluginSpecModel(p.Spec),
	}
}

func newPluginSpecModel(s client.PluginSpec) *pluginSpecModel {
	m := &pluginSpecModel{
		Type:               types.StringValue(s.Type),
		ProvidedWitPackage: types.StringPointerValue(s.ProvidedWitPackage),
		JSONSchema:         jsontypes.NewNormalizedNull(),
		ValidateURL:        types.StringPointerValue(s.ValidateURL),
		TransformURL:       types.StringPointerValue(s.TransformURL),
		ComponentID:        types.StringPointerValue(s.ComponentID),
		ComponentRevision:  types.Int64Null(),
	}
	if s.JSONSchema != nil {
		m.JSONSchema = jsontypes.NewNormalizedValue(string(s.JSONSchema))
	}
	if s.ComponentRevision != nil {
		m.ComponentRevision = revisionValue(*s.ComponentRevision)
	}
	return m
}

// toClient converts the configured spec; ValidateConfig has already matched its fields to its type.
func (m *pluginSpecModel) toClient() client.PluginSpec {
	spec := client.PluginSpec{
		Type:               m.Type.ValueString(),
		ProvidedWitPackage: m.ProvidedWitPackage.ValueStringPointer(),
		ValidateURL:        m.ValidateURL.ValueStringPointer(),
		TransformURL:       m.TransformURL.ValueStringPointer(),
		ComponentID:        m.ComponentID.ValueStringPointer(),
	}
	if !m.JSONSchema.IsNull() {
		spec.JSONSchema = json.RawMessage(m.JSONSchema.ValueString())
	}
	if !m.ComponentRevision.IsNull() {
		revision := uint64(m.ComponentRevision.ValueInt64())
		spec.ComponentRevision = &revision
	}
	return spec
}
