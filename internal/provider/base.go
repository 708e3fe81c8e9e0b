package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/mspportal/terraform-provider-portal/internal/client"
)

// resourceData is what the provider hands its resources: the client, and
// the claims of one run's plans.
type resourceData struct {
	client *client.Client
	claims *planClaims
}

// resourceBase gives a resource the provider's client and plan claims.
type resourceBase struct {
	client *client.Client
	claims *planClaims
}

func (b *resourceBase) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if req.ProviderData == nil { // during validation, before the provider is configured
		return
	}
	d, ok := req.ProviderData.(*resourceData)
	if !ok {
		resp.Diagnostics.AddError("Unexpected Resource Configure Type",
			fmt.Sprintf("Expected *provider.resourceData, got: %T. Please report this issue to the provider developers.", req.ProviderData))
		return
	}
	b.client, b.claims = d.client, d.claims
}

// dataSourceBase gives a data source the provider's client.
type dataSourceBase struct {
	client *client.Client
}

func (b *dataSourceBase) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	if req.ProviderData == nil {
		return
	}
	c, ok := req.ProviderData.(*client.Client)
	if !ok {
		resp.Diagnostics.AddError("Unexpected Data Source Configure Type",
			fmt.Sprintf("Expected *client.Client, got: %T. Please report this issue to the provider developers.", req.ProviderData))
		return
	}
	b.client = c
}
