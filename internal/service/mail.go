package service

import (
	"context"
	"fmt"
	"slices"
	"strings"
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
	return o.tx.InsertOutbox(
		ctx,
		domain.OutboxMessage{ID: domain.NewID("msg"), To: to, Subject: domain.OneLine(subject), Body: body, CreatedAt: o.now},
	)
}

func (o *Op) sendSetupMail(ctx context.Context, u domain.User, token string) error {
	body := fmt.Sprintf(
		"Hello %s,\n\nAn account was created for you on the portal. Set your password before %s to finish setting it up:\n\n%s%s%s\n",
		u.FirstName,
		u.InvitationExpiresAt.Format(time.RFC1123),
		o.svc.BaseURL,
		SetupPath,
		token,
	)
	return o.queueMail(ctx, u.Email, "Set up your portal account", body)
}

func (o *Op) sendInvitationMail(ctx context.Context, inv domain.Invitation, token string) error {
	names, err := o.orgNames(ctx, inv.OrganizationIDs)
	if err != nil {
		return err
	}
	body := fmt.Sprintf("Hello,\n\nYou are invited to join %s on the portal.\n", names)
	if inv.Message != "" {
		body += "\n" + inv.Message + "\n"
	}
	body += fmt.Sprintf("\nThe invitation is valid until %s. Accept it here:\n\n%s%s%s\n",
		inv.ExpiresAt.Format(time.RFC1123), o.svc.BaseURL, AcceptPath, token)
	return o.queueMail(ctx, inv.Email, "You are invited to "+names, body)
}

// sendAccessMail tells the owner of an existing account that an invitation
// gave them access to orgs, with which roles: one message however many
// organizations, and no link, since there is nothing to accept.
func (o *Op) sendAccessMail(ctx context.Context, inv domain.Invitation, u domain.User, orgs []string) error {
	names, err := o.orgNames(ctx, orgs)
	if err != nil {
		return err
	}
	roles := make([]string, 0, len(inv.RoleIDs))
	for _, id := range inv.RoleIDs {
		r, err := o.tx.GetRole(ctx, id)
		if err != nil {
			return err
		}
		roles = append(roles, r.Name)
	}
	slices.Sort(roles)
	body := fmt.Sprintf("Hello %s,\n\nYou now have access to %s on the portal, with the role(s) %s.\n", u.FirstName, names, phrase(roles))
	if inv.Message != "" {
		body += "\n" + inv.Message + "\n"
	}
	body += fmt.Sprintf("\nSign in with your existing account, %s, to use it:\n\n%s\n", u.Email, o.svc.BaseURL)
	return o.queueMail(ctx, u.Email, "You now have access to "+names, body)
}

// orgNames names organizations in a sentence, sorted by name ("Acme, Beta and Gamma").
func (o *Op) orgNames(ctx context.Context, ids []string) (string, error) {
	names := make([]string, 0, len(ids))
	for _, id := range ids {
		org, err := o.tx.GetOrg(ctx, id)
		if err != nil {
			return "", err
		}
		names = append(names, org.Name)
	}
	slices.SortFunc(names, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	return phrase(names), nil
}

// phrase joins words as a sentence does: "a", "a and b", "a, b and c".
func phrase(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}
