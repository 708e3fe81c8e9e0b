# Import an invitation by its id.
terraform import portal_invitation.acme_admin inv_06h0akbagd8qcjenv4mcvbn288
