// Package wire is the API's contract in Go: every object the API answers,
// every request body it accepts, every list and every query it reads, with
// the PATCH idioms (Optional, Nullable) and the enumerations. It is pure data
// with no server code, so that the API (which decodes and answers these
// types), the client (which sends and decodes them) and the provider share
// one definition; the OpenAPI document is generated from it (internal/openapi).
//
// Conventions the document generator reads:
//   - a field's doc comment is its description, a type's is the schema's;
//   - in a request, a field tagged omitempty or omitzero may be left out, the
//     others are required; in an answer every field is always sent unless
//     tagged omitempty;
//   - null is allowed where the Go type says so: a pointer in an answer, a
//     Nullable in a request; an Optional or a pointer in a request refuses it;
//   - a type with a Values method is an enumeration;
//   - the oas tag adds schema keywords (format=email, minimum=1, maxItems=50,
//     default=50, uniqueItems), which the server applies as the document says;
//   - the example tag is the field's example (JSON, or plain text for a string).
package wire
