package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/diagnostics"
)

var (
	_ datasource.DataSource              = (*callerDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*callerDataSource)(nil)
)

// NewCallerDataSource returns the sandbox_caller data source.
func NewCallerDataSource() datasource.DataSource {
	return &callerDataSource{}
}

type callerDataSource struct {
	dataSourceBase
}

type callerDataSourceModel struct {
	AccountID      types.String `tfsdk:"account_id"`
	TokenID        types.String `tfsdk:"token_id"`
	TokenCreatedAt types.String `tfsdk:"token_created_at"`
	TokenExpiresAt types.String `tfsdk:"token_expires_at"`
	Name           types.String `tfsdk:"name"`
	Email          types.String `tfsdk:"email"`
	PlanID         types.String `tfsdk:"plan_id"`
	Roles          types.Set    `tfsdk:"roles"`
}

func (d *callerDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_caller"
}

func (d *callerDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(description string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: description, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The account behind the provider's token (who am I), from `GET /v1/login/token`, and that account's details. " +
			"Use it when a configuration only has a token and needs its account id.",
		Attributes: map[string]schema.Attribute{
			"account_id":       computed("Id of the account the configured token acts as."),
			"token_id":         computed("Id of the configured token."),
			"token_created_at": computed("When the configured token was created (RFC 3339)."),
			"token_expires_at": computed("When the configured token stops working (RFC 3339)."),
			"name":             computed("Display name of the account."),
			"email":            computed("Email address of the account."),
			"plan_id":          computed("Id of the plan assigned to the account."),
			"roles": schema.SetAttribute{
				MarkdownDescription: "Roles of the account (`admin`, `marketing-admin`).",
				ElementType:         types.StringType,
				Computed:            true,
			},
		},
	}
}

func (d *callerDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	token, err := d.client.WhoAmI(ctx)
	if err != nil {
		diagnostics.AddAPIError(&resp.Diagnostics, "find the account behind the configured token", err)
		return
	}
	account, err := d.client.GetAccount(ctx, token.AccountID)
	if err != nil {
		diagnostics.AddAPIError(&resp.Diagnostics, "read the caller's account "+token.AccountID, err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, callerDataSourceModel{
		AccountID:      types.StringValue(token.AccountID),
		TokenID:        types.StringValue(token.ID),
		TokenCreatedAt: timeString(token.CreatedAt),
		TokenExpiresAt: timeString(token.ExpiresAt),
		Name:           types.StringValue(account.Name),
		Email:          types.StringValue(account.Email),
		PlanID:         types.StringValue(account.PlanID),
		Roles:          stringSet(account.Roles),
	})...)
}
