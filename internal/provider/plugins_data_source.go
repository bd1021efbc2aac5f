package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/validators"
)

var (
	_ datasource.DataSource              = (*pluginsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*pluginsDataSource)(nil)
)

// NewPluginsDataSource returns the sandbox_plugins data source.
func NewPluginsDataSource() datasource.DataSource {
	return &pluginsDataSource{}
}

type pluginsDataSource struct {
	dataSourceBase
}

type pluginsDataSourceModel struct {
	AccountID types.String  `tfsdk:"account_id"`
	Plugins   []pluginModel `tfsdk:"plugins"`
}

func (d *pluginsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_plugins"
}

func (d *pluginsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(name string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: pluginDocs[name], Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the live plugins registered in an account (deleted plugins are left out). " +
			"Each element has the attribute names of the `sandbox_plugin` resource, without the local `wasm_file`.",
		Attributes: map[string]schema.Attribute{
			"account_id": schema.StringAttribute{
				MarkdownDescription: "Id of the account whose plugins to list.",
				Required:            true,
				Validators:          []validator.String{validators.UUID()},
			},
			"plugins": schema.ListNestedAttribute{
				MarkdownDescription: "The account's plugins, ordered as the API returns them.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id":          computed("id"),
						"account_id":  computed("account_id"),
						"name":        computed("name"),
						"version":     computed("version"),
						"description": computed("description"),
						"icon":        computed("icon"),
						"homepage":    computed("homepage"),
						"spec": schema.SingleNestedAttribute{
							MarkdownDescription: pluginDocs["spec"],
							Computed:            true,
							Attributes: map[string]schema.Attribute{
								"type":                 computed("type"),
								"provided_wit_package": computed("provided_wit_package"),
								"json_schema": schema.StringAttribute{
									MarkdownDescription: pluginDocs["json_schema"],
									CustomType:          jsontypes.NormalizedType{},
									Computed:            true,
								},
								"validate_url":       computed("validate_url"),
								"transform_url":      computed("transform_url"),
								"component_id":       computed("component_id"),
								"component_revision": schema.Int64Attribute{MarkdownDescription: pluginDocs["component_revision"], Computed: true},
							},
						},
					},
				},
			},
		},
	}
}

func (d *pluginsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config pluginsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	accountID := config.AccountID.ValueString()
	plugins, err := d.client.ListPlugins(ctx, accountID)
	if err != nil {
		addAccountReadError(&resp.Diagnostics, pathAccountID, accountID, "list plugins of account "+accountID, err)
		return
	}
	config.Plugins = make([]pluginModel, 0, len(plugins))
	for i := range plugins {
		config.Plugins = append(config.Plugins, newPluginModel(&plugins[i]))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, config)...)
}
