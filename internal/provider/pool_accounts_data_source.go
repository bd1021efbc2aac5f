package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/client"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/diagnostics"
)

var (
	_ datasource.DataSource              = (*poolAccountsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*poolAccountsDataSource)(nil)
)

// NewPoolAccountsDataSource returns the sandbox_pool_accounts data source.
func NewPoolAccountsDataSource() datasource.DataSource {
	return &poolAccountsDataSource{}
}

type poolAccountsDataSource struct {
	dataSourceBase
}

type poolAccountsDataSourceModel struct {
	Status   types.String `tfsdk:"status"`
	PageSize types.Int64  `tfsdk:"page_size"`
	Accounts types.List   `tfsdk:"accounts"`
}

func (d *poolAccountsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_pool_accounts"
}

func (d *poolAccountsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the AWS accounts of the Lease API's pool, following every page.",
		Attributes: map[string]schema.Attribute{
			"status": schema.StringAttribute{
				MarkdownDescription: "Only accounts with this status: `NotReady`, `Ready`, `Leased` or `Orphaned`.",
				Optional:            true,
				Validators: []validator.String{stringvalidator.OneOf(
					client.PoolAccountNotReady, client.PoolAccountReady, client.PoolAccountLeased, client.PoolAccountOrphaned)},
			},
			"page_size": pageSizeAttribute("accounts"),
			"accounts":  poolAccountsListAttribute(),
		},
	}
}

// poolAccountsListAttribute is the accounts attribute: the schema's, and the shape Read builds its value in.
func poolAccountsListAttribute() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		MarkdownDescription: "The pool accounts, in the API's order (by id).",
		Computed:            true,
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"id":                    schema.StringAttribute{MarkdownDescription: "AWS account id (12 digits).", Computed: true},
			"admin_role_arn":        schema.StringAttribute{MarkdownDescription: "ARN of the role the platform assumes to manage the account.", Computed: true},
			"metadata":              schema.StringAttribute{MarkdownDescription: "Metadata as a JSON object, or null.", CustomType: jsontypes.NormalizedType{}, Computed: true},
			"account_status":        schema.StringAttribute{MarkdownDescription: "`NotReady`, `Ready`, `Leased` or `Orphaned`.", Computed: true},
			"principal_role_arn":    schema.StringAttribute{MarkdownDescription: "ARN of the role leaseholders assume.", Computed: true},
			"principal_policy_hash": schema.StringAttribute{MarkdownDescription: "S3 ETag of the principal policy, verbatim.", Computed: true},
			"created_on":            schema.StringAttribute{MarkdownDescription: "When the account joined the pool (RFC 3339).", Computed: true},
			"last_modified_on":      schema.StringAttribute{MarkdownDescription: "When the account last changed (RFC 3339).", Computed: true},
		}},
	}
}

func (d *poolAccountsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config poolAccountsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	accounts, err := d.client.ListPoolAccounts(ctx, client.PoolAccountFilter{
		Status:   config.Status.ValueString(),
		PageSize: int(config.PageSize.ValueInt64()),
	})
	if err != nil {
		diagnostics.AddAPIError(&resp.Diagnostics, "list pool accounts", err)
		return
	}
	items := make([]poolAccountModel, 0, len(accounts))
	for i := range accounts {
		items = append(items, newPoolAccountItem(&accounts[i], jsontypes.NewNormalizedNull()))
	}
	var diags diag.Diagnostics
	config.Accounts, diags = objectList(poolAccountsListAttribute(), items)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, config)...)
}
