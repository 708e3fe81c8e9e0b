package service

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
)

// Paths of the links sent by e-mail; each link ends with its token.
const (
	SetupPath  = "/account/setup?token="
	AcceptPath = "/invitations/accept?token="
	ResetPath  = "/account/reset?token="
)

// queueMail writes an e-mail to the outbox in the current transaction, so it
// is sent if and only if the change that sends it commits. The subject is
// made one line: names refuse line breaks, but one stored before they did
// must not make the message undeliverable.
func (o *Op) queueMail(ctx context.Context, to, subject, body string) error {
	if err := o.checkMailBudget(ctx, to); err != nil {
		return err
	}
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
	body += fmt.Sprintf("\nThe invitation is valid until %s. Accept it here:\n\n%s%s%s\n",
		inv.ExpiresAt.Format(time.RFC1123), o.svc.BaseURL, AcceptPath, token)
	msg, err := o.quotedMessage(ctx, inv)
	if err != nil {
		return err
	}
	return o.queueMail(ctx, inv.Email, "You are invited to "+names, body+msg)
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
	body += fmt.Sprintf("\nSign in with your existing account, %s, to use it:\n\n%s\n", u.Email, o.svc.BaseURL)
	msg, err := o.quotedMessage(ctx, inv)
	if err != nil {
		return err
	}
	return o.queueMail(ctx, u.Email, "You now have access to "+names, body+msg)
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

// The mail budget of one address: so many messages in a sliding window,
// whichever invitations, set-up links and accounts send them. Beyond it the
// operation that would send one is refused (429 with Retry-After) and writes
// nothing, rather than succeeding with its message held back: the caller
// learns at once, and a retry after the wait does everything.
const (
	MailBudget       = 5
	MailBudgetWindow = time.Hour
)

func (o *Op) checkMailBudget(ctx context.Context, to string) error {
	n, oldest, err := o.tx.MailSince(ctx, to, o.now.Add(-MailBudgetWindow))
	if err != nil || n < MailBudget {
		return err
	}
	return domain.TooSoon("mail_budget", fmt.Sprintf("%d messages already went to %s in the last hour, the most one address gets; "+
		"retry when the oldest of them is an hour old", n, to), oldest.Add(MailBudgetWindow).Sub(o.now))
}

// quotedMessage is the inviter's own words as an e-mail shows them: after
// the portal's call to action, attributed to the sender, each line quoted,
// and with nothing a mail program would turn into a link (":// " and the
// dots and @ of host names and addresses are defanged), so that a message
// cannot pass a link of its own off as the portal's.
func (o *Op) quotedMessage(ctx context.Context, inv domain.Invitation) (string, error) {
	if strings.TrimSpace(inv.Message) == "" {
		return "", nil
	}
	sender := "The person who invited you"
	if inv.InvitedBy != nil {
		u, err := o.tx.GetUser(ctx, *inv.InvitedBy)
		switch {
		case err == nil && u.ServiceAccount:
			sender = fmt.Sprintf("%s (an automation account of the portal)", domain.OneLine(u.FirstName))
		case err == nil:
			sender = fmt.Sprintf("%s %s <%s>", domain.OneLine(u.FirstName), domain.OneLine(u.LastName), defang(u.Email))
		case !errors.Is(err, store.ErrNotFound):
			return "", err
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n%s added this message, which the portal did not write or check:\n\n", sender)
	for _, line := range strings.Split(defang(inv.Message), "\n") {
		b.WriteString("> " + line + "\n")
	}
	return b.String(), nil
}

var (
	schemeSep = regexp.MustCompile(`(?i)([a-z][a-z0-9+.-]*):/+`)
	innerDot  = regexp.MustCompile(`([\p{L}\p{N}])\.([\p{L}\p{N}])`)
)

// defang makes text that a mail program would link (URLs, host names,
// addresses) into plain text that still reads: "https[:]//evil[.]example".
func defang(s string) string {
	s = schemeSep.ReplaceAllString(s, "$1[:]//")
	s = strings.ReplaceAll(s, "@", "[at]")
	for innerDot.MatchString(s) { // overlapping matches: "a.b.c"
		s = innerDot.ReplaceAllString(s, "$1[.]$2")
	}
	return s
}
