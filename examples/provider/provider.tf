terraform {
  required_providers {
    portal = {
      source = "mspportal/portal"
    }
  }
}

# The endpoint and token may also come from PORTAL_ENDPOINT and PORTAL_TOKEN.
provider "portal" {
  endpoint    = "https://portal.example.com"
  token       = var.portal_token
  max_retries = 4
}

variable "portal_token" {
  type      = string
  sensitive = true
}
