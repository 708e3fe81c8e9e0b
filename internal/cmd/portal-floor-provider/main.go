// Command portal-floor-provider is the floor that portal-bench compares
// terraform-provider-portal with: a terraform-plugin-framework provider with
// the portal provider's schema that does nothing. It owns no schema of its
// own: it serves the provider and resource schemas of a file in the format of
// one provider's entry of `terraform providers schema -json`, named by
// PORTAL_FLOOR_SCHEMA, which portal-bench writes from the real provider, so
// the two always agree. Creates and updates store the plan with unknown
// values filled in, reads return the state unchanged and deletes do nothing;
// everything else, logging included, is the framework's default, so a
// Terraform run against it costs what Terraform and the framework cost.
package main

import (
	"context"
	"fmt"
	"log"
	"maps"
	"os"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// schemaEnv names the schema file.
const schemaEnv = "PORTAL_FLOOR_SCHEMA"

func main() {
	path := os.Getenv(schemaEnv)
	if path == "" {
		log.Fatal(schemaEnv + " is not set: it names a provider's entry of `terraform providers schema -json` to serve")
	}
	s, err := readSchemas(path)
	if err != nil {
		log.Fatal(err)
	}
	p, err := newFloorProvider(s)
	if err != nil {
		log.Fatal(err)
	}
	err = providerserver.Serve(context.Background(), func() provider.Provider { return p }, providerserver.ServeOpts{
		Address: "registry.terraform.io/mspportal/portal",
	})
	if err != nil {
		log.Fatal(err)
	}
}

var _ provider.Provider = (*floorProvider)(nil)

type floorProvider struct {
	schema    pschema.Schema
	resources []func() resource.Resource
}

// newFloorProvider builds every schema up front, so that a file the floor
// cannot serve fails at start rather than in the middle of a run.
func newFloorProvider(s *schemas) (*floorProvider, error) {
	ps, err := providerSchema(s.Provider.Block)
	if err != nil {
		return nil, err
	}
	p := &floorProvider{schema: ps}
	for _, name := range slices.Sorted(maps.Keys(s.Resources)) {
		rs, err := resourceSchema(s.Resources[name].Version, s.Resources[name].Block)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		r := &floorResource{typeName: name, schema: rs}
		ident, ok := s.Identities[name]
		if !ok {
			p.resources = append(p.resources, func() resource.Resource { return r })
			continue
		}
		is, err := identitySchema(ident.Version, ident.Attributes)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		ri := &floorResourceWithIdentity{floorResource: r, identity: is}
		p.resources = append(p.resources, func() resource.Resource { return ri })
	}
	return p, nil
}

func (p *floorProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "portal"
}

func (p *floorProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = p.schema
}

// Configure accepts any configuration and ignores it.
func (p *floorProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (p *floorProvider) Resources(context.Context) []func() resource.Resource { return p.resources }

func (p *floorProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }
