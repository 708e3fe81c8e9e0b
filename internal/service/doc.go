// Package service owns the portal's operations: every create, change and
// delete with its business rules and authorization checks, run inside the
// caller's transaction together with its audit event and outgoing e-mail.
package service
