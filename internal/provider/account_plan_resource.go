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
	_ resource.Resource                = (*accountPlanResource)(nil)
	_ resource.ResourceWithConfigure   = (*accountPlanResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*accountPlanResource)(nil)
	_ resource.ResourceWithImportState = (*accountPlanResource)(nil)
)

// NewAccountPlanResource returns the sandbox_account_plan resource.
func NewAccountPlanResource() resource.Resource {
	return &accountPlanResource{}
}

type accountPlanResource struct {
	resourceBase
}

// accountPlanModel is the state of the resource and of the data source of the same name.
type accountPlanModel struct {
	ID        types.String `tfsdk:"id"`
	AccountID types.String `tfsdk:"account_id"`
	PlanID    types.String `tfsdk:"plan_id"`
	planDetailsModel
}

// planDetailsModel holds what GET plan says about the assigned plan: its name and every limit.
// Limits are numbers because the platform's are unsigned 64-bit (up to 18446744073709551615).
type planDetailsModel struct {
	Name                  types.String `tfsdk:"name"`
	AppLimit              types.Number `tfsdk:"app_limit"`
	EnvLimit              types.Number `tfsdk:"env_limit"`
	ComponentLimit        types.Number `tfsdk:"component_limit"`
	WorkerLimit           types.Number `tfsdk:"worker_limit"`
	WorkerConnectionLimit types.Number `tfsdk:"worker_connection_limit"`
	StorageLimit          types.Number `tfsdk:"storage_limit"`
	MonthlyGasLimit       types.Number `tfsdk:"monthly_gas_limit"`
	MonthlyUploadLimit    types.Number `tfsdk:"monthly_upload_limit"`
	MaxMemoryPerWorker    types.Number `tfsdk:"max_memory_per_worker"`
}

// planLimitDescriptions documents each limit attribute once for the resource and the data source.
var planLimitDescriptions = map[string]string{
	"app_limit":               "Largest number of apps.",
	"env_limit":               "Largest number of environments.",
	"component_limit":         "Largest number of components.",
	"worker_limit":            "Largest number of workers.",
	"worker_connection_limit": "Largest number of worker connections.",
	"storage_limit":           "Storage limit in bytes.",
	"monthly_gas_limit":       "Gas allowed per month.",
	"monthly_upload_limit":    "Upload allowed per month, in bytes.",
	"max_memory_per_worker":   "Memory limit per worker, in bytes.",
}

const planLimitNote = " An unsigned 64-bit number, kept exact (18446744073709551615 means unlimited on some plans)."

// newAccountPlanModel maps an account's plan onto the state.
func newAccountPlanModel(accountID string, p *client.Plan) accountPlanModel {
	return accountPlanModel{
		ID:        types.StringValue(accountID),
		AccountID: types.StringValue(accountID),
		PlanID:    types.StringValue(p.PlanID),
		planDetailsModel: planDetailsModel{
			Name:                  types.StringValue(p.Name),
			AppLimit:              uint64Number(p.AppLimit),
			EnvLimit:              uint64Number(p.EnvLimit),
			ComponentLimit:        uint64Number(p.ComponentLimit),
			WorkerLimit:           uint64Number(p.WorkerLimit),
			WorkerConnectionLimit: uint64Number(p.WorkerConnectionLimit),
			StorageLimit:          uint64Number(p.StorageLimit),
			MonthlyGasLimit:       uint64Number(p.MonthlyGasLimit),
			MonthlyUploadLimit:    uint64Number(p.MonthlyUploadLimit),
			MaxMemoryPerWorker:    uint64Number(p.MaxMemoryPerWorker),
		},
	}
}

func (r *accountPlanResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_account_plan"
}

func (r *accountPlanResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := map[string]schema.Attribute{
		"id": schema.StringAttribute{
			MarkdownDescription: "Same as `account_id`.",
			Computed:            true,
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"account_id": schema.StringAttribute{
			MarkdownDescription: "Id of the account. Changing it moves the assignment to another account (replacement).",
			Required:            true,
			Validators:          []validator.String{validators.UUID()},
			PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
		},
		"plan_id": schema.StringAttribute{
			MarkdownDescription: "Id of the plan to assign, from the platform's plan catalogue. Changing it changes the plan in place.",
			Required:            true,
			Validators:          []validator.String{validators.UUID()},
		},
		"name": schema.StringAttribute{MarkdownDescription: "Name of the assigned plan.", Computed: true},
	}
	for name, description := range planLimitDescriptions {
		attrs[name] = schema.NumberAttribute{MarkdownDescription: description + planLimitNote, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The plan assigned to a platform account, with the plan's limits. Only admins may change " +
			"plans. Plan assignment, roles (`sandbox_account_roles`) and the account itself (`sandbox_account`) may be " +
			"managed side by side: each writes only its own fields and retries when another one moved the account's " +
			"revision.\n\n" +
			"**A plan cannot be unassigned**: destroying this resource only removes it from the Terraform state; the " +
			"account keeps its current plan (assign the default plan first if that is what you want).",
		Attributes: attrs,
	}
}

// IdentitySchema declares the resource identity (Terraform 1.12+), the parts of the import id.
func (r *accountPlanResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identitySchema(identityAccountID, "Id (a UUID) of the account whose plan assignment this is.")
}

func (r *accountPlanResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer setIdentity(ctx, &resp.State, resp.Identity, &resp.Diagnostics)
	r.assign(ctx, req.Plan.Get, &resp.State, &resp.Diagnostics)
}

func (r *accountPlanResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer setIdentity(ctx, &resp.State, resp.Identity, &resp.Diagnostics)
	r.assign(ctx, req.Plan.Get, &resp.State, &resp.Diagnostics)
}

// assign puts the planned plan on the account at its current revision, then reads the plan's limits.
func (r *accountPlanResource) assign(ctx context.Context, getPlan func(context.Context, any) diag.Diagnostics, state *tfsdk.State, diags *diag.Diagnostics) {
	var plan accountPlanModel
	diags.Append(getPlan(ctx, &plan)...)
	if diags.HasError() {
		return
	}
	accountID, planID := plan.AccountID.ValueString(), plan.PlanID.ValueString()
	_, err := r.client.UpdateAtCurrentRevision(ctx, accountID, client.RevisionHint{}, func(revision uint64) (*client.Account, error) {
		return r.client.SetAccountPlan(ctx, accountID, client.AccountSetPlanInput{CurrentRevision: revision, Plan: planID})
	})
	if err != nil {
		diagnostics.AddAPIError(diags, "assign plan "+planID+" to account "+accountID, err)
		return
	}
	assigned, err := r.client.GetAccountPlan(ctx, accountID)
	if err != nil {
		diagnostics.AddAPIError(diags, "read the plan of account "+accountID, err)
		return
	}
	diags.Append(state.Set(ctx, newAccountPlanModel(accountID, assigned))...)
}

func (r *accountPlanResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	setIdentity(ctx, &req.State, resp.Identity, &resp.Diagnostics)
	var state accountPlanModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	accountID := state.AccountID.ValueString()
	assigned, err := r.client.GetAccountPlan(ctx, accountID)
	if client.IsNotFound(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		diagnostics.AddAPIError(&resp.Diagnostics, "read the plan of account "+accountID, err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, newAccountPlanModel(accountID, assigned))...)
}

// Delete only forgets the assignment: the platform has no way to unassign a plan.
func (r *accountPlanResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

func (r *accountPlanResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importAccountScoped(ctx, "plan assignment", req, resp)
}
