package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/client"
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

func (r *pluginListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = accountListSchema("Finds the live plugins of an account. A found plugin's `wasm_file` is null: the platform "+
		"cannot return the WebAssembly binary, so set `wasm_file` in the adopted configuration for Terraform to "+
		"track the binary (`App` and `Library` plugins).", "plugins")
}

func (r *pluginListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	listOfAccount(ctx, req, stream, "plugins", r.client.ListPlugins, func(p client.Plugin) (string, any) {
		state := pluginResourceModel{pluginModel: newPluginModel(&p), WasmFile: types.StringNull(), WasmSHA256: types.StringNull()}
		return p.Name + " " + p.Version + " (" + p.Spec.Type + ")", state
	})
}
