package provider

import (
	"context"
	"encoding/json"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/client"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/diagnostics"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/validators"
)

var (
	_ ephemeral.EphemeralResource              = (*tokenEphemeralResource)(nil)
	_ ephemeral.EphemeralResourceWithConfigure = (*tokenEphemeralResource)(nil)
	_ ephemeral.EphemeralResourceWithClose     = (*tokenEphemeralResource)(nil)
)

// NewTokenEphemeralResource returns the ephemeral sandbox_token.
func NewTokenEphemeralResource() ephemeral.EphemeralResource {
	return &tokenEphemeralResource{}
}

type tokenEphemeralResource struct {
	ephemeralBase
}

type tokenEphemeralModel struct {
	AccountID types.String `tfsdk:"account_id"`
	ExpiresIn types.String `tfsdk:"expires_in"`
	ID        types.String `tfsdk:"id"`
	Secret    types.String `tfsdk:"secret"`
	CreatedAt types.String `tfsdk:"created_at"`
	ExpiresAt types.String `tfsdk:"expires_at"`
}

// defaultTokenLifetime bounds an ephemeral token that outlives its run because Close never came
// (a crashed CLI): it stops working on its own soon after.
const defaultTokenLifetime = time.Hour

// privateTokenID is the private-data key under which Open leaves the token id for Close.
const privateTokenID = "token_id"

func (e *tokenEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_token"
}

func (e *tokenEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A short-lived bearer token, created when Terraform opens the ephemeral resource and " +
			"deleted when it closes it, so a run can hand a credential of an account to another provider without the " +
			"secret ever reaching the state or the plan. Terraform opens it in every plan and apply that needs it, " +
			"each time with a new token. Needs Terraform 1.10 or OpenTofu 1.11 or later.",
		Attributes: map[string]schema.Attribute{
			"account_id": schema.StringAttribute{
				MarkdownDescription: "Id of the account the token acts as.",
				Required:            true,
				Validators:          []validator.String{validators.UUID()},
			},
			"expires_in": schema.StringAttribute{
				MarkdownDescription: "Lifetime of the token as a Go duration such as `15m` or `2h`; defaults to `1h`. " +
					"The token is deleted when the run closes it anyway; the lifetime only bounds a token left behind " +
					"by an interrupted run.",
				Optional:   true,
				Validators: []validator.String{validators.GoDuration()},
			},
			"id":         schema.StringAttribute{MarkdownDescription: "Token id (a UUID).", Computed: true},
			"secret":     schema.StringAttribute{MarkdownDescription: "The bearer secret.", Computed: true, Sensitive: true},
			"created_at": schema.StringAttribute{MarkdownDescription: "When the platform created the token (RFC 3339).", Computed: true},
			"expires_at": schema.StringAttribute{MarkdownDescription: "When the token stops working (RFC 3339).", Computed: true},
		},
	}
}

func (e *tokenEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var config tokenEphemeralModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	lifetime := defaultTokenLifetime
	if !config.ExpiresIn.IsNull() {
		// The validator has already refused anything but a positive duration.
		lifetime, _ = time.ParseDuration(config.ExpiresIn.ValueString())
	}
	accountID := config.AccountID.ValueString()
	created, err := e.client.CreateToken(ctx, accountID, client.TokenCreateInput{ExpiresAt: time.Now().Add(lifetime).UTC().Truncate(time.Second)})
	if err != nil {
		diagnostics.AddAPIError(&resp.Diagnostics, "create token for account "+accountID, err)
		return
	}
	id, _ := json.Marshal(created.ID)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateTokenID, id)...)
	config.ID = types.StringValue(created.ID)
	config.Secret = types.StringValue(created.Secret)
	config.CreatedAt = timeString(created.CreatedAt)
	config.ExpiresAt = timeString(created.ExpiresAt)
	resp.Diagnostics.Append(resp.Result.Set(ctx, &config)...)
}

func (e *tokenEphemeralResource) Close(ctx context.Context, req ephemeral.CloseRequest, resp *ephemeral.CloseResponse) {
	raw, diags := req.Private.GetKey(ctx, privateTokenID)
	resp.Diagnostics.Append(diags...)
	var id string
	if resp.Diagnostics.HasError() || raw == nil || json.Unmarshal(raw, &id) != nil || id == "" {
		return
	}
	if err := e.client.DeleteToken(ctx, id); err != nil && !client.IsNotFound(err) {
		diagnostics.AddAPIError(&resp.Diagnostics, "delete ephemeral token "+id, err)
	}
}
