package provider

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// describedAttr is what resource and data source attributes share.
type describedAttr interface {
	GetMarkdownDescription() string
}

// walk fails on any attribute, at any depth, without a description.
func walk(t *testing.T, where string, attrs map[string]describedAttr) {
	for name, a := range attrs {
		if strings.TrimSpace(a.GetMarkdownDescription()) == "" {
			t.Errorf("%s.%s has no description", where, name)
		}
		children := map[string]describedAttr{}
		switch n := a.(type) {
		case rschema.ListNestedAttribute:
			for k, v := range n.NestedObject.Attributes {
				children[k] = v
			}
		case rschema.SingleNestedAttribute:
			for k, v := range n.Attributes {
				children[k] = v
			}
		case dschema.ListNestedAttribute:
			for k, v := range n.NestedObject.Attributes {
				children[k] = v
			}
		case dschema.SingleNestedAttribute:
			for k, v := range n.Attributes {
				children[k] = v
			}
		}
		walk(t, where+"."+name, children)
	}
}

func exists(t *testing.T, path string) {
	t.Helper()
	if _, err := os.Stat(filepath.Join("..", "..", path)); err != nil {
		t.Errorf("missing %s", path)
	}
}

// TestSchemasAreDocumentedAndHaveExamples keeps the generated docs complete:
// every attribute described, every type with its example (and import.sh for resources).
func TestSchemasAreDocumentedAndHaveExamples(t *testing.T) {
	ctx := context.Background()
	p := New("test")()
	for _, f := range p.Resources(ctx) {
		r := f()
		var md resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "portal"}, &md)
		var sr resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &sr)
		if sr.Schema.MarkdownDescription == "" {
			t.Errorf("resource %s has no description", md.TypeName)
		}
		attrs := map[string]describedAttr{}
		for k, v := range sr.Schema.Attributes {
			if k != "timeouts" { // described by the timeouts module
				attrs[k] = v
			}
		}
		walk(t, md.TypeName, attrs)
		exists(t, "examples/resources/"+md.TypeName+"/resource.tf")
		exists(t, "examples/resources/"+md.TypeName+"/import.sh")
	}
	for _, f := range p.DataSources(ctx) {
		d := f()
		var md datasource.MetadataResponse
		d.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "portal"}, &md)
		var sr datasource.SchemaResponse
		d.Schema(ctx, datasource.SchemaRequest{}, &sr)
		if sr.Schema.MarkdownDescription == "" {
			t.Errorf("data source %s has no description", md.TypeName)
		}
		attrs := map[string]describedAttr{}
		for k, v := range sr.Schema.Attributes {
			attrs[k] = v
		}
		walk(t, "data."+md.TypeName, attrs)
		exists(t, "examples/data-sources/"+md.TypeName+"/data-source.tf")
	}
	pp, ok := p.(interface {
		provider.ProviderWithListResources
		provider.ProviderWithActions
		provider.ProviderWithEphemeralResources
	})
	if !ok {
		t.Fatal("the provider serves no list resources, actions or ephemeral resources")
	}
	for _, f := range pp.ListResources(ctx) {
		l := f()
		var md resource.MetadataResponse
		l.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "portal"}, &md)
		var sr list.ListResourceSchemaResponse
		l.ListResourceConfigSchema(ctx, list.ListResourceSchemaRequest{}, &sr)
		documented(t, "list resource "+md.TypeName, sr.Schema.MarkdownDescription, described(sr.Schema.Attributes),
			"examples/list-resources/"+md.TypeName+"/list-resource.tfquery.hcl")
	}
	for _, f := range pp.Actions(ctx) {
		a := f()
		var md action.MetadataResponse
		a.Metadata(ctx, action.MetadataRequest{ProviderTypeName: "portal"}, &md)
		var sr action.SchemaResponse
		a.Schema(ctx, action.SchemaRequest{}, &sr)
		documented(t, "action "+md.TypeName, sr.Schema.MarkdownDescription, described(sr.Schema.Attributes),
			"examples/actions/"+md.TypeName+"/action.tf")
	}
	for _, f := range pp.EphemeralResources(ctx) {
		e := f()
		var md ephemeral.MetadataResponse
		e.Metadata(ctx, ephemeral.MetadataRequest{ProviderTypeName: "portal"}, &md)
		var sr ephemeral.SchemaResponse
		e.Schema(ctx, ephemeral.SchemaRequest{}, &sr)
		documented(t, "ephemeral resource "+md.TypeName, sr.Schema.MarkdownDescription, described(sr.Schema.Attributes),
			"examples/ephemeral-resources/"+md.TypeName+"/ephemeral-resource.tf")
	}
}

// documented fails on a type without a description, an attribute without
// one, or a missing example.
func documented(t *testing.T, what, description string, attrs map[string]describedAttr, example string) {
	t.Helper()
	if description == "" {
		t.Errorf("%s has no description", what)
	}
	walk(t, what, attrs)
	exists(t, example)
}

// described views any schema's attributes as described attributes.
func described[A describedAttr](attrs map[string]A) map[string]describedAttr {
	out := make(map[string]describedAttr, len(attrs))
	for k, v := range attrs {
		out[k] = v
	}
	return out
}
