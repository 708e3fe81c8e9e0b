package api

import (
	"encoding/csv"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/service"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// maxCSVRows bounds one export; larger portals narrow the filters.
const maxCSVRows = 100000

// userColumn is one column of the CSV export that a field of wire.User fills.
type userColumn struct {
	name  string
	index []int
	cell  func(reflect.Value) string
}

// userColumns are the export's columns from wire.User, derived from its
// fields so that a field added to the user is exported without a second
// list: id first, the user's own fields in order, created_at last; the
// version and updated_at are bookkeeping, not data about the person.
var userColumns = func() []userColumn {
	var head, body, tail []userColumn
	for _, f := range wire.JSONFields(reflect.TypeFor[wire.User]()) {
		if f.Name == "version" || f.Name == "updated_at" {
			continue
		}
		c := userColumn{name: f.Name, index: f.Index, cell: cellOf(f.Field.Type)}
		switch f.Name {
		case "id":
			head = append(head, c)
		case "created_at":
			tail = append(tail, c)
		default:
			body = append(body, c)
		}
	}
	return append(append(head, body...), tail...)
}()

// UserCSVHeader is the export's header row.
func UserCSVHeader() []string {
	out := make([]string, 0, len(userColumns)+2)
	for _, c := range userColumns {
		out = append(out, c.name)
	}
	return append(out, "organization_name", "roles")
}

// cellOf returns how a field of type t is written in a cell.
func cellOf(t reflect.Type) func(reflect.Value) string {
	switch {
	case t == reflect.TypeFor[time.Time]():
		return func(v reflect.Value) string { return v.Interface().(time.Time).Format(time.RFC3339) } //nolint:forcetypeassert // t says so
	case t.Kind() == reflect.Pointer:
		elem := cellOf(t.Elem())
		return func(v reflect.Value) string {
			if v.IsNil() {
				return ""
			}
			return elem(v.Elem())
		}
	case t.Kind() == reflect.Bool:
		return func(v reflect.Value) string { return strconv.FormatBool(v.Bool()) }
	case t.Kind() == reflect.String:
		return func(v reflect.Value) string { return cell(v.String()) }
	}
	panic("api: the CSV export cannot write a " + t.String() + ": teach cellOf")
}

// userRow is one user's row, in the order of UserCSVHeader.
func userRow(u service.ExportedUser) []string {
	v := reflect.ValueOf(u.User.User)
	row := make([]string, 0, len(userColumns)+2)
	for _, c := range userColumns {
		row = append(row, c.cell(v.FieldByIndex(c.index)))
	}
	return append(row, cell(u.OrganizationName), cell(strings.Join(u.Roles, "; ")))
}

// exportUsers streams every matching user as CSV from one snapshot. Rows go
// out as they are read, so memory does not grow with the export; the header
// waits for the first row (or the end), so that a refused export is still a
// problem document.
func (a *API) exportUsers(w http.ResponseWriter, r *http.Request, q wire.UserQuery) {
	f, org, desc := userFilter(q)
	var cw *csv.Writer
	start := func() {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="users.csv"`)
		cw = csv.NewWriter(w)
		_ = cw.Write(UserCSVHeader())
	}
	err := a.svc.ExportUsers(r.Context(), callerFrom(r.Context()), f, org, desc, maxCSVRows, func(u service.ExportedUser) error {
		if cw == nil {
			start()
		}
		return cw.Write(userRow(u))
	})
	switch {
	case err != nil && cw == nil:
		a.writeError(w, r, err)
		return
	case err != nil:
		// Too late for a problem document: cut the body short, so that the
		// client sees a broken transfer rather than a complete-looking file.
		a.log.Warn("CSV export stopped", "error", err.Error())
		panic(http.ErrAbortHandler)
	case cw == nil:
		start()
	}
	cw.Flush()
}

// cell defuses spreadsheet formulas in user-supplied text; an E.164 phone
// number (a plus and digits) is left as it is.
func cell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '@', '\t', '\r', '-':
		return "'" + s
	case '+':
		if domain.ValidatePhone(s) != nil {
			return "'" + s
		}
	}
	return s
}
