package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/client"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/diagnostics"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/validators"
)

var (
	_ ephemeral.EphemeralResource              = (*leaseCredentialsEphemeralResource)(nil)
	_ ephemeral.EphemeralResourceWithConfigure = (*leaseCredentialsEphemeralResource)(nil)
)

// NewLeaseCredentialsEphemeralResource returns the sandbox_lease_credentials ephemeral resource.
func NewLeaseCredentialsEphemeralResource() ephemeral.EphemeralResource {
	return &leaseCredentialsEphemeralResource{}
}

type leaseCredentialsEphemeralResource struct {
	ephemeralBase
}

type leaseCredentialsModel struct {
	LeaseID         types.String `tfsdk:"lease_id"`
	AccessKeyID     types.String `tfsdk:"access_key_id"`
	SecretAccessKey types.String `tfsdk:"secret_access_key"`
	SessionToken    types.String `tfsdk:"session_token"`
	ConsoleURL      types.String `tfsdk:"console_url"`
}

func (e *leaseCredentialsEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_lease_credentials"
}

func (e *leaseCredentialsEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Short-lived AWS credentials (about an hour) and a console sign-in URL for an active lease, " +
			"e.g. to configure `provider \"aws\"`. Ephemeral: the values are fetched on every run and never stored in " +
			"the plan or the state. Needs Terraform 1.10 or OpenTofu 1.11 or later.",
		Attributes: map[string]schema.Attribute{
			"lease_id": schema.StringAttribute{
				MarkdownDescription: "Id of an active lease (a UUID).",
				Required:            true,
				Validators:          []validator.String{validators.UUID()},
			},
			"access_key_id": schema.StringAttribute{
				MarkdownDescription: "AWS access key id.",
				Computed:            true,
			},
			"secret_access_key": schema.StringAttribute{
				MarkdownDescription: "AWS secret access key.",
				Computed:            true,
				Sensitive:           true,
			},
			"session_token": schema.StringAttribute{
				MarkdownDescription: "AWS session token.",
				Computed:            true,
				Sensitive:           true,
			},
			"console_url": schema.StringAttribute{
				MarkdownDescription: "AWS console sign-in URL; it carries a sign-in token, so it is a secret too.",
				Computed:            true,
				Sensitive:           true,
			},
		},
	}
}

func (e *leaseCredentialsEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var config leaseCredentialsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := config.LeaseID.ValueString()
	creds, err := e.client.CreateLeaseCredentials(ctx, id)
	if err != nil {
		diagnostics.AddAPIError(&resp.Diagnostics, "get credentials of lease "+id, err)
		return
	}
	// Masked before the values are used at all: nothing here logs them, but whatever logs through
	// ctx from now on (the framework setting the result included) cannot show them.
	ctx = client.MaskSecrets(ctx, creds.SecretAccessKey, creds.SessionToken, creds.ConsoleURL)
	config.AccessKeyID = types.StringValue(creds.AccessKeyID)
	config.SecretAccessKey = types.StringValue(creds.SecretAccessKey)
	config.SessionToken = types.StringValue(creds.SessionToken)
	config.ConsoleURL = types.StringValue(creds.ConsoleURL)
	resp.Diagnostics.Append(resp.Result.Set(ctx, config)...)
}
