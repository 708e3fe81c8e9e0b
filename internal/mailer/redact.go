package mailer

import (
	"regexp"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

// Redacted stands in for a secret removed from a stored message.
const Redacted = "[redacted]"

var (
	// linkToken is the secret of an e-mailed link: its token parameter.
	linkToken = regexp.MustCompile(`(token=)[^\s&#"'<>]+`)
	// bareSecret is a secret of the portal's kinds anywhere else in a body.
	bareSecret = regexp.MustCompile(`\b(?:` + regexp.QuoteMeta(domain.InvitationTokenPrefix) + `|` +
		regexp.QuoteMeta(domain.SetupTokenPrefix) + `|` + regexp.QuoteMeta(domain.APITokenPrefix) + `|` +
		regexp.QuoteMeta(domain.ResetTokenPrefix) + `|` + regexp.QuoteMeta(domain.SessionTokenPrefix) + `)[A-Za-z0-9_-]+`)
)

// RedactLinks returns body with the secret of every link replaced by
// [redacted]: what the outbox keeps of a message once it is delivered.
func RedactLinks(body string) string {
	body = linkToken.ReplaceAllString(body, "${1}"+Redacted)
	return bareSecret.ReplaceAllString(body, Redacted)
}
