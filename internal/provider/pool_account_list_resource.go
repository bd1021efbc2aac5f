package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/client"
)

var (
	_ list.ListResource              = (*poolAccountListResource)(nil)
	_ list.ListResourceWithConfigure = (*poolAccountListResource)(nil)
)

// NewPoolAccountListResource returns the sandbox_pool_account list resource, which finds pool
// accounts for `terraform query`.
func NewPoolAccountListResource() list.ListResource {
	return &poolAccountListResource{}
}

// poolAccountListResource shares the resource's name and client.
type poolAccountListResource struct {
	poolAccountResource
}

type poolAccountListConfigModel struct {
	Status types.String `tfsdk:"status"`
}

func (r *poolAccountListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the AWS accounts of the Lease API's pool, following every page of the answer.",
		Attributes: map[string]schema.Attribute{
			"status": schema.StringAttribute{
				MarkdownDescription: "Only accounts with this status: `NotReady`, `Ready`, `Leased` or `Orphaned`. Unset lists every account.",
				Optional:            true,
				Validators: []validator.String{stringvalidator.OneOf(
					client.PoolAccountNotReady, client.PoolAccountReady, client.PoolAccountLeased, client.PoolAccountOrphaned)},
			},
		},
	}
}

func (r *poolAccountListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var config poolAccountListConfigModel
	if diags := req.Config.Get(ctx, &config); diags.HasError() {
		listFailed(stream, diags)
		return
	}
	accounts, err := r.client.ListPoolAccounts(ctx, client.PoolAccountFilter{Status: config.Status.ValueString()})
	if err != nil {
		listAPIFailed(stream, "list pool accounts", err)
		return
	}
	prior := poolAccountResourceModel{Timeouts: nullTimeouts(ctx, req)}
	streamListResults(ctx, req, stream, accounts, func(a client.PoolAccount) (string, any) {
		return a.ID + " (" + a.AccountStatus + ")", newPoolAccountModel(&a, prior)
	})
}
