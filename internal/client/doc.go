// Package client owns the typed Go client of the portal management API: one
// method per operation, retries with backoff and jitter for 429 and 5xx
// (honouring Retry-After up to a cap), idempotency keys that survive retries,
// and errors that keep the server's problem detail.
package client
