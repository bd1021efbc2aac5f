package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/client"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/validators"
)

var (
	_ list.ListResource              = (*tokenListResource)(nil)
	_ list.ListResourceWithConfigure = (*tokenListResource)(nil)
)

// NewTokenListResource returns the sandbox_token list resource, which finds an account's tokens
// for `terraform query`.
func NewTokenListResource() list.ListResource {
	return &tokenListResource{}
}

// tokenListResource shares the resource's name and client.
type tokenListResource struct {
	tokenResource
}

type tokenListConfigModel struct {
	AccountID types.String `tfsdk:"account_id"`
}

func (r *tokenListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the tokens of an account, expired ones included. A found token's `secret` is null: " +
			"the platform reveals a secret only when the token is created.",
		Attributes: map[string]schema.Attribute{
			"account_id": schema.StringAttribute{
				MarkdownDescription: "Id of the account whose tokens to find (a UUID).",
				Required:            true,
				Validators:          []validator.String{validators.UUID()},
			},
		},
	}
}

func (r *tokenListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var config tokenListConfigModel
	if diags := req.Config.Get(ctx, &config); diags.HasError() {
		listFailed(stream, diags)
		return
	}
	accountID := config.AccountID.ValueString()
	tokens, err := r.client.ListTokens(ctx, accountID)
	if err != nil {
		listAPIFailed(stream, "list the tokens of account "+accountID, err)
		return
	}
	streamListResults(ctx, req, stream, tokens, func(t client.Token) (string, any) {
		return "token of " + t.AccountID + ", expires " + timeString(t.ExpiresAt).ValueString(), newTokenModel(&t, timetypes.NewRFC3339Null())
	})
}
