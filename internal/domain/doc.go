// Package domain owns the portal's business vocabulary and the rules that need
// no storage: object types, input validation, the permission catalog and
// built-in roles, derived states, and effective-access computation over the
// organization tree.
package domain
