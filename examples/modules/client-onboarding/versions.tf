terraform {
  # 1.16 for `lifecycle { destroy = false }` on the client organization (main.tf);
  # the cross-variable validation in variables.tf needs 1.9.
  required_version = ">= 1.16.0"

  required_providers {
    portal = {
      source  = "mspportal/portal"
      version = ">= 0.2.0"
    }
  }
}
