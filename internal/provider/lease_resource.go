package provider

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/float64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
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
	_ resource.Resource                = (*leaseResource)(nil)
	_ resource.ResourceWithConfigure   = (*leaseResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*leaseResource)(nil)
	_ resource.ResourceWithImportState = (*leaseResource)(nil)
)

// defaultLeaseCreateTimeout bounds the wait for a named account that is still being reset.
const defaultLeaseCreateTimeout = 20 * time.Minute

// NewLeaseResource returns the sandbox_lease resource.
func NewLeaseResource() resource.Resource {
	return &leaseResource{}
}

type leaseResource struct {
	resourceBase
}

// leaseModel is a lease's attributes, shared by the resource and the elements of data.sandbox_leases.
type leaseModel struct {
	ID                       types.String  `tfsdk:"id"`
	PrincipalID              types.String  `tfsdk:"principal_id"`
	AccountID                types.String  `tfsdk:"account_id"`
	BudgetAmount             types.Float64 `tfsdk:"budget_amount"`
	BudgetCurrency           types.String  `tfsdk:"budget_currency"`
	BudgetNotificationEmails types.List    `tfsdk:"budget_notification_emails"`
	ExpiresOn                types.String  `tfsdk:"expires_on"`
	LeaseStatus              types.String  `tfsdk:"lease_status"`
	LeaseStatusReason        types.String  `tfsdk:"lease_status_reason"`
	CreatedOn                types.String  `tfsdk:"created_on"`
	LastModifiedOn           types.String  `tfsdk:"last_modified_on"`
	LeaseStatusModifiedOn    types.String  `tfsdk:"lease_status_modified_on"`
}

type leaseResourceModel struct {
	leaseModel
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

func (r *leaseResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_lease"
}

// computedString is a read-only attribute that keeps its state value in plans: a lease never
// changes in place, so its computed values only change when it is replaced.
func computedString(description string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: description,
		Computed:            true,
		PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
}

func (r *leaseResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replaceString := []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A lease of a pool account to a principal. The Lease API cannot change a lease, so every " +
			"argument forces a new lease. A lease that ends on the platform (expired, over budget, ended by an " +
			"operator) is removed from the state with a warning, and the next apply creates a new one. Destroying " +
			"the resource ends the lease.",
		Attributes: map[string]schema.Attribute{
			"id": computedString("Lease id (a UUID)."),
			"principal_id": schema.StringAttribute{
				MarkdownDescription: "Principal (user) the account is leased to. A principal may hold one active lease.",
				Required:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"account_id": schema.StringAttribute{
				MarkdownDescription: "Pool account to lease (12 digits). When unset, the pool picks a `Ready` account. " +
					"When set and the account is still being reset, creation waits for it (see `timeouts`).",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{validators.AWSAccountID()},
				PlanModifiers: replaceString,
			},
			"budget_amount": schema.Float64Attribute{
				MarkdownDescription: "Budget of the lease, more than 0; the platform's default (and maximum) is 1000.",
				Optional:            true,
				Computed:            true,
				// A budget of 0 is spent at once: the platform ends the lease and every plan replaces it.
				Validators:    []validator.Float64{validators.Float64GreaterThan(0)},
				PlanModifiers: []planmodifier.Float64{float64planmodifier.UseStateForUnknown(), float64planmodifier.RequiresReplace()},
			},
			"budget_currency": schema.StringAttribute{
				MarkdownDescription: "Currency of the budget, e.g. `USD`.",
				Optional:            true,
				Computed:            true,
				PlanModifiers:       replaceString,
			},
			"budget_notification_emails": schema.ListAttribute{
				MarkdownDescription: "Addresses told when the lease nears its budget.",
				ElementType:         types.StringType,
				Optional:            true,
				Computed:            true,
				Validators:          []validator.List{listvalidator.ValueStringsAre(validators.Email())},
				PlanModifiers:       []planmodifier.List{listplanmodifier.UseStateForUnknown(), listplanmodifier.RequiresReplace()},
			},
			"expires_on": schema.StringAttribute{
				MarkdownDescription: "When the lease ends (RFC 3339, whole seconds), at most a week ahead; it must be in " +
					"the future whenever a lease is created. The platform's default is a week after creation.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{validators.RFC3339()},
				// A replacement is planned again with no prior state, so this also checks the
				// expiry of a lease replaced because another argument changed.
				PlanModifiers: append(replaceString[:2:2], planmodifiers.FutureTimeOnChange()),
			},
			"lease_status":             computedString("`Active`, or `Inactive` once the lease has ended."),
			"lease_status_reason":      computedString("Why the lease has its status: `Active`, `Destroyed`, `Expired`, `OverBudget`, `OverPrincipalBudget`, `Rollback` or `LeaseAccountOrphaned`."),
			"created_on":               computedString("When the lease was created (RFC 3339)."),
			"last_modified_on":         computedString("When the lease last changed (RFC 3339)."),
			"lease_status_modified_on": computedString("When the lease's status last changed (RFC 3339)."),
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, CreateDescription: "How long a create may wait " +
				"for a named `account_id` that is still being reset (`NotReady`, as after its previous lease ended) " +
				"before leasing it, as a duration such as `30m` or `1h` (units `s`, `m`, `h`). Defaults to `" +
				defaultLeaseCreateTimeout.String() + "`."}),
		},
	}
}

// IdentitySchema declares the resource identity (Terraform 1.12+), the parts of the import id.
func (r *leaseResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identitySchema(identityID, "Lease id (a UUID).")
}

func (r *leaseResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer setIdentity(ctx, &resp.State, resp.Identity, &resp.Diagnostics)
	var plan leaseResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultLeaseCreateTimeout)
	resp.Diagnostics.Append(diags...)
	in, diags := leaseCreateInput(ctx, plan)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if in.AccountID != "" && !r.waitWhileResetting(ctx, in.AccountID, timeout, &resp.Diagnostics) {
		return
	}
	// The create timeout also bounds settling a create whose answer was lost.
	createCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	lease, err := r.client.CreateLease(createCtx, in)
	if err != nil {
		r.addCreateError(ctx, in, err, &resp.Diagnostics)
		return
	}
	if in.AccountID != "" && lease.AccountID != in.AccountID {
		// DCE ignores the requested account and leases the first Ready one; do not keep a lease of
		// an account the configuration did not ask for.
		endErr := r.client.EndLease(ctx, lease.PrincipalID, lease.AccountID)
		msg := fmt.Sprintf("The platform leased account %s instead of the requested account %s (not Ready, or already leased).", lease.AccountID, in.AccountID)
		if endErr != nil {
			msg += " Ending that lease failed too: " + endErr.Error()
		} else {
			msg += " The provider ended that lease."
		}
		resp.Diagnostics.AddAttributeError(path.Root("account_id"), "Requested account was not leased", msg)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, newLeaseModel(lease, plan))...)
}

// leaseCreateInput builds the API request from the plan; unset optional arguments are left to the platform.
func leaseCreateInput(ctx context.Context, plan leaseResourceModel) (client.LeaseCreateInput, diag.Diagnostics) {
	in := client.LeaseCreateInput{PrincipalID: plan.PrincipalID.ValueString()}
	if known(plan.AccountID) {
		in.AccountID = plan.AccountID.ValueString()
	}
	if !plan.BudgetAmount.IsNull() && !plan.BudgetAmount.IsUnknown() {
		amount := plan.BudgetAmount.ValueFloat64()
		in.BudgetAmount = &amount
	}
	if known(plan.BudgetCurrency) {
		in.BudgetCurrency = plan.BudgetCurrency.ValueString()
	}
	var diags diag.Diagnostics
	if !plan.BudgetNotificationEmails.IsNull() && !plan.BudgetNotificationEmails.IsUnknown() {
		diags.Append(plan.BudgetNotificationEmails.ElementsAs(ctx, &in.BudgetNotificationEmails, false)...)
	}
	expires, err := parseTime(plan.ExpiresOn)
	if err != nil {
		diags.AddAttributeError(path.Root("expires_on"), "Invalid expires_on", err.Error())
	}
	in.ExpiresOn = expires
	return in, diags
}

func known(v types.String) bool { return !v.IsNull() && !v.IsUnknown() && v.ValueString() != "" }

// waitWhileResetting waits until a named pool account has finished its reset (a lease just ended
// sends it through NotReady), so a replaced lease can take the same account again.
func (r *leaseResource) waitWhileResetting(ctx context.Context, accountID string, timeout time.Duration, diags *diag.Diagnostics) bool {
	waitCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	_, err := r.client.WaitForPoolAccount(waitCtx, accountID, func(a *client.PoolAccount) bool {
		return a.AccountStatus != client.PoolAccountNotReady
	})
	switch {
	case err == nil:
		return true
	case client.IsNotFound(err):
		diags.AddAttributeError(path.Root("account_id"), "Pool account not found",
			"There is no account "+accountID+" in the pool. Add it with sandbox_pool_account first.")
	case waitCtx.Err() != nil:
		diags.AddAttributeError(path.Root("account_id"), "Pool account not Ready",
			"Account "+accountID+" was still being reset after "+timeout.String()+". Raise timeouts.create, or try again later.")
	default:
		diagnostics.AddAPIError(diags, "read pool account "+accountID, err)
	}
	return false
}

// addCreateError explains the failures a user can act on: a principal that already holds a lease,
// and a pool with no Ready account.
func (r *leaseResource) addCreateError(ctx context.Context, in client.LeaseCreateInput, err error, diags *diag.Diagnostics) {
	switch {
	case client.IsConflict(err):
		detail := "Principal " + in.PrincipalID + " already has an active lease, and a principal may hold only one."
		if active, lookupErr := r.client.ActiveLeaseOf(ctx, in.PrincipalID); lookupErr == nil && active != nil {
			detail += fmt.Sprintf(" It is lease %s of account %s. To manage it with this resource, add this block "+
				"(NAME is this resource's name, shown with this message) and apply again, or end the lease first:\n\n%s",
				active.ID, active.AccountID, diagnostics.ImportBlock("sandbox_lease", active.ID))
		}
		diags.AddAttributeError(path.Root("principal_id"), "Principal already has an active lease", detail+"\n\n"+err.Error())
	case client.StatusCode(err) == http.StatusInternalServerError && in.AccountID == "":
		diagnostics.AddAPIError(diags, "create lease", err)
		diags.AddWarning("No Ready account in the pool",
			"When account_id is unset the platform leases any Ready pool account; add accounts with sandbox_pool_account, or wait for leased ones to be reset.")
	default:
		diagnostics.AddAPIError(diags, "create lease for "+in.PrincipalID, err)
	}
}

// Read removes a lease that is gone or no longer active: an ended lease cannot be revived, so the
// next plan creates a new one.
func (r *leaseResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	setIdentity(ctx, &req.State, resp.Identity, &resp.Diagnostics)
	var state leaseResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	lease, err := r.client.GetLease(ctx, id)
	if client.IsNotFound(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		diagnostics.AddAPIError(&resp.Diagnostics, "read lease "+id, err)
		return
	}
	if lease.LeaseStatus == client.LeaseInactive {
		resp.Diagnostics.AddWarning("Lease "+id+" has ended",
			fmt.Sprintf("Lease %s of account %s to %s is Inactive (reason: %s), so it was removed from the state; the next apply creates a new lease.",
				id, lease.AccountID, lease.PrincipalID, lease.LeaseStatusReason))
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, newLeaseModel(lease, state))...)
}

// Update is never needed (every argument forces replacement); it only carries the plan, e.g. a new timeouts block.
func (r *leaseResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer setIdentity(ctx, &resp.State, resp.Identity, &resp.Diagnostics)
	var plan leaseResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *leaseResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state leaseResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := r.client.EndLease(ctx, state.PrincipalID.ValueString(), state.AccountID.ValueString()); err != nil {
		diagnostics.AddAPIError(&resp.Diagnostics, "end lease "+state.ID.ValueString(), err)
	}
}

func (r *leaseResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importUUID(ctx, "lease", req, resp)
}

// newLeaseModel maps an API lease onto the resource's state; prior supplies the timeouts and the
// configured spelling of expires_on.
func newLeaseModel(l *client.Lease, prior leaseResourceModel) leaseResourceModel {
	m := leaseResourceModel{leaseModel: newLeaseItem(l), Timeouts: prior.Timeouts}
	m.ExpiresOn = timeValueKeeping(l.ExpiresOn, prior.ExpiresOn)
	return m
}

// newLeaseItem maps an API lease onto Terraform values.
func newLeaseItem(l *client.Lease) leaseModel {
	return leaseModel{
		ID:                       types.StringValue(l.ID),
		PrincipalID:              types.StringValue(l.PrincipalID),
		AccountID:                types.StringValue(l.AccountID),
		BudgetAmount:             types.Float64Value(l.BudgetAmount),
		BudgetCurrency:           types.StringValue(l.BudgetCurrency),
		BudgetNotificationEmails: nonEmptyStrings(l.BudgetNotificationEmails),
		ExpiresOn:                timeValue(l.ExpiresOn),
		LeaseStatus:              types.StringValue(l.LeaseStatus),
		LeaseStatusReason:        types.StringValue(l.LeaseStatusReason),
		CreatedOn:                timeValue(l.CreatedOn),
		LastModifiedOn:           timeValue(l.LastModifiedOn),
		LeaseStatusModifiedOn:    timeValue(l.LeaseStatusModifiedOn),
	}
}
