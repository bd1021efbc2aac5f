package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/client"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/diagnostics"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/validators"
)

var (
	_ datasource.DataSource              = (*leasesDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*leasesDataSource)(nil)
)

// NewLeasesDataSource returns the sandbox_leases data source.
func NewLeasesDataSource() datasource.DataSource {
	return &leasesDataSource{}
}

type leasesDataSource struct {
	dataSourceBase
}

type leasesDataSourceModel struct {
	PrincipalID types.String `tfsdk:"principal_id"`
	AccountID   types.String `tfsdk:"account_id"`
	Status      types.String `tfsdk:"status"`
	PageSize    types.Int64  `tfsdk:"page_size"`
	Leases      types.List   `tfsdk:"leases"`
}

func (d *leasesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_leases"
}

func (d *leasesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists leases of the Lease API, following every page of the answer (the `Link` header).",
		Attributes: map[string]schema.Attribute{
			"principal_id": schema.StringAttribute{MarkdownDescription: "Only leases of this principal.", Optional: true},
			"account_id": schema.StringAttribute{
				MarkdownDescription: "Only leases of this pool account (12 digits).",
				Optional:            true,
				Validators:          []validator.String{validators.AWSAccountID()},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "Only leases with this status: `Active` or `Inactive`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(client.LeaseActive, client.LeaseInactive)},
			},
			"page_size": pageSizeAttribute("leases"),
			"leases":    leasesListAttribute(),
		},
	}
}

// leasesListAttribute is the leases attribute: the schema's, and the shape Read builds its value in.
func leasesListAttribute() schema.ListNestedAttribute {
	computed := func(description string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: description, Computed: true}
	}
	return schema.ListNestedAttribute{
		MarkdownDescription: "The matching leases, in the API's order.",
		Computed:            true,
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"id":                         computed("Lease id (a UUID)."),
			"principal_id":               computed("Principal the account is leased to."),
			"account_id":                 computed("Leased pool account."),
			"budget_amount":              schema.Float64Attribute{MarkdownDescription: "Budget of the lease.", Computed: true},
			"budget_currency":            computed("Currency of the budget."),
			"budget_notification_emails": schema.ListAttribute{MarkdownDescription: "Addresses told when the lease nears its budget.", ElementType: types.StringType, Computed: true},
			"expires_on":                 computed("When the lease ends (RFC 3339)."),
			"lease_status":               computed("`Active` or `Inactive`."),
			"lease_status_reason":        computed("Why the lease has its status."),
			"created_on":                 computed("When the lease was created (RFC 3339)."),
			"last_modified_on":           computed("When the lease last changed (RFC 3339)."),
			"lease_status_modified_on":   computed("When the lease's status last changed (RFC 3339)."),
		}},
	}
}

func (d *leasesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config leasesDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	leases, err := d.client.ListLeases(ctx, client.LeaseFilter{
		PrincipalID: config.PrincipalID.ValueString(),
		AccountID:   config.AccountID.ValueString(),
		Status:      config.Status.ValueString(),
		PageSize:    int(config.PageSize.ValueInt64()),
	})
	if err != nil {
		diagnostics.AddAPIError(&resp.Diagnostics, "list leases", err)
		return
	}
	items := make([]leaseModel, 0, len(leases))
	for i := range leases {
		items = append(items, newLeaseItem(&leases[i]))
	}
	var diags diag.Diagnostics
	config.Leases, diags = objectList(leasesListAttribute(), items)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, config)...)
}
