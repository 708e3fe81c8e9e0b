# Terraform 1.12 and later: import by resource identity in an import block.
import {
  to = portal_role_assignment.terry_technician
  identity = {
    id = "ras_06h0akbagd8qcjenv4mcvbn288"
  }
}
