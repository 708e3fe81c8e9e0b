package api

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/service"
)

// TestOpenAPISchemasMatchGoTypes: each object schema of openapi.json lists
// exactly the JSON fields of the Go type the server encodes (a response) or
// decodes (a request), and refuses any other property. A field added to a
// type and not to the document (or the reverse) fails here, before any
// client generated from, or validated against, the document is wrong.
func TestOpenAPISchemasMatchGoTypes(t *testing.T) {
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties           map[string]json.RawMessage `json:"properties"`
				AdditionalProperties *bool                      `json:"additionalProperties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(OpenAPIDocument(), &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	for name, typ := range map[string]reflect.Type{
		// Responses.
		"Organization":   reflect.TypeFor[domain.Organization](),
		"User":           reflect.TypeFor[domain.User](),
		"Role":           reflect.TypeFor[domain.Role](),
		"RoleAssignment": reflect.TypeFor[domain.RoleAssignment](),
		"Invitation":     reflect.TypeFor[domain.Invitation](),
		"ServiceAccount": reflect.TypeFor[domain.ServiceAccount](),
		"APIToken":       reflect.TypeFor[domain.APIToken](),
		"CreatedToken":   reflect.TypeFor[service.CreatedToken](),
		"AuditEvent":     reflect.TypeFor[domain.AuditEvent](),
		"OutboxMessage":  reflect.TypeFor[domain.OutboxMessage](),
		"AcceptResult":   reflect.TypeFor[service.AcceptResult](),
		"Me":             reflect.TypeFor[service.Me](),
		"UserAccess":     reflect.TypeFor[service.UserAccess](),
		// Requests.
		"OrganizationCreate":   reflect.TypeFor[service.OrgCreate](),
		"OrganizationUpdate":   reflect.TypeFor[service.OrgUpdate](),
		"UserCreate":           reflect.TypeFor[service.UserCreate](),
		"UserUpdate":           reflect.TypeFor[service.UserUpdate](),
		"RoleCreate":           reflect.TypeFor[service.RoleCreate](),
		"RoleUpdate":           reflect.TypeFor[service.RoleUpdate](),
		"RoleAssignmentCreate": reflect.TypeFor[service.AssignmentCreate](),
		"InvitationCreate":     reflect.TypeFor[service.InvitationCreate](),
		"InvitationUpdate":     reflect.TypeFor[service.InvitationUpdate](),
		"InvitationResend":     reflect.TypeFor[service.InvitationResend](),
		"InvitationAccept":     reflect.TypeFor[service.InvitationAccept](),
		"AccountSetup":         reflect.TypeFor[service.AccountSetup](),
		"SignInEvent":          reflect.TypeFor[service.SignInEvent](),
		"TokenCreate":          reflect.TypeFor[service.TokenCreate](),
		"ServiceAccountCreate": reflect.TypeFor[service.ServiceAccountCreate](),
		"ServiceAccountUpdate": reflect.TypeFor[service.ServiceAccountUpdate](),
	} {
		schema, ok := doc.Components.Schemas[name]
		if !ok {
			t.Errorf("openapi.json has no schema %s (for %s)", name, typ)
			continue
		}
		if schema.AdditionalProperties == nil || *schema.AdditionalProperties {
			t.Errorf("schema %s does not set additionalProperties: false", name)
		}
		var documented []string
		for p := range schema.Properties {
			documented = append(documented, p)
		}
		fields := jsonFields(reflect.New(typ).Interface())
		for _, f := range fields {
			if !slices.Contains(documented, f) {
				t.Errorf("schema %s lacks %q, a JSON field of %s: add it to openapi.json", name, f, typ)
			}
		}
		for _, p := range documented {
			if !slices.Contains(fields, p) {
				t.Errorf("schema %s lists %q, which %s has no JSON field for", name, p, typ)
			}
		}
	}
}
