# Terraform 1.12 and later: import by resource identity in an import block.
import {
  to = portal_api_token.acme_ci
  identity = {
    service_account_id = "sva_06h0aef461jajq1b0j4czs2jh4"
    id                 = "tok_06h0akbagd8qcjenv4mcvbn288"
  }
}
