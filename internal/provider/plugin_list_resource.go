package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/client"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/validators"
)

var (
	_ list.ListResource              = (*pluginListResource)(nil)
	_ list.ListResourceWithConfigure = (*pluginListResource)(nil)
)

// NewPluginListResource returns the sandbox_plugin list resource, which finds an account's plugins
// for `terraform query`.
func NewPluginListResource() list.ListResource {
	return &pluginListResource{}
}

// pluginListResource shares the resource's name and client.
type pluginListResource struct {
	pluginResource
}

type pluginListConfigModel struct {
	AccountID types.String `tfsdk:"account_id"`
}

func (r *pluginListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the live plugins of an account. A found plugin's `wasm_file` is null: the platform " +
			"cannot return the WebAssembly binary, so set `wasm_file` in the adopted configuration for Terraform to " +
			"track the binary (`App` and `Library` plugins).",
		Attributes: map[string]schema.Attribute{
			"account_id": schema.StringAttribute{
				MarkdownDescription: "Id of the account whose plugins to find (a UUID).",
				Required:            true,
				Validators:          []validator.String{validators.UUID()},
			},
		},
	}
}

func (r *pluginListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var config pluginListConfigModel
	if diags := req.Config.Get(ctx, &config); diags.HasError() {
		listFailed(stream, diags)
		return
	}
	accountID := config.AccountID.ValueString()
	plugins, err := r.client.ListPlugins(ctx, accountID)
	if err != nil {
		listAPIFailed(stream, "list the plugins of account "+accountID, err)
		return
	}
	streamListResults(ctx, req, stream, plugins, func(p client.Plugin) (string, any) {
		state := pluginResourceModel{pluginModel: newPluginModel(&p), WasmFile: types.StringNull(), WasmSHA256: types.StringNull()}
		return p.Name + " " + p.Version + " (" + p.Spec.Type + ")", state
	})
}
