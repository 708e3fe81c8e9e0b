package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/mspportal/terraform-provider-portal/internal/client"
)

// reason is the server's own words for a failure.
func reason(err error) string {
	var ae *client.APIError
	if errors.As(err, &ae) {
		return ae.Error()
	}
	return err.Error()
}

// apiFailure reports a failed API call so every error reads alike: the summary
// names the operation and the object, the detail the identifier, the server's
// reason and what to do.
func apiFailure(ctx context.Context, diags *diag.Diagnostics, op, object, id, resourceType string, err error) {
	tflog.Warn(ctx, "portal API call failed", map[string]any{"operation": op, "object": object, "id": id, "error": err.Error()})
	subject := object
	if id != "" {
		subject = fmt.Sprintf("%s %q", object, id)
	}
	detail := fmt.Sprintf("The portal API could not %s %s: %s.", op, subject, reason(err))
	if op == "create" && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		detail += "\n\nThe API did not answer before the operation was stopped, so the object may exist without being in the state. " +
			"Look for it in the portal and import it (terraform import) before applying again, or delete it there."
	}
	detail += remedy(err, resourceType)
	diags.AddError(fmt.Sprintf("Unable to %s %s", op, object), detail)
}

// remedy says what to do about a failed API call, in Terraform terms, when
// the kind of failure tells ("" otherwise).
func remedy(err error, resourceType string) string {
	var ae *client.APIError
	if !errors.As(err, &ae) {
		return ""
	}
	switch {
	case ae.Status == http.StatusConflict && ae.ExistingID != "" && resourceType != "":
		// The provider is never told the resource's address; Terraform
		// prints it with the diagnostic ("with portal_user.x"), so the
		// advice points there rather than at a made-up name.
		return fmt.Sprintf("\n\nThe existing %s has id %s. If this configuration should manage it, import it into the resource this error is "+
			"reported for (its address follows \"with\" in this message), with an import block\n\n  import {\n    to = <that address>\n    id = "+
			"%q\n  }\n\n"+
			"or terraform import <that address> %s. Otherwise choose another value.", resourceType, ae.ExistingID, ae.ExistingID, ae.ExistingID)
	case ae.Status == http.StatusPreconditionFailed:
		return "\n\nThe object was changed outside Terraform since it was last read. Run terraform plan (or apply -refresh-only) to refresh, " +
			"review the differences, and apply again."
	case ae.Status == http.StatusForbidden:
		return "\n\nThe provider's token lacks the permission named above on that organization; use a token of a user who holds it, or ask an " +
			"administrator to grant it."
	case ae.Status == http.StatusUnauthorized:
		return "\n\nCheck the provider's token (" + EnvToken + "): it may be revoked, expired, or belong to a disabled user."
	case ae.Status == http.StatusTooManyRequests || ae.Status >= 500:
		return "\n\nThe API kept failing after the configured retries; try again later, or raise max_retries in the provider block."
	}
	return ""
}
