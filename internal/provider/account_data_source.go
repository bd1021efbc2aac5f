package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/validators"
)

var (
	_ datasource.DataSource              = (*accountDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*accountDataSource)(nil)
)

// NewAccountDataSource returns the sandbox_account data source.
func NewAccountDataSource() datasource.DataSource {
	return &accountDataSource{}
}

type accountDataSource struct {
	dataSourceBase
}

func (d *accountDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_account"
}

func (d *accountDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads a platform account by id.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Account id (a UUID).",
				Required:            true,
				Validators:          []validator.String{validators.UUID()},
			},
			"name":     schema.StringAttribute{MarkdownDescription: "Display name of the account.", Computed: true},
			"email":    schema.StringAttribute{MarkdownDescription: "Email address of the account.", Computed: true},
			"revision": schema.Int64Attribute{MarkdownDescription: "Current revision of the account.", Computed: true},
			"plan_id":  schema.StringAttribute{MarkdownDescription: "Id of the plan assigned to the account.", Computed: true},
			"roles": schema.SetAttribute{
				MarkdownDescription: "Roles of the account (`admin`, `marketing-admin`).",
				ElementType:         types.StringType,
				Computed:            true,
			},
		},
	}
}

func (d *accountDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config accountResourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := config.ID.ValueString()
	account, err := d.client.GetAccount(ctx, id)
	if err != nil {
		addAccountReadError(&resp.Diagnostics, pathID, id, "read account "+id, err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, newAccountModel(account))...)
}
