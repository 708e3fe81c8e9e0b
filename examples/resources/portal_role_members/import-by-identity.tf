# Terraform 1.12 and later: import by resource identity in an import block.
import {
  to = portal_role_members.technicians
  identity = {
    id = "org_06h0aef3tx505hk91pw9t7py40/technician"
  }
}
