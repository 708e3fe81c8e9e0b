package api

import (
	_ "embed"
	"net/http"
)

// openapiDoc is the contract, generated from the route table and the wire
// types by internal/openapi (make generate); a test fails when it is stale.
//
//go:embed openapi.json
var openapiDoc []byte

// OpenAPIDocument returns the API's contract.
func OpenAPIDocument() []byte { return openapiDoc }

func serveOpenAPI(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(openapiDoc)
}
