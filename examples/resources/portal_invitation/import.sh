# Import an invitation by its id ...
terraform import portal_invitation.acme_admin inv_06h0akbagd8qcjenv4mcvbn288

# ... or by e-mail address and organization id (the pending or expired one, else the accepted one).
terraform import portal_invitation.acme_admin admin@acme.example/org_06h0aef3tx505hk91pw9t7py5c
