package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/client"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/diagnostics"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/validators"
)

var (
	_ resource.Resource                = (*poolAccountResource)(nil)
	_ resource.ResourceWithConfigure   = (*poolAccountResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*poolAccountResource)(nil)
	_ resource.ResourceWithImportState = (*poolAccountResource)(nil)
)

// defaultPoolAccountCreateTimeout bounds the wait for a new account's reset; the real platform takes minutes.
const defaultPoolAccountCreateTimeout = 20 * time.Minute

// NewPoolAccountResource returns the sandbox_pool_account resource.
func NewPoolAccountResource() resource.Resource {
	return &poolAccountResource{}
}

type poolAccountResource struct {
	resourceBase
}

// poolAccountModel is a pool account's attributes, shared by the resource and the elements of
// data.sandbox_pool_accounts.
type poolAccountModel struct {
	ID                  types.String         `tfsdk:"id"`
	AdminRoleArn        types.String         `tfsdk:"admin_role_arn"`
	Metadata            jsontypes.Normalized `tfsdk:"metadata"`
	AccountStatus       types.String         `tfsdk:"account_status"`
	PrincipalRoleArn    types.String         `tfsdk:"principal_role_arn"`
	PrincipalPolicyHash types.String         `tfsdk:"principal_policy_hash"`
	CreatedOn           types.String         `tfsdk:"created_on"`
	LastModifiedOn      types.String         `tfsdk:"last_modified_on"`
}

type poolAccountResourceModel struct {
	poolAccountModel
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

func (r *poolAccountResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_pool_account"
}

func (r *poolAccountResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "An AWS account in the Lease API's pool. A new account is `NotReady` while the platform " +
			"resets it; creation waits until it is `Ready` (see `timeouts`). An account that is leased cannot be " +
			"destroyed: end its lease first.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "AWS account id (12 digits). Changing it replaces the pool account.",
				Required:            true,
				Validators:          []validator.String{validators.AWSAccountID()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"admin_role_arn": schema.StringAttribute{
				MarkdownDescription: "ARN of the IAM role in the account that the platform assumes to manage it.",
				Required:            true,
				Validators:          []validator.String{validators.ARN()},
			},
			"metadata": schema.StringAttribute{
				MarkdownDescription: "Free-form metadata as a JSON object, e.g. `jsonencode({ team = \"platform\" })`. " +
					"Compared as normalized JSON, so formatting differences are not changes.",
				CustomType: jsontypes.NormalizedType{},
				Optional:   true,
				Validators: []validator.String{validators.JSONObject()},
			},
			"account_status": schema.StringAttribute{
				MarkdownDescription: "Status in the pool: `NotReady` (being reset), `Ready`, `Leased` or `Orphaned`.",
				Computed:            true,
			},
			"principal_role_arn": schema.StringAttribute{
				MarkdownDescription: "ARN of the role leaseholders assume in the account, created by the platform.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"principal_policy_hash": schema.StringAttribute{
				MarkdownDescription: "S3 ETag of the principal policy applied to the account, verbatim (with its quotes).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"created_on": schema.StringAttribute{
				MarkdownDescription: "When the account joined the pool (RFC 3339).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"last_modified_on": schema.StringAttribute{
				MarkdownDescription: "When the account last changed (RFC 3339).",
				Computed:            true,
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, CreateDescription: "How long a create waits for " +
				"the new account to become `Ready`, as a duration such as `30m` or `1h` (units `s`, `m`, `h`). " +
				"Defaults to `" + defaultPoolAccountCreateTimeout.String() + "`."}),
		},
	}
}

// IdentitySchema declares the resource identity (Terraform 1.12+), the parts of the import id.
func (r *poolAccountResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identitySchema(identityID, "AWS account id (12 digits) of the pool account.")
}

// Create adds the account, saves it at once (so a timeout leaves it tainted in the state, not
// orphaned on the platform), then waits until the reset is done.
func (r *poolAccountResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer setIdentity(ctx, &resp.State, resp.Identity, &resp.Diagnostics)
	var plan poolAccountResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultPoolAccountCreateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	in := client.PoolAccountCreateInput{ID: plan.ID.ValueString(), AdminRoleArn: plan.AdminRoleArn.ValueString()}
	if !plan.Metadata.IsNull() {
		in.Metadata = metadataToSend(plan.Metadata)
	}
	// The create timeout also bounds settling a create whose answer was lost.
	createCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	account, err := r.client.CreatePoolAccount(createCtx, in)
	if err != nil {
		diagnostics.AddAPIError(&resp.Diagnostics, "add account "+in.ID+" to the pool", err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, newPoolAccountModel(account, plan))...)
	if resp.Diagnostics.HasError() {
		return
	}
	waitCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	ready, err := r.client.WaitForPoolAccount(waitCtx, in.ID, func(a *client.PoolAccount) bool {
		return a.AccountStatus != client.PoolAccountNotReady
	})
	if ready != nil {
		resp.Diagnostics.Append(resp.State.Set(ctx, newPoolAccountModel(ready, plan))...)
	}
	if err != nil {
		resp.Diagnostics.AddError("Pool account "+in.ID+" did not become Ready",
			"The account was added to the pool but was still being reset after "+timeout.String()+" ("+err.Error()+"). "+
				"Raise timeouts.create, or apply again to replace it.")
	}
}

func (r *poolAccountResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	setIdentity(ctx, &req.State, resp.Identity, &resp.Diagnostics)
	var state poolAccountResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	account, err := r.client.GetPoolAccount(ctx, state.ID.ValueString())
	if client.IsNotFound(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		diagnostics.AddAPIError(&resp.Diagnostics, "read pool account "+state.ID.ValueString(), err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, newPoolAccountModel(account, state))...)
}

func (r *poolAccountResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer setIdentity(ctx, &resp.State, resp.Identity, &resp.Diagnostics)
	var plan poolAccountResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := plan.ID.ValueString()
	account, err := r.client.UpdatePoolAccount(ctx, id, client.PoolAccountUpdateInput{
		AdminRoleArn: plan.AdminRoleArn.ValueString(),
		Metadata:     metadataToSend(plan.Metadata),
	})
	if err != nil {
		diagnostics.AddAPIError(&resp.Diagnostics, "update pool account "+id, err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, newPoolAccountModel(account, plan))...)
}

func (r *poolAccountResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state poolAccountResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	err := r.client.DeletePoolAccount(ctx, id)
	switch {
	case err == nil, client.IsNotFound(err):
	case client.IsConflict(err):
		resp.Diagnostics.AddError("Cannot remove pool account "+id,
			"account is leased: end its lease first (destroy the sandbox_lease of account "+id+
				", or end the lease on the platform), then destroy the pool account again.\n\n"+err.Error())
	default:
		diagnostics.AddAPIError(&resp.Diagnostics, "remove pool account "+id, err)
	}
}

func (r *poolAccountResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importAWSAccountID(ctx, "pool account", req, resp)
}

// newPoolAccountModel maps an API account onto the resource's state; prior supplies the timeouts
// and the configured spelling of the metadata.
func newPoolAccountModel(a *client.PoolAccount, prior poolAccountResourceModel) poolAccountResourceModel {
	return poolAccountResourceModel{poolAccountModel: newPoolAccountItem(a, prior.Metadata), Timeouts: prior.Timeouts}
}

// newPoolAccountItem maps an API account onto Terraform values.
func newPoolAccountItem(a *client.PoolAccount, priorMetadata jsontypes.Normalized) poolAccountModel {
	return poolAccountModel{
		ID:                  types.StringValue(a.ID),
		AdminRoleArn:        types.StringValue(a.AdminRoleArn),
		Metadata:            metadataValue(a.Metadata, priorMetadata),
		AccountStatus:       types.StringValue(a.AccountStatus),
		PrincipalRoleArn:    types.StringValue(a.PrincipalRoleArn),
		PrincipalPolicyHash: types.StringValue(a.PrincipalPolicyHash),
		CreatedOn:           timeValue(a.CreatedOn),
		LastModifiedOn:      timeValue(a.LastModifiedOn),
	}
}
