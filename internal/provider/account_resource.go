package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/client"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/diagnostics"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/validators"
)

var (
	_ resource.Resource                = (*accountResource)(nil)
	_ resource.ResourceWithConfigure   = (*accountResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*accountResource)(nil)
	_ resource.ResourceWithImportState = (*accountResource)(nil)
)

// NewAccountResource returns the sandbox_account resource.
func NewAccountResource() resource.Resource {
	return &accountResource{}
}

type accountResource struct {
	resourceBase
}

type accountResourceModel struct {
	ID       types.String `tfsdk:"id"`
	Name     types.String `tfsdk:"name"`
	Email    types.String `tfsdk:"email"`
	Revision types.Int64  `tfsdk:"revision"`
	PlanID   types.String `tfsdk:"plan_id"`
	Roles    types.Set    `tfsdk:"roles"`
}

func (r *accountResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_account"
}

func (r *accountResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A platform account of the Account API. New accounts get the default plan and no roles; " +
			"manage those with `sandbox_account_plan` and `sandbox_account_roles`. Destroying the resource deletes the " +
			"account (a soft delete: its tokens stop working and its email becomes free).\n\n" +
			"`terraform query` cannot find accounts: the Account API has no endpoint that lists them. Import an " +
			"account by its id (as the import id, or `identity = { id = ... }` in an import block).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Account id (a UUID).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "Display name of the account.",
				Required:            true,
			},
			"email": schema.StringAttribute{
				MarkdownDescription: "Email address of the account, unique among live accounts.",
				Required:            true,
				Validators:          []validator.String{validators.Email()},
			},
			"revision": schema.Int64Attribute{
				MarkdownDescription: "Current revision of the account. Every write to the account (including plan and role changes by other resources) adds one.",
				Computed:            true,
			},
			"plan_id": schema.StringAttribute{
				MarkdownDescription: "Id of the plan assigned to the account. Read-only here; set it with `sandbox_account_plan`.",
				Computed:            true,
				// This resource never writes the plan, so an update keeps the value last read.
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"roles": schema.SetAttribute{
				MarkdownDescription: "Roles of the account. Read-only here; set them with `sandbox_account_roles`.",
				ElementType:         types.StringType,
				Computed:            true,
				// This resource never writes the roles, so an update keeps the value last read.
				PlanModifiers: []planmodifier.Set{setplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

// IdentitySchema declares the resource identity (Terraform 1.12+), the parts of the import id.
func (r *accountResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identitySchema(identityID, "Account id (a UUID).")
}

func (r *accountResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer setIdentity(ctx, &resp.State, resp.Identity, &resp.Diagnostics)
	var plan accountResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	account, err := r.client.CreateAccount(ctx, client.AccountCreateInput{
		Name:  plan.Name.ValueString(),
		Email: plan.Email.ValueString(),
	})
	if err != nil {
		diagnostics.AddAPIError(&resp.Diagnostics, "create account", err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, newAccountModel(account))...)
}

func (r *accountResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	setIdentity(ctx, &req.State, resp.Identity, &resp.Diagnostics)
	// A refresh needs only the id; reading and writing the state without reflecting over the model
	// keeps the per-resource cost of a plan down (setState).
	var id types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
	if resp.Diagnostics.HasError() {
		return
	}
	account, err := r.client.GetAccount(ctx, id.ValueString())
	if client.IsNotFound(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		diagnostics.AddAPIError(&resp.Diagnostics, "read account "+id.ValueString(), err)
		return
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, newAccountModel(account))...)
}

func (r *accountResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer setIdentity(ctx, &resp.State, resp.Identity, &resp.Diagnostics)
	var plan, prior accountResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := plan.ID.ValueString()
	name, email := plan.Name.ValueString(), plan.Email.ValueString()
	updated, err := r.client.UpdateAtCurrentRevision(ctx, id, stateRevision(prior.Revision), func(revision uint64) (*client.Account, error) {
		return r.client.UpdateAccount(ctx, id, client.AccountUpdateInput{CurrentRevision: revision, Name: &name, Email: &email})
	})
	if err != nil {
		diagnostics.AddAPIError(&resp.Diagnostics, "update account "+id, err)
		return
	}
	// The plan kept plan_id and roles as last read, and the answer may already show another
	// writer's change to them (a sandbox_account_plan applied in parallel): keep the planned values,
	// as Terraform requires, and let the next refresh read the new ones.
	m := newAccountModel(updated)
	m.PlanID, m.Roles = plan.PlanID, plan.Roles
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (r *accountResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state accountResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	// The state's revision was refreshed earlier in this run, so the delete is sent at it first.
	err := r.client.WithCurrentRevision(ctx, id, stateRevision(state.Revision), func(revision uint64) error {
		return r.client.DeleteAccount(ctx, id, revision)
	})
	if err != nil && !client.IsNotFound(err) {
		diagnostics.AddAPIError(&resp.Diagnostics, "delete account "+id, err)
	}
}

func (r *accountResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importUUID(ctx, "account", req, resp)
}

// newAccountModel maps an API account onto the resource's state.
func newAccountModel(a *client.Account) accountResourceModel {
	return accountResourceModel{
		ID:       types.StringValue(a.ID),
		Name:     types.StringValue(a.Name),
		Email:    types.StringValue(a.Email),
		Revision: revisionValue(a.Revision),
		PlanID:   types.StringValue(a.PlanID),
		Roles:    stringSet(a.Roles),
	}
}
