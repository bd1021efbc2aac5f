package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/client"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/diagnostics"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/planmodifiers"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/validators"
)

var (
	_ resource.Resource                = (*tokenResource)(nil)
	_ resource.ResourceWithConfigure   = (*tokenResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*tokenResource)(nil)
	_ resource.ResourceWithImportState = (*tokenResource)(nil)
)

// NewTokenResource returns the sandbox_token resource.
func NewTokenResource() resource.Resource {
	return &tokenResource{}
}

type tokenResource struct {
	resourceBase
}

type tokenResourceModel struct {
	ID        types.String      `tfsdk:"id"`
	AccountID types.String      `tfsdk:"account_id"`
	ExpiresAt timetypes.RFC3339 `tfsdk:"expires_at"`
	CreatedAt types.String      `tfsdk:"created_at"`
	Secret    types.String      `tfsdk:"secret"`
}

func (r *tokenResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_token"
}

func (r *tokenResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A bearer token of a platform account. The `secret` is returned by the platform only when " +
			"the token is created; the provider keeps it in the state (marked sensitive), so protect the state, or use " +
			"the `sandbox_token` ephemeral resource when a run only needs a short-lived credential. Tokens cannot be " +
			"changed: a new `expires_at` or `account_id` replaces the token. Destroying the resource deletes the token " +
			"for good and its secret stops working at once.\n\n" +
			"An imported token has a null `secret`: the platform never reveals it after creation.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Token id (a UUID).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"account_id": schema.StringAttribute{
				MarkdownDescription: "Id of the account the token acts as. Changing it replaces the token.",
				Required:            true,
				Validators:          []validator.String{validators.UUID()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"expires_at": schema.StringAttribute{
				MarkdownDescription: "When the token stops working, as an RFC 3339 time such as `2100-01-01T00:00:00Z`. " +
					"It must be in the future when the token is created (the plan fails otherwise); a token whose time " +
					"has since passed stays in the state until you change this value. Changing it replaces the token. " +
					"Use a fixed value: `timestamp()` would change, and replace the token, on every run.",
				CustomType: timetypes.RFC3339Type{},
				Required:   true,
				PlanModifiers: []planmodifier.String{
					stringplanmodifier.RequiresReplace(),
					planmodifiers.FutureTimeOnChange(),
				},
			},
			"created_at": schema.StringAttribute{
				MarkdownDescription: "When the platform created the token (RFC 3339).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"secret": schema.StringAttribute{
				MarkdownDescription: "The bearer secret, for the `Authorization: Bearer` header or another provider's " +
					"`token`. Known only from the create response; `null` after an import.",
				Computed:      true,
				Sensitive:     true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

// IdentitySchema declares the resource identity (Terraform 1.12+), the parts of the import id.
func (r *tokenResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identitySchema(identityID, "Token id (a UUID).")
}

func (r *tokenResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer setIdentity(ctx, &resp.State, resp.Identity, &resp.Diagnostics)
	var plan tokenResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	expires, diags := plan.ExpiresAt.ValueRFC3339Time()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	accountID := plan.AccountID.ValueString()
	created, err := r.client.CreateToken(ctx, accountID, client.TokenCreateInput{ExpiresAt: expires})
	if err != nil {
		diagnostics.AddAPIError(&resp.Diagnostics, "create token for account "+accountID, err)
		return
	}
	state := newTokenModel(&created.Token, plan.ExpiresAt)
	state.Secret = types.StringValue(created.Secret)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *tokenResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	setIdentity(ctx, &req.State, resp.Identity, &resp.Diagnostics)
	var state tokenResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	token, err := r.client.GetToken(ctx, id)
	if client.IsNotFound(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		diagnostics.AddAPIError(&resp.Diagnostics, "read token "+id, err)
		return
	}
	next := newTokenModel(token, state.ExpiresAt)
	// The platform never returns the secret again: keep the one from the create (null after an import).
	next.Secret = state.Secret
	resp.Diagnostics.Append(resp.State.Set(ctx, next)...)
}

// Update is never called: every argument requires replacement.
func (r *tokenResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer setIdentity(ctx, &resp.State, resp.Identity, &resp.Diagnostics)
	resp.Diagnostics.AddError("Tokens cannot be updated", "Every argument of sandbox_token forces a new token. This is a bug in the provider; please report it.")
}

func (r *tokenResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state tokenResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	if err := r.client.DeleteToken(ctx, id); err != nil && !client.IsNotFound(err) {
		diagnostics.AddAPIError(&resp.Diagnostics, "delete token "+id, err)
	}
}

func (r *tokenResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importUUID(ctx, "token", req, resp)
}

// newTokenModel maps an API token onto the resource's state. prior is the expires_at text already
// known (plan or state): when it names the same instant as the API's answer it is kept, so a
// different spelling of the same time ("+00:00" for "Z") is not reported as a change.
func newTokenModel(t *client.Token, prior timetypes.RFC3339) tokenResourceModel {
	expires := timetypes.NewRFC3339TimeValue(t.ExpiresAt.UTC())
	if known, diags := prior.ValueRFC3339Time(); !prior.IsNull() && !prior.IsUnknown() && !diags.HasError() && known.Equal(t.ExpiresAt) {
		expires = prior
	}
	return tokenResourceModel{
		ID:        types.StringValue(t.ID),
		AccountID: types.StringValue(t.AccountID),
		ExpiresAt: expires,
		CreatedAt: timeString(t.CreatedAt),
		Secret:    types.StringNull(),
	}
}
