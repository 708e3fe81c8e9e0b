package api

import (
	"bufio"
	"encoding/csv"
	"errors"
	"io"
	"net/http"
	"os"
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

// exportUsers answers every matching user as CSV. The rows are read from
// one snapshot into a temporary file at the database's speed, and only then
// sent, so that however slowly the client downloads, it holds no snapshot
// and no connection (see service.MaxExports); memory holds one page. A
// refused export is a problem document, since nothing is sent before the
// whole export is read. A download that stalls longer than exportStall, or
// lasts longer than exportMax, is cut off.
func (a *API) exportUsers(w http.ResponseWriter, r *http.Request, q wire.UserQuery) {
	caller := callerFrom(r.Context())
	release, err := a.svc.ExportSlot(r.Context(), caller)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	defer release()
	spool, err := os.CreateTemp("", "portal-export-*.csv")
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	defer func() { _ = spool.Close(); _ = os.Remove(spool.Name()) }()
	buf := bufio.NewWriterSize(spool, 64<<10)
	cw := csv.NewWriter(buf)
	_ = cw.Write(UserCSVHeader())
	f, org, desc := userFilter(q)
	err = a.svc.ExportUsers(r.Context(), caller, f, org, desc, maxCSVRows, func(u service.ExportedUser) error {
		return cw.Write(userRow(u))
	})
	if cw.Flush(); err == nil {
		err = cw.Error()
	}
	if err == nil {
		err = buf.Flush()
	}
	var size int64
	if err == nil {
		size, err = spool.Seek(0, io.SeekCurrent)
	}
	if err == nil {
		_, err = spool.Seek(0, io.SeekStart)
	}
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="users.csv"`)
	w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
	if err := a.sendSpool(w, spool); err != nil {
		a.log.Warn("CSV export cut off", "error", err.Error())
		panic(http.ErrAbortHandler) // a broken transfer, never a complete-looking file
	}
}

// sendSpool copies a spooled export to the client, a chunk at a time, each
// within exportStall and all within exportMax of the start.
func (a *API) sendSpool(w http.ResponseWriter, spool io.Reader) error {
	rc := http.NewResponseController(w)
	end := time.Now().Add(a.exportMax())
	chunk := make([]byte, 32<<10)
	for {
		n, err := spool.Read(chunk)
		if n > 0 {
			deadline := time.Now().Add(a.exportStall())
			if deadline.After(end) {
				deadline = end
			}
			if err := rc.SetWriteDeadline(deadline); err != nil && !errors.Is(err, http.ErrNotSupported) {
				return err
			}
			if _, err := w.Write(chunk[:n]); err != nil {
				return err
			}
		}
		if errors.Is(err, io.EOF) {
			if err := rc.Flush(); err != nil && !errors.Is(err, http.ErrNotSupported) {
				return err
			}
			return nil
		}
		if err != nil {
			return err
		}
	}
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
