terraform {
  required_providers {
    portal = { source = "mspportal/portal" }
  }
}

# PORTAL_ENDPOINT and PORTAL_TOKEN configure the provider.
provider "portal" {}
