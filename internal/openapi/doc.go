// Package openapi generates the API's OpenAPI 3.1 document from the route
// table (api.Operations) and the wire types with their doc comments, so
// that the document says exactly what the server does: every operation with
// its operationId, its parameters, body and answers, the headers each
// answer carries, and the schema of every wire type, with its required
// fields, its nulls and an example.
package openapi
