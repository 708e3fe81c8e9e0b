// Package store owns persistence on SQLite or PostgreSQL: the schema and its
// versioned migrations, transactions, and the typed reads and writes of
// every portal object. It enforces uniqueness and referential integrity;
// business rules live in the service package.
package store
