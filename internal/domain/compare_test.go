package domain_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/domain/domaintest"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// bookkeeping is what every write changes: SameContent ignores it.
var bookkeeping = map[string]bool{"Version": true, "CreatedAt": true, "UpdatedAt": true}

// TestSameContentSeesEveryField changes each field of each stored domain type
// in turn, found by reflection: a field added to a type is covered here
// without editing the test, and an update that changes only it is saved.
func TestSameContentSeesEveryField(t *testing.T) {
	checkEveryField[domain.User](t)
	checkEveryField[domain.Organization](t)
	checkEveryField[domain.Role](t)
	checkEveryField[domain.RoleAssignment](t)
	checkEveryField[domain.Invitation](t)
	checkEveryField[domain.ServiceAccount](t)
}

func checkEveryField[T any](t *testing.T) {
	t.Helper()
	var base T
	domaintest.Fill(reflect.ValueOf(&base).Elem(), 1)
	if !domain.SameContent(base, base) {
		t.Fatalf("%T: a value differs from itself", base)
	}
	for _, f := range domaintest.Leaves(reflect.TypeFor[T]()) {
		changed := base
		domaintest.Fill(reflect.ValueOf(&changed).Elem().FieldByIndex(f.Index), 2)
		if got, want := domain.SameContent(base, changed), bookkeeping[f.Name]; got != want {
			t.Errorf("%T.%s changed: SameContent = %v, want %v", base, f.Name, got, want)
		}
	}
}

func TestSameContentComparesMeaning(t *testing.T) {
	at := time.Date(2030, 1, 2, 3, 4, 5, 6, time.UTC)
	a := domain.Role{Permissions: nil, Meta: domain.Meta{ID: "r"}}
	b := domain.Role{Permissions: []string{}, Meta: domain.Meta{ID: "r"}}
	if !domain.SameContent(a, b) {
		t.Error("a nil permission list and an empty one differ")
	}
	u := domain.User{User: wire.User{LastLoginAt: &at}}
	local := at.In(time.FixedZone("east", 3600))
	if !domain.SameContent(u, domain.User{User: wire.User{LastLoginAt: &local}}) {
		t.Error("the same instant in another zone differs")
	}
	if domain.SameContent(u, domain.User{}) {
		t.Error("a time and no time are the same")
	}
	if domain.SameContent(domain.Organization{Meta: domain.Meta{ID: "a"}}, domain.Organization{Meta: domain.Meta{ID: "b"}}) {
		t.Error("two ids are the same")
	}
}
