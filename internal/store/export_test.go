package store

import (
	"context"
	"reflect"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

// NotStored tells the tests of package store_test which fields of each
// stored domain type its table leaves out (see table.notStored).
var NotStored = map[reflect.Type]map[string]string{
	reflect.TypeFor[domain.User]():           userTable.notStored,
	reflect.TypeFor[domain.Organization]():   orgTable.notStored,
	reflect.TypeFor[domain.Role]():           roleTable.notStored,
	reflect.TypeFor[domain.RoleAssignment](): assignmentTable.notStored,
	reflect.TypeFor[domain.Invitation]():     invitationTable.notStored,
	reflect.TypeFor[domain.ServiceAccount](): serviceAccountTable.notStored,
}

// MigrateDownTo undoes the migrations above version through their Down
// sections, as an operator rolling back would: tests of a migration's
// backfill replay it over existing data without knowing what the later
// migrations changed.
func (s *Store) MigrateDownTo(ctx context.Context, version int64) error {
	p, err := s.migrations()
	if err != nil {
		return err
	}
	_, err = p.DownTo(ctx, version)
	return err
}

// WaitingWrites counts the writes queued for the writer (see Store.Write).
func (s *Store) WaitingWrites() int {
	s.groups.mu.Lock()
	defer s.groups.mu.Unlock()
	return len(s.groups.waiting)
}
