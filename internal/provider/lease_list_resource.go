package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/client"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/validators"
)

var (
	_ list.ListResource              = (*leaseListResource)(nil)
	_ list.ListResourceWithConfigure = (*leaseListResource)(nil)
)

// NewLeaseListResource returns the sandbox_lease list resource, which finds leases for `terraform query`.
func NewLeaseListResource() list.ListResource {
	return &leaseListResource{}
}

// leaseListResource shares the resource's name and client.
type leaseListResource struct {
	leaseResource
}

type leaseListConfigModel struct {
	PrincipalID types.String `tfsdk:"principal_id"`
	AccountID   types.String `tfsdk:"account_id"`
	Status      types.String `tfsdk:"status"`
}

func (r *leaseListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds leases of the Lease API, following every page of the answer (the `Link` header). " +
			"Only `Active` leases unless `status` says otherwise: an ended lease cannot be managed (`sandbox_lease` " +
			"removes it from the state), so importing one adopts nothing.",
		Attributes: map[string]schema.Attribute{
			"principal_id": schema.StringAttribute{MarkdownDescription: "Only leases of this principal.", Optional: true},
			"account_id": schema.StringAttribute{
				MarkdownDescription: "Only leases of this pool account (12 digits).",
				Optional:            true,
				Validators:          []validator.String{validators.AWSAccountID()},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "Only leases with this status: `Active` (the default) or `Inactive`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(client.LeaseActive, client.LeaseInactive)},
			},
		},
	}
}

func (r *leaseListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var config leaseListConfigModel
	if diags := req.Config.Get(ctx, &config); diags.HasError() {
		listFailed(stream, diags)
		return
	}
	status := config.Status.ValueString()
	if status == "" {
		status = client.LeaseActive
	}
	leases, err := r.client.ListLeases(ctx, client.LeaseFilter{
		PrincipalID: config.PrincipalID.ValueString(),
		AccountID:   config.AccountID.ValueString(),
		Status:      status,
	})
	if err != nil {
		listAPIFailed(stream, "list leases", err)
		return
	}
	prior := leaseResourceModel{Timeouts: nullTimeouts(ctx, req)}
	streamListResults(ctx, req, stream, leases, func(l client.Lease) (string, any) {
		return "lease of " + l.AccountID + " to " + l.PrincipalID + " (" + l.LeaseStatus + ")", newLeaseModel(&l, prior)
	})
}
