package store

import (
	"context"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

// GrantLimits returns the max_grant_duration of those of orgs that set one.
func (t *Tx) GrantLimits(ctx context.Context, orgs []string) (map[string]string, error) {
	rows, err := all(t, ctx, "SELECT id, max_grant_duration FROM organizations WHERE id IN (SELECT value FROM json_each(?)) "+
		"AND max_grant_duration IS NOT NULL", []any{jsonList(orgs)}, scanPair)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(rows))
	for _, r := range rows {
		out[r[0]] = r[1]
	}
	return out, nil
}

var lapsedSQL = "SELECT " + assignmentTable.selectList + " FROM role_assignments WHERE expires_at IS NOT NULL AND expires_at <= ? " +
	"AND NOT expiry_audited ORDER BY expires_at, id LIMIT ?"

// LapsedAssignments lists up to limit assignments whose end has passed at
// now and whose lapse is not in the audit trail yet, oldest first.
func (t *Tx) LapsedAssignments(ctx context.Context, now string, limit int) ([]domain.RoleAssignment, error) {
	return all(t, ctx, lapsedSQL, []any{now, limit}, assignmentTable.rows())
}

// MarkLapseAudited records that an assignment's lapse is in the audit trail.
func (t *Tx) MarkLapseAudited(ctx context.Context, id string) error {
	return checkOne(t.exec(ctx, "UPDATE role_assignments SET expiry_audited = true WHERE id = ?", id))
}
