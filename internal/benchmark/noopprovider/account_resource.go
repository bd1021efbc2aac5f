package main

import (
	"context"
	"crypto/rand"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// accountResource, noop_account, has sandbox_account's shape: the same attributes with the same
// plan modifiers, values of the same size (a UUID id and plan id, a revision, a set of roles) and
// the same resource identity. Terraform's own work per resource grows with what a resource holds
// (it writes the whole state after every change), so this is the floor that moves exactly what
// sandbox_account moves, and stores nothing anywhere.
type accountResource struct{}

var _ resource.ResourceWithIdentity = accountResource{}

type accountModel struct {
	ID       types.String `tfsdk:"id"`
	Name     types.String `tfsdk:"name"`
	Email    types.String `tfsdk:"email"`
	Revision types.Int64  `tfsdk:"revision"`
	PlanID   types.String `tfsdk:"plan_id"`
	Roles    types.Set    `tfsdk:"roles"`
}

type accountIdentity struct {
	ID types.String `tfsdk:"id"`
}

// defaultPlanID is the mock's default plan, the plan_id every new sandbox_account reads.
const defaultPlanID = "b3f60ba2-c1fd-4b3a-a23d-8e876e0ef75d"

func newAccountResource() resource.Resource { return accountResource{} }

func (accountResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_account"
}

func (accountResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"id": schema.StringAttribute{
			Computed:      true,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"name":     schema.StringAttribute{Required: true},
		"email":    schema.StringAttribute{Required: true},
		"revision": schema.Int64Attribute{Computed: true},
		"plan_id": schema.StringAttribute{
			Computed:      true,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"roles": schema.SetAttribute{
			ElementType:   types.StringType,
			Computed:      true,
			PlanModifiers: []planmodifier.Set{setplanmodifier.UseStateForUnknown()},
		},
	}}
}

func (accountResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"id": identityschema.StringAttribute{RequiredForImport: true},
	}}
}

// Create makes up what the API would answer: a random UUID, revision 0, the default plan, no roles.
func (accountResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan accountModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID = types.StringValue(randomUUID())
	plan.Revision = types.Int64Value(0)
	plan.PlanID = types.StringValue(defaultPlanID)
	plan.Roles = types.SetValueMust(types.StringType, []attr.Value{})
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	resp.Diagnostics.Append(resp.Identity.Set(ctx, accountIdentity{ID: plan.ID})...)
}

// Read decodes and re-encodes the state and identity, as a provider that found the object unchanged would.
func (accountResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state accountModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	resp.Diagnostics.Append(resp.Identity.Set(ctx, accountIdentity{ID: state.ID})...)
}

func (accountResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan accountModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.Revision = types.Int64Value(plan.Revision.ValueInt64() + 1)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	resp.Diagnostics.Append(resp.Identity.Set(ctx, accountIdentity{ID: plan.ID})...)
}

func (accountResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

func randomUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
