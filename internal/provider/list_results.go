package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/diagnostics"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/validators"
)

// streamListResults answers a list request (`terraform query`) with one result per item: a display
// name, the identity, and the resource object as an import's Read would store it, so generated
// configuration matches what the import then reads. It stops at the request's limit.
func streamListResults[T any](ctx context.Context, req list.ListRequest, stream *list.ListResultsStream, items []T, describe func(T) (string, any)) {
	stream.Results = func(push func(list.ListResult) bool) {
		for i, item := range items {
			if req.Limit > 0 && int64(i) >= req.Limit {
				return
			}
			name, model := describe(item)
			result := req.NewListResult(ctx)
			result.DisplayName = name
			result.Diagnostics.Append(result.Resource.Set(ctx, model)...)
			if !result.Diagnostics.HasError() {
				copyIdentity(ctx, result.Resource, result.Identity, &result.Diagnostics)
			}
			if !push(result) {
				return
			}
		}
	}
}

// listFailed answers a list request with diagnostics alone (a configuration that cannot be read).
func listFailed(stream *list.ListResultsStream, diags diag.Diagnostics) {
	stream.Results = list.ListResultsStreamDiagnostics(diags)
}

// listAPIFailed answers a list request with the error of the API call that should have listed.
func listAPIFailed(stream *list.ListResultsStream, action string, err error) {
	var diags diag.Diagnostics
	diagnostics.AddAPIError(&diags, action, err)
	listFailed(stream, diags)
}

// nullTimeouts is the timeouts block of a listed object: not configured, so null, typed after the
// resource schema's block.
func nullTimeouts(ctx context.Context, req list.ListRequest) timeouts.Value {
	t, err := req.ResourceSchema.TypeAtPath(ctx, path.Root("timeouts"))
	if block, ok := t.(timeouts.Type); ok && err == nil {
		return timeouts.Value{Object: types.ObjectNull(block.AttrTypes)}
	}
	return timeouts.Value{Object: types.ObjectNull(nil)}
}

// accountListConfigModel is the list block configuration of an account's tokens or plugins.
type accountListConfigModel struct {
	AccountID types.String `tfsdk:"account_id"`
}

// accountListSchema is the list block schema of objects that belong to one account (things, e.g.
// "plugins"): its account_id, required.
func accountListSchema(description, things string) schema.Schema {
	return schema.Schema{
		MarkdownDescription: description,
		Attributes: map[string]schema.Attribute{
			"account_id": schema.StringAttribute{
				MarkdownDescription: "Id of the account whose " + things + " to find (a UUID).",
				Required:            true,
				Validators:          []validator.String{validators.UUID()},
			},
		},
	}
}

// listOfAccount answers a list request for the objects of the configured account: fetch lists
// them, describe makes each result (see streamListResults).
func listOfAccount[T any](ctx context.Context, req list.ListRequest, stream *list.ListResultsStream, things string,
	fetch func(context.Context, string) ([]T, error), describe func(T) (string, any)) {
	var config accountListConfigModel
	if diags := req.Config.Get(ctx, &config); diags.HasError() {
		listFailed(stream, diags)
		return
	}
	accountID := config.AccountID.ValueString()
	items, err := fetch(ctx, accountID)
	if err != nil {
		listAPIFailed(stream, "list the "+things+" of account "+accountID, err)
		return
	}
	streamListResults(ctx, req, stream, items, describe)
}
