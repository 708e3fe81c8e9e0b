# Terraform 1.12 and later: import by resource identity in an import block.
import {
  to = portal_invitation.acme_admin
  identity = {
    id = "inv_06h0akbagd8qcjenv4mcvbn288"
  }
}
