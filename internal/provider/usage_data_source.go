package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/client"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/diagnostics"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/validators"
)

var (
	_ datasource.DataSource                   = (*usageDataSource)(nil)
	_ datasource.DataSourceWithConfigure      = (*usageDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*usageDataSource)(nil)
)

// NewUsageDataSource returns the sandbox_usage data source.
func NewUsageDataSource() datasource.DataSource {
	return &usageDataSource{}
}

type usageDataSource struct {
	dataSourceBase
}

type usageDataSourceModel struct {
	StartDate   types.String       `tfsdk:"start_date"`
	EndDate     types.String       `tfsdk:"end_date"`
	PrincipalID types.String       `tfsdk:"principal_id"`
	Records     []usageRecordModel `tfsdk:"records"`
	TotalCost   types.Map          `tfsdk:"total_cost"`
}

type usageRecordModel struct {
	PrincipalID  types.String  `tfsdk:"principal_id"`
	AccountID    types.String  `tfsdk:"account_id"`
	StartDate    types.String  `tfsdk:"start_date"`
	EndDate      types.String  `tfsdk:"end_date"`
	CostAmount   types.Float64 `tfsdk:"cost_amount"`
	CostCurrency types.String  `tfsdk:"cost_currency"`
	TimeToLive   types.String  `tfsdk:"time_to_live"`
}

func (d *usageDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_usage"
}

func (d *usageDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	date := func(description string) schema.StringAttribute {
		return schema.StringAttribute{
			MarkdownDescription: description + " A date (`2030-01-02`, midnight UTC) or an RFC 3339 timestamp; the API widens the range to whole UTC days.",
			Required:            true,
			Validators:          []validator.String{validators.DateOrRFC3339()},
		}
	}
	computed := func(description string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: description, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Cost of leased accounts over a period: one record per principal, and the total per currency.",
		Attributes: map[string]schema.Attribute{
			"start_date": date("Start of the period."),
			"end_date":   date("End of the period, not before `start_date`."),
			"principal_id": schema.StringAttribute{
				MarkdownDescription: "Only this principal's usage (at most one record). A Lease API user (a token of an account " +
					"without the `admin` role) may read only its own principal's usage.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"records": schema.ListNestedAttribute{
				MarkdownDescription: "One record per principal with usage in the period.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"principal_id":  computed("Principal whose leases cost this."),
					"account_id":    computed("Account of the principal's first usage record in the period."),
					"start_date":    computed("Start of the period (RFC 3339), as the API reports it (the requested start)."),
					"end_date":      computed("End of the period (RFC 3339), as the API reports it (the requested end)."),
					"cost_amount":   schema.Float64Attribute{MarkdownDescription: "Cost over the period.", Computed: true},
					"cost_currency": computed("Currency of the cost, e.g. `USD`."),
					"time_to_live":  computed("When the platform drops the underlying record (RFC 3339)."),
				}},
			},
			"total_cost": schema.MapAttribute{
				MarkdownDescription: "Sum of `cost_amount` over the records, keyed by currency.",
				ElementType:         types.Float64Type,
				Computed:            true,
			},
		},
	}
}

// ValidateConfig refuses a period that ends before it starts, at plan time.
func (d *usageDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var config usageDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() || config.StartDate.IsUnknown() || config.EndDate.IsUnknown() || config.StartDate.IsNull() || config.EndDate.IsNull() {
		return
	}
	start, errStart := validators.ParseDateOrRFC3339(config.StartDate.ValueString())
	end, errEnd := validators.ParseDateOrRFC3339(config.EndDate.ValueString())
	if errStart == nil && errEnd == nil && end.Before(start) {
		resp.Diagnostics.AddAttributeError(path.Root("end_date"), "Usage period ends before it starts",
			fmt.Sprintf("Attribute end_date (%s) must not be before start_date (%s).", config.EndDate.ValueString(), config.StartDate.ValueString()))
	}
}

func (d *usageDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config usageDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	start, err := validators.ParseDateOrRFC3339(config.StartDate.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("start_date"), "Invalid start_date", err.Error())
	}
	end, err := validators.ParseDateOrRFC3339(config.EndDate.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("end_date"), "Invalid end_date", err.Error())
	}
	if resp.Diagnostics.HasError() {
		return
	}
	var records []client.UsageRecord
	if principal := config.PrincipalID.ValueString(); principal != "" {
		records, err = d.client.GetPrincipalUsage(ctx, principal, start, end)
	} else {
		records, err = d.client.GetUsage(ctx, start, end)
	}
	if err != nil {
		diagnostics.AddAPIError(&resp.Diagnostics, "read usage", err)
		return
	}
	config.Records = make([]usageRecordModel, 0, len(records))
	totals := map[string]float64{}
	for _, r := range records {
		config.Records = append(config.Records, usageRecordModel{
			PrincipalID: types.StringValue(r.PrincipalID), AccountID: types.StringValue(r.AccountID),
			StartDate: timeValue(r.StartDate), EndDate: timeValue(r.EndDate),
			CostAmount: types.Float64Value(r.CostAmount), CostCurrency: types.StringValue(r.CostCurrency),
			TimeToLive: timeValue(r.TimeToLive),
		})
		totals[r.CostCurrency] += r.CostAmount
	}
	total, diags := types.MapValueFrom(ctx, types.Float64Type, totals)
	resp.Diagnostics.Append(diags...)
	config.TotalCost = total
	resp.Diagnostics.Append(resp.State.Set(ctx, config)...)
}
