# Terraform 1.12 and later: import by resource identity in an import block.
import {
  to = portal_service_account.acme_ci
  identity = {
    id = "sva_06h0aef461jajq1b0j4czs2jh4"
  }
}
