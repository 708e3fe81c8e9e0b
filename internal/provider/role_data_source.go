package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

var (
	_ datasource.DataSourceWithConfigure        = (*roleDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*roleDataSource)(nil)
)

type roleDataSource struct{ dataSourceBase }

func newRoleDataSource() datasource.DataSource { return &roleDataSource{} }

// roleDataModel is one role as data sources show it.
type roleDataModel struct {
	ID             types.String   `tfsdk:"id"`
	Name           types.String   `tfsdk:"name"`
	OrganizationID types.String   `tfsdk:"organization_id"`
	Description    types.String   `tfsdk:"description"`
	Permissions    []types.String `tfsdk:"permissions"`
	Builtin        types.Bool     `tfsdk:"builtin"`
}

func roleData(r wire.Role) roleDataModel {
	return roleDataModel{
		ID:             types.StringValue(r.ID),
		Name:           types.StringValue(r.Name),
		OrganizationID: types.StringPointerValue(r.OrganizationID),
		Description:    types.StringValue(r.Description),
		Permissions:    stringValues(r.Permissions),
		Builtin:        types.BoolValue(r.Builtin),
	}
}

func roleDataAttributes(lookup bool) map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id": schema.StringAttribute{Optional: lookup, Computed: true,
			MarkdownDescription: "Identifier of the role; built-in roles have their name as id." + lookupNote(
				lookup,
				" Give `id`, or `name` (with `organization_id` for a custom role).",
			)},
		"name": schema.StringAttribute{
			Optional:            lookup,
			Computed:            true,
			MarkdownDescription: "Name of the role (matched ignoring case).",
		},
		"organization_id": schema.StringAttribute{
			Optional:            lookup,
			Computed:            true,
			MarkdownDescription: "Organization a custom role is defined in; null for built-in roles.",
		},
		"description": schema.StringAttribute{Computed: true, MarkdownDescription: "What the role is for."},
		"permissions": schema.ListAttribute{
			Computed:            true,
			ElementType:         types.StringType,
			MarkdownDescription: "Permissions the role grants, sorted.",
		},
		"builtin": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether this is a built-in role."},
	}
}

func (d *roleDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_role"
}

func (d *roleDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one role: a built-in role by id or name, or a custom role by id or by name in an organization.",
		Attributes:          roleDataAttributes(true),
	}
}

func (d *roleDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name"))}
}

func (d *roleDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg roleDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var role *wire.Role
	if !cfg.ID.IsNull() {
		var err error
		if role, err = d.client.GetRole(ctx, cfg.ID.ValueString()); err != nil {
			apiFailure(ctx, &resp.Diagnostics, "read", "portal role", cfg.ID.ValueString(), "", err)
			return
		}
	} else {
		roles, err := d.client.ListRoles(ctx, wire.RoleQuery{OrganizationID: cfg.OrganizationID.ValueString(), Name: cfg.Name.ValueString()})
		if err != nil {
			apiFailure(ctx, &resp.Diagnostics, "find", "portal role", cfg.Name.ValueString(), "", err)
			return
		}
		for i := range roles {
			if strings.EqualFold(roles[i].Name, cfg.Name.ValueString()) && (cfg.OrganizationID.IsNull() == roles[i].Builtin) {
				role = &roles[i]
			}
		}
		if role == nil {
			resp.Diagnostics.AddAttributeError(path.Root("name"), "Portal role not found",
				"No role named "+cfg.Name.ValueString()+" is visible to the provider's token"+
					map[bool]string{true: " among the built-in roles; give organization_id to find a custom " +
						"role.", false: " in organization " + cfg.OrganizationID.ValueString() + "."}[cfg.OrganizationID.IsNull()])
			return
		}
	}
	state := roleData(*role)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
