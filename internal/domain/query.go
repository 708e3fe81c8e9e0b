package domain

import (
	"encoding/base64"
	"encoding/json"
	"errors"
)

// What lists ask the store for: pages and filters. The service fills in the
// scope (Within, WithinSubtrees) from the caller's access; the HTTP layer
// fills in the rest from the query string.

// Page bounds.
const (
	DefaultPageSize = 50
	MaxPageSize     = 200
)

// Page asks for one page of a list ordered by id.
type Page struct {
	Limit int
	After string // the last id of the previous page
}

// ErrBadPageToken is returned for a page token this server did not issue.
var ErrBadPageToken = errors.New("page_token is not a token this server issued; pass the next_page_token of the previous page unchanged")

// EncodePageToken makes an opaque cursor from the last id of a page.
func EncodePageToken(lastID string) string {
	b, _ := json.Marshal(map[string]string{"a": lastID})
	return base64.RawURLEncoding.EncodeToString(b)
}

// DecodePageToken reverses EncodePageToken.
func DecodePageToken(tok string) (string, error) {
	if tok == "" {
		return "", nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return "", ErrBadPageToken
	}
	var m map[string]string
	if err := json.Unmarshal(raw, &m); err != nil || m["a"] == "" {
		return "", ErrBadPageToken
	}
	return m["a"], nil
}

// AssignmentFilter narrows an assignment list.
type AssignmentFilter struct {
	Within         []string // organizations the caller may see
	WithinSubtrees []string // whole subtrees in scope
	UserID         string
	OrganizationID string
	RoleID         string
	InvitationID   string
	Status         AssignmentStatus // active or expired at Now; empty: both
	Now            string           // the service's clock, for the status filter
}

// AuditFilter narrows the audit trail.
type AuditFilter struct {
	Within         []string
	WithinSubtrees []string // whole subtrees in scope
	OrganizationID string
	ObjectID       string
	Action         string
	ActorUserID    string
}

// InvitationFilter narrows an invitation list.
type InvitationFilter struct {
	Within         []string
	WithinSubtrees []string // whole subtrees in scope
	OrganizationID string
	Status         string
	Email          string
	Now            string // for the derived expired status
	// Unanswered: pending or expired, i.e. neither accepted nor revoked.
	Unanswered bool
}

// OrgFilter narrows an organization list.
type OrgFilter struct {
	ParentID   string
	Kind       string
	Name       string // exact, case-insensitive
	ExternalID string // exact
	// Within and WithinSubtrees scope the list (whole subtrees).
	Within         []string
	WithinSubtrees []string
}

// RoleFilter narrows a role list.
type RoleFilter struct {
	// VisibleFrom lists the organizations where the caller reads roles:
	// custom roles defined in them, below them or above them are visible
	// (a role defined on a partner is usable in its clients).
	VisibleFrom    []string
	OrganizationID string // only roles defined in this organization ("" for all visible)
	Name           string
	Builtin        *bool
}

// ServiceAccountFilter narrows a service account list.
type ServiceAccountFilter struct {
	Within         []string // home organizations the caller may see
	WithinSubtrees []string // ... or their subtrees (whole subtrees)
	OrganizationID string
	Name           string // exact, ignoring case
}

// UserFilter mirrors the portals' user pages.
type UserFilter struct {
	Within         []string // home organizations the caller may see
	WithinSubtrees []string // ... or their subtrees (whole subtrees)
	OrgIDs         []string // organization filter
	OrgSubtree     string   // organization filter with its descendants
	Status         string
	RoleID         string
	MFAEnrolled    *bool
	Query          string // free text on e-mail and names
	Email          string
	Now            string // the service's clock, for the "expired" filter
}

// IdempotentResponse is the stored first answer to a keyed POST.
type IdempotentResponse struct {
	Method, Path, RequestHash string
	Status                    int
	Body                      []byte
}
