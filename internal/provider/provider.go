// Package provider implements the sandbox Terraform provider on terraform-plugin-framework.
package provider

import (
	"context"
	"crypto/x509"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/client"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/validators"
)

var (
	_ provider.Provider                       = (*sandboxProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*sandboxProvider)(nil)
	_ provider.ProviderWithListResources      = (*sandboxProvider)(nil)
)

// New returns a constructor of the provider for the given release version.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &sandboxProvider{version: version}
	}
}

type sandboxProvider struct {
	version string
}

type providerModel struct {
	Endpoint           types.String `tfsdk:"endpoint"`
	Token              types.String `tfsdk:"token"`
	AccountAPIEndpoint types.String `tfsdk:"account_api_endpoint"`
	LeaseAPIEndpoint   types.String `tfsdk:"lease_api_endpoint"`
	LeaseAPIAuth       types.String `tfsdk:"lease_api_auth"`
	AWSRegion          types.String `tfsdk:"aws_region"`
	MaxRetries         types.Int64  `tfsdk:"max_retries"`
	RequestTimeout     types.String `tfsdk:"request_timeout"`
	CACertFile         types.String `tfsdk:"ca_cert_file"`
}

// Environment variables read when an attribute is not set in the configuration.
const (
	envEndpoint           = "SANDBOX_ENDPOINT"
	envToken              = "SANDBOX_TOKEN"
	envAccountAPIEndpoint = "SANDBOX_ACCOUNT_API_ENDPOINT"
	envLeaseAPIEndpoint   = "SANDBOX_LEASE_API_ENDPOINT"
	envLeaseAPIAuth       = "SANDBOX_LEASE_API_AUTH"
	envMaxRetries         = "SANDBOX_MAX_RETRIES"
	envCACertFile         = "SANDBOX_CA_CERT_FILE"
	envAWSRegion          = "AWS_REGION"

	defaultMaxRetries     = 4
	defaultRequestTimeout = 30 * time.Second

	// maxMaxRetries bounds max_retries: 20 retries already wait up to about four minutes per request
	// (backoff from 250ms doubling to 15s); more would leave a run hanging on a service that is down.
	maxMaxRetries = 20
)

func (p *sandboxProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "sandbox"
	resp.Version = p.version
}

func (p *sandboxProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages the sandbox platform: platform accounts, tokens, plans, roles and plugins " +
			"(Account API), and the AWS account pool, leases and usage (Lease API).",
		Attributes: map[string]schema.Attribute{
			"endpoint": schema.StringAttribute{
				MarkdownDescription: "Base URL of both APIs, e.g. `http://127.0.0.1:8080`. Falls back to `" + envEndpoint + "`.",
				Optional:            true,
				Validators:          []validator.String{validators.HTTPURL()},
			},
			"token": schema.StringAttribute{
				MarkdownDescription: "Bearer secret for the APIs. Falls back to `" + envToken + "`.",
				Optional:            true,
				Sensitive:           true,
			},
			"account_api_endpoint": schema.StringAttribute{
				MarkdownDescription: "Base URL of the Account API (`/v1/...`) when it differs from `endpoint`. Falls back to `" + envAccountAPIEndpoint + "`.",
				Optional:            true,
				Validators:          []validator.String{validators.HTTPURL()},
			},
			"lease_api_endpoint": schema.StringAttribute{
				MarkdownDescription: "Base URL of the Lease API (`/accounts`, `/leases`, `/usage`) when it differs from `endpoint`. Falls back to `" + envLeaseAPIEndpoint + "`.",
				Optional:            true,
				Validators:          []validator.String{validators.HTTPURL()},
			},
			"lease_api_auth": schema.StringAttribute{
				MarkdownDescription: "How to authenticate to the Lease API: `token` (bearer, the default) or `sigv4` " +
					"(AWS API Gateway IAM auth, service `execute-api`). Falls back to `" + envLeaseAPIAuth + "`.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(client.LeaseAuthToken, client.LeaseAuthSigV4)},
			},
			"aws_region": schema.StringAttribute{
				MarkdownDescription: "AWS region for SigV4 signing. Falls back to `" + envAWSRegion + "`; credentials come from the AWS default chain.",
				Optional:            true,
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: "Largest number of retries of one request on connection errors, 429 and 5xx answers, from 0 to 20. Defaults to 4. Falls back to `" + envMaxRetries + "`.",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(0, maxMaxRetries)},
			},
			"ca_cert_file": schema.StringAttribute{
				MarkdownDescription: "Path of a PEM file of CA certificates to trust for `https` endpoints besides the system's, " +
					"e.g. a private CA's or the one that signed `sandbox-mock -tls-cert`. Falls back to `" + envCACertFile + "`.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: "Timeout of each HTTP attempt as a Go duration, e.g. `30s` (the default).",
				Optional:            true,
				Validators:          []validator.String{validators.GoDuration()},
			},
		},
	}
}

// providerData is what Configure hands to every resource and data source.
type providerData struct {
	client *client.Client
}

func (p *sandboxProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	s := &settings{diags: &resp.Diagnostics}
	endpoint := s.str(cfg.Endpoint, "endpoint", envEndpoint, "")
	token := s.str(cfg.Token, "token", envToken, "")
	accountEndpoint := s.str(cfg.AccountAPIEndpoint, "account_api_endpoint", envAccountAPIEndpoint, endpoint)
	leaseEndpoint := s.str(cfg.LeaseAPIEndpoint, "lease_api_endpoint", envLeaseAPIEndpoint, endpoint)
	leaseAuth := s.str(cfg.LeaseAPIAuth, "lease_api_auth", envLeaseAPIAuth, client.LeaseAuthToken)
	awsRegion := s.str(cfg.AWSRegion, "aws_region", envAWSRegion, "")
	maxRetries := s.int(cfg.MaxRetries, "max_retries", envMaxRetries, defaultMaxRetries, maxMaxRetries)
	timeout := s.duration(cfg.RequestTimeout, "request_timeout", defaultRequestTimeout)
	caCertFile := s.str(cfg.CACertFile, "ca_cert_file", envCACertFile, "")
	if resp.Diagnostics.HasError() {
		return
	}
	if len(s.unknown) > 0 {
		// Not an error here: a destroy plan needs no request, and OpenTofu plans one before it opens
		// the ephemeral resources a provider block may read. Work that needs a request fails instead.
		tflog.Warn(ctx, "provider settings not yet known; requests will fail until they are", map[string]any{"attributes": s.unknown})
		handOut(resp, client.Unavailable(errUnknownSettings(s.unknown)))
		return
	}
	if accountEndpoint == "" || leaseEndpoint == "" {
		resp.Diagnostics.AddAttributeError(path.Root("endpoint"), "Missing API endpoint",
			"Set the provider's endpoint attribute or the "+envEndpoint+" environment variable to the base URL of the sandbox APIs "+
				"(or set both account_api_endpoint and lease_api_endpoint).")
	}
	if token == "" {
		resp.Diagnostics.AddAttributeError(path.Root("token"), "Missing API token",
			"Set the provider's token attribute or the "+envToken+" environment variable to a bearer secret of the sandbox platform.")
	}
	var rootCAs *x509.CertPool
	if caCertFile != "" {
		var err error
		if rootCAs, err = client.LoadCACertPool(caCertFile); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("ca_cert_file"), "Cannot use the CA certificate file",
				err.Error()+". Set ca_cert_file (or "+envCACertFile+") to a readable PEM file of CA certificates.")
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	c, err := client.New(client.Config{
		AccountAPIEndpoint: accountEndpoint,
		LeaseAPIEndpoint:   leaseEndpoint,
		Token:              token,
		LeaseAPIAuth:       leaseAuth,
		AWSRegion:          awsRegion,
		MaxRetries:         maxRetries,
		RequestTimeout:     timeout,
		RootCAs:            rootCAs,
		UserAgent:          fmt.Sprintf("terraform-provider-sandbox/%s Terraform/%s", p.version, req.TerraformVersion),
	})
	if err != nil {
		resp.Diagnostics.AddError("Cannot configure the sandbox provider", err.Error())
		return
	}
	handOut(resp, c)
}

// handOut gives c to every resource, data source and ephemeral resource.
func handOut(resp *provider.ConfigureResponse, c *client.Client) {
	data := &providerData{client: c}
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.EphemeralResourceData = data
	resp.ListResourceData = data
}

func (p *sandboxProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewAccountResource,
		NewPluginResource,
		NewTokenResource,
		NewAccountPlanResource,
		NewAccountRolesResource,
		NewPoolAccountResource,
		NewLeaseResource,
	}
}

func (p *sandboxProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewAccountDataSource,
		NewPluginsDataSource,
		NewAccountPlanDataSource,
		NewTokensDataSource,
		NewCallerDataSource,
		NewPoolAccountsDataSource,
		NewLeasesDataSource,
		NewUsageDataSource,
	}
}

func (p *sandboxProvider) EphemeralResources(_ context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{
		NewTokenEphemeralResource,
		NewLeaseCredentialsEphemeralResource,
	}
}

// ListResources are the resource types `terraform query` can find: those the APIs can list.
// Accounts cannot be listed (the Account API has no list endpoint), nor can plan assignments and roles.
func (p *sandboxProvider) ListResources(_ context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		NewPoolAccountListResource,
		NewLeaseListResource,
		NewTokenListResource,
		NewPluginListResource,
	}
}

// settings resolves provider attributes: configuration first, then the environment, then a default.
// It collects the attributes whose value is not yet known.
type settings struct {
	diags interface {
		AddAttributeError(path.Path, string, string)
	}
	unknown []string
}

// errUnknownSettings explains why the provider cannot send requests yet.
func errUnknownSettings(attrs []string) error {
	return fmt.Errorf("provider attribute not yet known: the provider's %s depends on a value Terraform only learns during apply. "+
		"Set it from a known value (a variable, a literal or the environment), or apply the resource it depends on first with -target",
		strings.Join(attrs, " and "))
}

func (s *settings) str(v types.String, attr, env, def string) string {
	switch {
	case v.IsUnknown():
		s.unknown = append(s.unknown, attr)
		return ""
	case !v.IsNull():
		return v.ValueString()
	case env != "" && os.Getenv(env) != "":
		return os.Getenv(env)
	}
	return def
}

func (s *settings) int(v types.Int64, attr, env string, def, maxValue int) int {
	switch {
	case v.IsUnknown():
		s.unknown = append(s.unknown, attr)
		return 0
	case !v.IsNull():
		return int(v.ValueInt64())
	case os.Getenv(env) != "":
		n, err := strconv.Atoi(os.Getenv(env))
		if err != nil || n < 0 || n > maxValue {
			s.diags.AddAttributeError(path.Root(attr), "Invalid "+env,
				fmt.Sprintf("The environment variable %s must be a whole number from 0 to %d, got %q.", env, maxValue, os.Getenv(env)))
		}
		return n
	}
	return def
}

func (s *settings) duration(v types.String, attr string, def time.Duration) time.Duration {
	raw := s.str(v, attr, "", "")
	if raw == "" {
		return def
	}
	d, err := time.ParseDuration(raw)
	if err != nil {
		// The schema validator has already reported a malformed value.
		return def
	}
	return d
}
