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
	_ datasource.DataSource              = (*accountPlanDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*accountPlanDataSource)(nil)
)

// NewAccountPlanDataSource returns the sandbox_account_plan data source.
func NewAccountPlanDataSource() datasource.DataSource {
	return &accountPlanDataSource{}
}

type accountPlanDataSource struct {
	dataSourceBase
}

type accountPlanDataSourceModel struct {
	AccountID types.String `tfsdk:"account_id"`
	PlanID    types.String `tfsdk:"plan_id"`
	planDetailsModel
}

func (d *accountPlanDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_account_plan"
}

func (d *accountPlanDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := map[string]schema.Attribute{
		"account_id": schema.StringAttribute{
			MarkdownDescription: "Id of the account.",
			Required:            true,
			Validators:          []validator.String{validators.UUID()},
		},
		"plan_id": schema.StringAttribute{MarkdownDescription: "Id of the plan assigned to the account.", Computed: true},
		"name":    schema.StringAttribute{MarkdownDescription: "Name of the assigned plan.", Computed: true},
	}
	for name, description := range planLimitDescriptions {
		attrs[name] = schema.NumberAttribute{MarkdownDescription: description + planLimitNote, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the plan assigned to an account, with its limits.",
		Attributes:          attrs,
	}
}

func (d *accountPlanDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config accountPlanDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	accountID := config.AccountID.ValueString()
	assigned, err := d.client.GetAccountPlan(ctx, accountID)
	if err != nil {
		addAccountReadError(&resp.Diagnostics, pathAccountID, accountID, "read the plan of account "+accountID, err)
		return
	}
	m := newAccountPlanModel(accountID, assigned)
	resp.Diagnostics.Append(resp.State.Set(ctx, accountPlanDataSourceModel{AccountID: m.AccountID, PlanID: m.PlanID, planDetailsModel: m.planDetailsModel})...)
}
