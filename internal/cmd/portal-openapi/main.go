// Command portal-openapi writes the API's OpenAPI document, generated from
// the route table and the wire types (make generate runs it).
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/mspportal/terraform-provider-portal/internal/api"
	"github.com/mspportal/terraform-provider-portal/internal/openapi"
)

func main() {
	wireDir := flag.String("wire", "internal/wire", "the wire package's directory, whose doc comments describe the schemas")
	out := flag.String("o", "internal/api/openapi.json", "where to write the document")
	flag.Parse()
	if err := run(*wireDir, *out); err != nil {
		fmt.Fprintln(os.Stderr, "portal-openapi:", err)
		os.Exit(1)
	}
}

func run(wireDir, out string) error {
	docs, err := openapi.ParseDocs(wireDir)
	if err != nil {
		return err
	}
	doc, err := openapi.Build(api.Operations(true), api.Tags, docs)
	if err != nil {
		return err
	}
	return os.WriteFile(out, doc, 0o644)
}
