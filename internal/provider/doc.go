// Package provider owns the Terraform surface of the portal: the provider
// configuration, one file per resource and data source, and the helpers they
// share (diagnostics, logging, client wiring).
package provider
