package openapi_test

import (
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/api"
	"github.com/mspportal/terraform-provider-portal/internal/openapi"
)

// TestDocumentIsCurrent fails when the committed document is not the one the
// route table and the wire types generate: a field, route or doc comment
// changed without make generate.
func TestDocumentIsCurrent(t *testing.T) {
	docs, err := openapi.ParseDocs("../wire")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := openapi.Build(api.Operations(true), api.Tags, docs)
	if err != nil {
		t.Fatal(err)
	}
	if err := openapi.Check(doc, api.OpenAPIDocument()); err != nil {
		t.Fatal(err)
	}
}
