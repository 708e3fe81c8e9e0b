package provider

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/action"
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
	"github.com/mspportal/terraform-provider-portal/internal/client"
)

// Environment variables read when the provider block leaves an attribute out.
const (
	EnvEndpoint = "PORTAL_ENDPOINT"
	EnvToken    = "PORTAL_TOKEN"
)

var (
	_ provider.Provider                       = (*portalProvider)(nil)
	_ provider.ProviderWithListResources      = (*portalProvider)(nil)
	_ provider.ProviderWithActions            = (*portalProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*portalProvider)(nil)
)

type portalProvider struct {
	version string
	strict  bool
}

// Option adjusts the provider for a test build; a release takes none.
type Option func(*portalProvider)

// StrictDecoding makes the API client refuse answers with fields its types
// do not know (client.Config.StrictDecoding), so the acceptance tests catch
// any drift between the client and the bundled API. It is a Go option, not
// an attribute or an environment variable, so that no configuration can turn
// it on against a newer production API.
func StrictDecoding() Option { return func(p *portalProvider) { p.strict = true } }

// New returns the provider factory for a release version.
func New(version string, opts ...Option) func() provider.Provider {
	return func() provider.Provider {
		p := &portalProvider{version: version}
		for _, o := range opts {
			o(p)
		}
		return p
	}
}

type providerModel struct {
	Endpoint       types.String         `tfsdk:"endpoint"`
	Token          types.String         `tfsdk:"token"`
	MaxRetries     types.Int64          `tfsdk:"max_retries"`
	RequestTimeout timetypes.GoDuration `tfsdk:"request_timeout"`
}

func (p *portalProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "portal"
	resp.Version = p.version
}

func (p *portalProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The portal provider manages the organizations, users, roles, role assignments and invitations of a multi-tenant " +
			"MSP portal through its management API.",
		Attributes: map[string]schema.Attribute{
			"endpoint": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "URL of the portal management API, e.g. `https://portal.example.com`. May also be set with the " +
					"`" + EnvEndpoint + "` environment variable.",
			},
			"token": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "API token the provider acts with; it can do what its owner's role assignments allow. May also be set with the " +
					"`" + EnvToken + "` environment variable.",
			},
			"max_retries": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "How many times a request is retried after a rate limit (429), a server error (5xx) or a dropped connection, " +
					"with exponential backoff and jitter. Defaults to `4`.",
				Validators: []validator.Int64{int64validator.Between(0, 20)},
			},
			"request_timeout": schema.StringAttribute{CustomType: timetypes.GoDurationType{},
				Optional:            true,
				MarkdownDescription: "Timeout of one HTTP attempt, as a Go duration such as `30s` or `1m`. Defaults to `30s`.",
				Validators:          []validator.String{durationValidator{min: time.Second, max: 10 * time.Minute}},
			},
		},
	}
}

func (p *portalProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	for attr, v := range map[string]types.String{"endpoint": m.Endpoint, "token": m.Token, "request_timeout": m.RequestTimeout.StringValue} {
		if v.IsUnknown() {
			resp.Diagnostics.AddAttributeError(
				path.Root(attr),
				"Unknown portal provider "+attr,
				"The provider cannot be configured with a value known only after apply. Set "+
					""+attr+" to a literal, a variable, or leave it out and use the environment.",
			)
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	endpoint := stringOrEnv(m.Endpoint, EnvEndpoint)
	token := stringOrEnv(m.Token, EnvToken)
	if endpoint == "" {
		resp.Diagnostics.AddAttributeError(
			path.Root("endpoint"),
			"Missing portal API endpoint",
			"Set endpoint in the provider block or the "+EnvEndpoint+" environment variable to the URL of the portal management API, e.g. "+
				"https://portal.example.com.",
		)
	}
	if token == "" {
		resp.Diagnostics.AddAttributeError(path.Root("token"), "Missing portal API token",
			"Set token in the provider block or the "+EnvToken+" environment variable to an API token of a portal user.")
	}
	if resp.Diagnostics.HasError() {
		return
	}
	retries := int64(4)
	if !m.MaxRetries.IsNull() {
		retries = m.MaxRetries.ValueInt64()
	}
	timeout := 30 * time.Second
	if !m.RequestTimeout.IsNull() {
		timeout, _ = m.RequestTimeout.ValueGoDuration() // refused at validation when it does not parse
	}
	ctx = tflog.MaskAllFieldValuesStrings(ctx, token)
	ctx = tflog.MaskMessageStrings(ctx, token)
	c, err := client.New(client.Config{
		Endpoint: endpoint, Token: token, MaxRetries: int(retries), RequestTimeout: timeout,
		UserAgent: fmt.Sprintf(
			"terraform-provider-portal/%s (+https://registry.terraform.io/providers/mspportal/portal) Terraform/%s",
			p.version,
			req.TerraformVersion,
		),
		Logger:         newLogger(ctx, token),
		StrictDecoding: p.strict,
	})
	if err != nil {
		resp.Diagnostics.AddAttributeError(
			path.Root("endpoint"),
			"Invalid portal API endpoint",
			err.Error()+". Check endpoint or "+EnvEndpoint+".",
		)
		return
	}
	me, err := c.Identity(ctx)
	switch {
	case client.IsUnauthorized(err):
		resp.Diagnostics.AddAttributeError(
			path.Root("token"),
			"Invalid portal API token",
			"The portal API at "+endpoint+" refused the token: "+reason(
				err,
			)+". Check token or "+EnvToken+"; the token may be revoked, expired, or belong to a disabled user.",
		)
		return
	case err != nil:
		resp.Diagnostics.AddAttributeError(path.Root("endpoint"), "Unable to reach the portal API",
			"Calling "+endpoint+" failed: "+err.Error()+". Check endpoint or "+EnvEndpoint+" and that the API is running.")
		return
	}
	tflog.Debug(ctx, "portal provider configured", map[string]any{"endpoint": endpoint, "principal_id": me.PrincipalID()})
	// List resources share their resource's Configure, so they get the same data.
	rd := &resourceData{client: c, claims: newPlanClaims()}
	resp.ResourceData = rd
	resp.ListResourceData = rd
	resp.DataSourceData = c
	resp.ActionData = c
	resp.EphemeralResourceData = c
}

func stringOrEnv(v types.String, env string) string {
	if !v.IsNull() {
		return v.ValueString()
	}
	return os.Getenv(env)
}

func (p *portalProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		newOrganizationResource,
		newUserResource,
		newRoleResource,
		newRoleAssignmentResource,
		newRoleMembersResource,
		newInvitationResource,
		newServiceAccountResource,
		newAPITokenResource,
	}
}

// EphemeralResources never reach state (Terraform 1.10 and later).
func (p *portalProvider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{newAPITokenEphemeral}
}

// ListResources serve terraform query (Terraform 1.14 and later), one per resource.
func (p *portalProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		newOrganizationListResource,
		newUserListResource,
		newRoleListResource,
		newRoleAssignmentListResource,
		newInvitationListResource,
	}
}

// Actions are the day-2 operations (Terraform 1.14 and later).
func (p *portalProvider) Actions(context.Context) []func() action.Action {
	return []func() action.Action{
		newUserUnlockAction,
		newUserForcePasswordChangeAction,
		newUserResetMFAAction,
		newUserResendSetupAction,
		newInvitationResendAction,
	}
}

func (p *portalProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		newOrganizationDataSource,
		newOrganizationsDataSource,
		newCurrentIdentityDataSource,
		newUserDataSource,
		newUsersDataSource,
		newRoleDataSource,
		newRolesDataSource,
		newPermissionsDataSource,
		newRoleAssignmentsDataSource,
		newUserAccessDataSource,
		newInvitationsDataSource,
		newPeopleDataSource,
	}
}
