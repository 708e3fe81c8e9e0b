# Import the holders of a role on an organization by organization id and role id.
terraform import portal_role_members.technicians org_06h0aef3tx505hk91pw9t7py40/technician
