// Package api owns the reference management API's HTTP surface: routes,
// strict JSON decoding, problem+json errors, authentication, rate limits,
// ETag/If-Match, idempotent POSTs, CSV export and the OpenAPI document.
package api
