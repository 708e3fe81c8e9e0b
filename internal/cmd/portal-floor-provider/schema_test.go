package main

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// TestSchemaRoundTrip serves testdata/schema.json and reads the schema back
// over the plugin protocol, as Terraform does: every attribute keeps its
// type and flags, nested attributes and blocks their nesting, and the
// resource its versions and identity.
func TestSchemaRoundTrip(t *testing.T) {
	s, err := readSchemas("testdata/schema.json")
	if err != nil {
		t.Fatal(err)
	}
	p, err := newFloorProvider(s)
	if err != nil {
		t.Fatal(err)
	}
	server, err := providerserver.NewProtocol6WithError(p)()
	if err != nil {
		t.Fatal(err)
	}
	got, err := server.GetProviderSchema(t.Context(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Diagnostics) > 0 {
		t.Fatalf("diagnostics: %+v", got.Diagnostics[0])
	}

	type want struct {
		typ                                     tftypes.Type
		required, optional, computed, sensitive bool
	}
	check := func(block string, attrs []*tfprotov6.SchemaAttribute, wants map[string]want) {
		t.Helper()
		if len(attrs) != len(wants) {
			t.Errorf("%s: %d attributes, want %d", block, len(attrs), len(wants))
		}
		for _, a := range attrs {
			w, ok := wants[a.Name]
			switch {
			case !ok:
				t.Errorf("%s: unexpected attribute %s", block, a.Name)
			case a.NestedType == nil && !a.Type.Equal(w.typ):
				t.Errorf("%s.%s: type %s, want %s", block, a.Name, a.Type, w.typ)
			case a.Required != w.required || a.Optional != w.optional || a.Computed != w.computed || a.Sensitive != w.sensitive:
				t.Errorf("%s.%s: required, optional, computed, sensitive = %t, %t, %t, %t; want %t, %t, %t, %t", block, a.Name,
					a.Required, a.Optional, a.Computed, a.Sensitive, w.required, w.optional, w.computed, w.sensitive)
			}
		}
	}

	check("provider", got.Provider.Block.Attributes, map[string]want{
		"endpoint":    {typ: tftypes.String, optional: true},
		"max_retries": {typ: tftypes.Number, optional: true},
		"token":       {typ: tftypes.String, optional: true, sensitive: true},
	})

	user, ok := got.ResourceSchemas["portal_user"]
	if !ok {
		t.Fatalf("no portal_user among %v", got.ResourceSchemas)
	}
	if user.Version != 2 {
		t.Errorf("portal_user schema version %d, want 2", user.Version)
	}
	if user.Block.Description != "A portal user account." || user.Block.DescriptionKind != tfprotov6.StringKindMarkdown {
		t.Errorf("portal_user description %q (%v), want the Markdown one", user.Block.Description, user.Block.DescriptionKind)
	}
	check("portal_user", user.Block.Attributes, map[string]want{
		"id":                         {typ: tftypes.String, computed: true},
		"email":                      {typ: tftypes.String, required: true},
		"enabled":                    {typ: tftypes.Bool, optional: true, computed: true},
		"failed_logins":              {typ: tftypes.Number, computed: true},
		"phone":                      {typ: tftypes.String, optional: true, sensitive: true},
		"resend_invitation_triggers": {typ: tftypes.Map{ElementType: tftypes.String}, optional: true},
		"tags":                       {typ: tftypes.Set{ElementType: tftypes.String}, optional: true},
		"timeouts":                   {optional: true},
	})
	for _, a := range user.Block.Attributes {
		if a.Name != "timeouts" {
			continue
		}
		if a.NestedType == nil || a.NestedType.Nesting != tfprotov6.SchemaObjectNestingModeSingle {
			t.Fatalf("timeouts: nested type %+v, want a single nested object", a.NestedType)
		}
		check("timeouts", a.NestedType.Attributes, map[string]want{"create": {typ: tftypes.String, optional: true}})
	}
	if len(user.Block.BlockTypes) != 1 || user.Block.BlockTypes[0].TypeName != "grant" ||
		user.Block.BlockTypes[0].Nesting != tfprotov6.SchemaNestedBlockNestingModeList {
		t.Fatalf("block types %+v, want one list block grant", user.Block.BlockTypes)
	}
	check("grant", user.Block.BlockTypes[0].Block.Attributes, map[string]want{"role": {typ: tftypes.String, required: true}})

	ids, err := server.GetResourceIdentitySchemas(t.Context(), &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		t.Fatal(err)
	}
	ident, ok := ids.IdentitySchemas["portal_user"]
	if !ok || ident.Version != 1 || len(ident.IdentityAttributes) != 1 {
		t.Fatalf("portal_user identity %+v, want version 1 with one attribute", ident)
	}
	if a := ident.IdentityAttributes[0]; a.Name != "id" || !a.Type.Equal(tftypes.String) || !a.RequiredForImport {
		t.Errorf("identity attribute %+v, want id, a string required for import", a)
	}
}
