package store

import (
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
