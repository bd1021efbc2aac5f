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
	_ datasource.DataSource              = (*tokensDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*tokensDataSource)(nil)
)

// NewTokensDataSource returns the sandbox_tokens data source.
func NewTokensDataSource() datasource.DataSource {
	return &tokensDataSource{}
}

type tokensDataSource struct {
	dataSourceBase
}

type tokensDataSourceModel struct {
	AccountID types.String     `tfsdk:"account_id"`
	Tokens    []tokenListModel `tfsdk:"tokens"`
}

// tokenListModel is one token as the list shows it: the attributes of sandbox_token but the secret.
type tokenListModel struct {
	ID        types.String `tfsdk:"id"`
	AccountID types.String `tfsdk:"account_id"`
	CreatedAt types.String `tfsdk:"created_at"`
	ExpiresAt types.String `tfsdk:"expires_at"`
}

func (d *tokensDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_tokens"
}

func (d *tokensDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the tokens of an account, expired ones included, ordered by id. Secrets are never listed: " +
			"the platform reveals a secret only when the token is created.",
		Attributes: map[string]schema.Attribute{
			"account_id": schema.StringAttribute{
				MarkdownDescription: "Id of the account whose tokens to list.",
				Required:            true,
				Validators:          []validator.String{validators.UUID()},
			},
			"tokens": schema.ListNestedAttribute{
				MarkdownDescription: "The account's tokens.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id":         schema.StringAttribute{MarkdownDescription: "Token id (a UUID).", Computed: true},
						"account_id": schema.StringAttribute{MarkdownDescription: "Id of the account the token acts as.", Computed: true},
						"created_at": schema.StringAttribute{MarkdownDescription: "When the token was created (RFC 3339).", Computed: true},
						"expires_at": schema.StringAttribute{MarkdownDescription: "When the token stops (or stopped) working (RFC 3339).", Computed: true},
					},
				},
			},
		},
	}
}

func (d *tokensDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config tokensDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	accountID := config.AccountID.ValueString()
	tokens, err := d.client.ListTokens(ctx, accountID)
	if err != nil {
		addAccountReadError(&resp.Diagnostics, pathAccountID, accountID, "list the tokens of account "+accountID, err)
		return
	}
	config.Tokens = make([]tokenListModel, 0, len(tokens))
	for _, t := range tokens {
		config.Tokens = append(config.Tokens, tokenListModel{
			ID:        types.StringValue(t.ID),
			AccountID: types.StringValue(t.AccountID),
			CreatedAt: timeString(t.CreatedAt),
			ExpiresAt: timeString(t.ExpiresAt),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &config)...)
}
