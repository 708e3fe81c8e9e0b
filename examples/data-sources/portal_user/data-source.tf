data "portal_user" "alice" {
  email = "Alice@Example.com"
}

output "alice_status" {
  value = data.portal_user.alice.status
}
