package provider

import (
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// computedDataString is a string a data source reports.
func computedDataString(desc string) dsschema.Attribute {
	return dsschema.StringAttribute{Computed: true, MarkdownDescription: desc}
}

// Every time the portal reports is an RFC 3339 string typed as
// timetypes.RFC3339: a configuration can parse it with Terraform's time
// functions, and the same instant written with another offset is no diff.

func timestampDataAttribute(desc string) dsschema.Attribute {
	return dsschema.StringAttribute{CustomType: timetypes.RFC3339Type{}, Computed: true, MarkdownDescription: desc}
}

func timestampResourceAttribute(desc string) rschema.Attribute {
	return rschema.StringAttribute{CustomType: timetypes.RFC3339Type{}, Computed: true, MarkdownDescription: desc}
}
