package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/client"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/diagnostics"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/validators"
)

var (
	_ resource.Resource                = (*accountRolesResource)(nil)
	_ resource.ResourceWithConfigure   = (*accountRolesResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*accountRolesResource)(nil)
	_ resource.ResourceWithImportState = (*accountRolesResource)(nil)
)

// NewAccountRolesResource returns the sandbox_account_roles resource.
func NewAccountRolesResource() resource.Resource {
	return &accountRolesResource{}
}

type accountRolesResource struct {
	resourceBase
}

type accountRolesModel struct {
	ID        types.String `tfsdk:"id"`
	AccountID types.String `tfsdk:"account_id"`
	Roles     types.Set    `tfsdk:"roles"`
}

func (r *accountRolesResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_account_roles"
}

func (r *accountRolesResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The roles of a platform account, managed as a whole: roles set on the platform but not " +
			"listed here are removed. Only admins may change roles. Destroying the resource removes every role " +
			"(the account itself stays). Manage each account's roles with one resource only; `sandbox_account` and " +
			"`sandbox_account_plan` on the same account are fine beside it.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Same as `account_id`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"account_id": schema.StringAttribute{
				MarkdownDescription: "Id of the account. Changing it replaces the resource (the old account loses its roles).",
				Required:            true,
				Validators:          []validator.String{validators.UUID()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"roles": schema.SetAttribute{
				MarkdownDescription: "Every role the account has: `admin` (may do everything, on every account) and " +
					"`marketing-admin` (may read platform statistics). An empty set removes every role.",
				ElementType: types.StringType,
				Required:    true,
				Validators:  []validator.Set{validators.RoleNames()},
			},
		},
	}
}

// IdentitySchema declares the resource identity (Terraform 1.12+), the parts of the import id.
func (r *accountRolesResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identitySchema(identityAccountID, "Id (a UUID) of the account whose roles these are.")
}

func (r *accountRolesResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer setIdentity(ctx, &resp.State, resp.Identity, &resp.Diagnostics)
	r.write(ctx, req.Plan.Get, &resp.State, &resp.Diagnostics)
}

func (r *accountRolesResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	setIdentity(ctx, &req.State, resp.Identity, &resp.Diagnostics)
	var state accountRolesModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	accountID := state.AccountID.ValueString()
	account, err := r.client.GetAccount(ctx, accountID)
	if client.IsNotFound(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		diagnostics.AddAPIError(&resp.Diagnostics, "read the roles of account "+accountID, err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, newAccountRolesModel(account))...)
}

func (r *accountRolesResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer setIdentity(ctx, &resp.State, resp.Identity, &resp.Diagnostics)
	r.write(ctx, req.Plan.Get, &resp.State, &resp.Diagnostics)
}

// write puts the planned roles on the account and stores what the platform answered.
func (r *accountRolesResource) write(ctx context.Context, getPlan func(context.Context, any) diag.Diagnostics, state *tfsdk.State, diags *diag.Diagnostics) {
	var plan accountRolesModel
	diags.Append(getPlan(ctx, &plan)...)
	if diags.HasError() {
		return
	}
	var roles []string
	diags.Append(plan.Roles.ElementsAs(ctx, &roles, false)...)
	if diags.HasError() {
		return
	}
	accountID := plan.AccountID.ValueString()
	updated, err := r.setRoles(ctx, accountID, roles)
	if err != nil {
		diagnostics.AddAPIError(diags, "set the roles of account "+accountID, err)
		return
	}
	diags.Append(state.Set(ctx, newAccountRolesModel(updated))...)
}

// Delete takes every role away; an account already gone has none left to take.
func (r *accountRolesResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state accountRolesModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	accountID := state.AccountID.ValueString()
	if _, err := r.setRoles(ctx, accountID, []string{}); err != nil && !client.IsNotFound(err) {
		diagnostics.AddAPIError(&resp.Diagnostics, "remove the roles of account "+accountID, err)
	}
}

// setRoles replaces the account's roles at its current revision, re-reading it when another
// writer (the account or its plan assignment) moved the revision first.
func (r *accountRolesResource) setRoles(ctx context.Context, accountID string, roles []string) (*client.Account, error) {
	return r.client.UpdateAtCurrentRevision(ctx, accountID, client.RevisionHint{}, func(revision uint64) (*client.Account, error) {
		return r.client.SetAccountRoles(ctx, accountID, client.AccountSetRolesInput{CurrentRevision: revision, Roles: roles})
	})
}

func (r *accountRolesResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importAccountScoped(ctx, "roles", req, resp)
}

func newAccountRolesModel(a *client.Account) accountRolesModel {
	return accountRolesModel{ID: types.StringValue(a.ID), AccountID: types.StringValue(a.ID), Roles: stringSet(a.Roles)}
}
