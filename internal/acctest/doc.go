// Package acctest owns the shared test harness: it starts the real reference
// API in-process on a temporary SQLite database with a known bootstrap token,
// and gives tests a small HTTP client for it.
package acctest
