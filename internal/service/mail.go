package service

import (
	"context"
	"fmt"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

// Paths of the links sent by e-mail; each link ends with its token.
const (
	SetupPath  = "/account/setup?token="
	AcceptPath = "/invitations/accept?token="
)

// queueMail writes an e-mail to the outbox in the current transaction, so it
// is sent if and only if the change that sends it commits. The subject is
// made one line: names refuse line breaks, but one stored before they did
// must not make the message undeliverable.
func (o *Op) queueMail(ctx context.Context, to, subject, body string) error {
	return o.tx.InsertOutbox(ctx, domain.OutboxMessage{ID: domain.NewID("msg"), To: to, Subject: domain.OneLine(subject), Body: body, Created: o.now})
}

func (o *Op) sendSetupMail(ctx context.Context, u domain.User, token string) error {
	body := fmt.Sprintf("Hello %s,\n\nAn account was created for you on the portal. Set your password before %s to finish setting it up:\n\n%s%s%s\n",
		u.FirstName, u.InvitationExpiresAt.Format(time.RFC1123), o.svc.BaseURL, SetupPath, token)
	return o.queueMail(ctx, u.Email, "Set up your portal account", body)
}

func (o *Op) sendInvitationMail(ctx context.Context, inv domain.Invitation, orgName, token string) error {
	body := fmt.Sprintf("Hello,\n\nYou are invited to join %s on the portal.\n", orgName)
	if inv.Message != "" {
		body += "\n" + inv.Message + "\n"
	}
	body += fmt.Sprintf("\nThe invitation is valid until %s. Accept it here:\n\n%s%s%s\n",
		inv.ExpiresAt.Format(time.RFC1123), o.svc.BaseURL, AcceptPath, token)
	return o.queueMail(ctx, inv.Email, "You are invited to "+orgName, body)
}
