package provider

import (
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/mspportal/terraform-provider-portal/internal/domain/domaintest"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// A field the API answers and the client decodes reaches Terraform only when
// the model's mapping copies it. These tests fill every field of the client
// type, map it, and require an attribute of the same name holding a value:
// a field added to the client and forgotten in a model (or its mapping)
// fails here, without anyone editing the test.

// notExposed are the answer's fields Terraform deliberately does not show:
// the version travels in private state as If-Match, not as an attribute.
var notExposed = map[string]bool{"version": true, "updated_at": true}

func filled[T any](t *testing.T) T {
	t.Helper()
	var v T
	domaintest.Fill(reflect.ValueOf(&v).Elem(), 3)
	return v
}

// requireMapped checks that every JSON field of the client type wireType has
// a known, non-null attribute of the same name in model.
func requireMapped(t *testing.T, wireType reflect.Type, model any) {
	t.Helper()
	attrs := map[string]attr.Value{}
	mv := reflect.ValueOf(model)
	for i := range mv.NumField() {
		tag := mv.Type().Field(i).Tag.Get("tfsdk")
		if v, ok := mv.Field(i).Interface().(attr.Value); ok && tag != "" {
			attrs[tag] = v
		}
	}
	for _, leaf := range domaintest.Leaves(wireType) {
		field := wireType.FieldByIndex(leaf.Index)
		name, _, _ := strings.Cut(field.Tag.Get("json"), ",")
		if name == "" || name == "-" || notExposed[name] {
			continue
		}
		v, ok := attrs[name]
		switch {
		case !ok:
			t.Errorf(
				"%s: the API's field %q has no attribute in %T; add it (or list it in notExposed with the reason)",
				wireType.Name(),
				name,
				model,
			)
		case v.IsNull() || v.IsUnknown():
			t.Errorf("%s: attribute %q of %T is %v after mapping an answer that has it; the mapping forgets it", wireType.Name(), name, model, v)
		}
	}
}

func TestEveryUserFieldReachesTerraform(t *testing.T) {
	u := filled[wire.User](t)
	var m userModel
	m.fill(&u)
	requireMapped(t, reflect.TypeFor[wire.User](), m)
	requireMapped(t, reflect.TypeFor[wire.User](), userData(u))
}

func TestEveryOrganizationFieldReachesTerraform(t *testing.T) {
	o := filled[wire.Organization](t)
	var m organizationModel
	m.fill(&o)
	requireMapped(t, reflect.TypeFor[wire.Organization](), m)
	requireMapped(t, reflect.TypeFor[wire.Organization](), organizationData(o))
}
