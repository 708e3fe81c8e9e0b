# Import a user by id ...
terraform import portal_user.alice usr_06h0aef461jajq1b0j4czs2jh4

# ... or by e-mail address (any letter case).
terraform import portal_user.alice alice@acme.example
