package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/list"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/client"
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

func (r *tokenListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = accountListSchema("Finds the tokens of an account, expired ones included. A found token's `secret` is null: "+
		"the platform reveals a secret only when the token is created.", "tokens")
}

func (r *tokenListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	listOfAccount(ctx, req, stream, "tokens", r.client.ListTokens, func(t client.Token) (string, any) {
		return "token of " + t.AccountID + ", expires " + timeString(t.ExpiresAt).ValueString(), newTokenModel(&t, timetypes.NewRFC3339Null())
	})
}
