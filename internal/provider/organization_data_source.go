package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

var (
	_ datasource.DataSourceWithConfigure        = (*organizationDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*organizationDataSource)(nil)
)

type organizationDataSource struct{ dataSourceBase }

func newOrganizationDataSource() datasource.DataSource { return &organizationDataSource{} }

// organizationDataModel is one organization as data sources show it.
type organizationDataModel struct {
	ID         types.String      `tfsdk:"id"`
	Name       types.String      `tfsdk:"name"`
	Kind       types.String      `tfsdk:"kind"`
	ParentID   types.String      `tfsdk:"parent_id"`
	ExternalID types.String      `tfsdk:"external_id"`
	Enabled    types.Bool        `tfsdk:"enabled"`
	MaxGrant   types.String      `tfsdk:"max_grant_duration"`
	CreatedAt  timetypes.RFC3339 `tfsdk:"created_at"`
}

func organizationData(o wire.Organization) organizationDataModel {
	return organizationDataModel{
		ID: types.StringValue(o.ID), Name: types.StringValue(o.Name), Kind: types.StringValue(string(o.Kind)),
		ParentID: types.StringPointerValue(o.ParentID), ExternalID: types.StringPointerValue(o.ExternalID), Enabled: types.BoolValue(o.Enabled),
		MaxGrant: types.StringPointerValue(o.MaxGrantDuration), CreatedAt: timetypes.NewRFC3339TimeValue(o.CreatedAt),
	}
}

// organizationDataAttributes describes one organization; lookup marks the
// attributes a single-object data source takes as input.
func organizationDataAttributes(lookup bool) map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id": schema.StringAttribute{
			Optional:            lookup,
			Computed:            true,
			MarkdownDescription: "Identifier of the organization." + lookupNote(lookup, " Give `id`, `external_id`, or `name` with `parent_id`."),
		},
		"name": schema.StringAttribute{Optional: lookup, Computed: true, MarkdownDescription: "Display name (matched ignoring case)."},
		"parent_id": schema.StringAttribute{
			Optional:            lookup,
			Computed:            true,
			MarkdownDescription: "Identifier of the parent partner; empty for the root.",
		},
		"kind": schema.StringAttribute{Computed: true, MarkdownDescription: "`partner` or `client`."},
		"external_id": schema.StringAttribute{
			Optional:            lookup,
			Computed:            true,
			MarkdownDescription: "Key of the organization in another system, if set (such as a CRM key).",
		},
		"enabled": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether access through the organization is allowed."},
		"max_grant_duration": schema.StringAttribute{Computed: true, MarkdownDescription: "The longest grant principals outside it " +
			"may hold or give on it or below it (such as `720h0m0s`); null when there is no limit."},
		"created_at": schema.StringAttribute{
			CustomType:          timetypes.RFC3339Type{},
			Computed:            true,
			MarkdownDescription: "When the organization was created (RFC 3339).",
		},
	}
}

func lookupNote(lookup bool, note string) string {
	if lookup {
		return note
	}
	return ""
}

func (d *organizationDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_organization"
}

func (d *organizationDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one organization, by `id`, by `external_id` (its key in a CRM or another system), or by `name` within a " +
			"`parent_id`.",
		Attributes: organizationDataAttributes(true),
	}
}

func (d *organizationDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name"), path.MatchRoot("external_id")),
		datasourcevalidator.RequiredTogether(path.MatchRoot("name"), path.MatchRoot("parent_id")),
	}
}

func (d *organizationDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg organizationDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var org *wire.Organization
	if !cfg.ID.IsNull() {
		var err error
		if org, err = d.client.GetOrganization(ctx, cfg.ID.ValueString()); err != nil {
			apiFailure(ctx, &resp.Diagnostics, "read", "portal organization", cfg.ID.ValueString(), "", err)
			return
		}
	} else if !cfg.ExternalID.IsNull() {
		orgs, err := d.client.ListOrganizations(ctx, wire.OrganizationQuery{ExternalID: cfg.ExternalID.ValueString()})
		if err != nil {
			apiFailure(ctx, &resp.Diagnostics, "find", "portal organization", cfg.ExternalID.ValueString(), "", err)
			return
		}
		if len(orgs) != 1 {
			resp.Diagnostics.AddAttributeError(path.Root("external_id"), "Portal organization not found", fmt.Sprintf(
				"%d organizations with external_id %q are visible to the provider's token; exactly one is needed. Check the key, or look the "+
					"organization up by id.",
				len(orgs), cfg.ExternalID.ValueString()))
			return
		}
		org = &orgs[0]
	} else {
		orgs, err := d.client.ListOrganizations(ctx, wire.OrganizationQuery{ParentID: cfg.ParentID.ValueString(), Name: cfg.Name.ValueString()})
		if err != nil {
			apiFailure(ctx, &resp.Diagnostics, "find", "portal organization", cfg.Name.ValueString(), "", err)
			return
		}
		for i := range orgs {
			if strings.EqualFold(orgs[i].Name, cfg.Name.ValueString()) {
				org = &orgs[i]
			}
		}
		if org == nil {
			resp.Diagnostics.AddAttributeError(path.Root("name"), "Portal organization not found",
				"No organization named "+cfg.Name.ValueString()+" under "+cfg.ParentID.ValueString()+" is visible to the provider's token. Check the "+
					"name and parent_id, and that the token's user can read that organization.")
			return
		}
	}
	state := organizationData(*org)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
