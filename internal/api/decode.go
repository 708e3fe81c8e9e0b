package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// MaxBodyBytes bounds request bodies; the largest legitimate one is a few KiB.
const MaxBodyBytes = 64 << 10

// readOnlyFields are server-set names that a client may echo back by
// mistake; they get a specific message instead of "unknown field".
var readOnlyFields = []string{"id", "version", "created_at", "updated_at", "status", "locked", "mfa_enrolled",
	"password_change_required", "last_login_at", "invitation_expires_at", "builtin", "accepted_at", "user_id",
	"invitation_id", "expires_at", "invited_by", "kind", "email", "organization_id"}

func readBody(r *http.Request) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBodyBytes+1))
	if err != nil {
		return nil, domain.Invalid("the request body could not be read: " + err.Error())
	}
	if len(body) > MaxBodyBytes {
		return nil, &domain.Error{Kind: domain.KindTooLarge, Code: "body_too_large",
			Detail: fmt.Sprintf("the request body is larger than %d bytes", MaxBodyBytes)}
	}
	return body, nil
}

// refuseBody refuses a body sent to an operation that takes none; an empty
// JSON object is taken for none.
func refuseBody(body []byte) error {
	if b := bytes.TrimSpace(body); len(b) > 0 && string(b) != "{}" {
		return domain.Invalid("this operation takes no request body")
	}
	return nil
}

// checkMediaType refuses a body of another media type than want, naming it.
func checkMediaType(r *http.Request, want string) error {
	got := r.Header.Get("Content-Type")
	mt, _, err := mime.ParseMediaType(got)
	if err == nil && mt == want {
		return nil
	}
	if got == "" {
		got = "none"
	}
	return &domain.Error{Kind: domain.KindUnsupportedMedia, Code: "unsupported_media_type",
		Detail: fmt.Sprintf("the request body must be sent as Content-Type: %s (this request's is %s)", want, got)}
}

// decodeBody decodes one JSON object into dst, a request type of package
// wire, refusing what the document refuses, with a message that names the
// field: a body that is not an object, unknown and read-only fields, a
// required field left out, null for a field that is not nullable, a value of
// the wrong type, and data after the object.
func decodeBody(body []byte, dst any) error {
	b := bytes.TrimSpace(body)
	if len(b) == 0 {
		return domain.Invalid("the request body is empty; send a JSON object")
	}
	if b[0] != '{' && json.Valid(b) {
		return domain.Invalid("the request body must be a JSON object")
	}
	members, err := decodeObject(b, dst)
	if err != nil {
		return err
	}
	fields := wire.JSONFields(reflect.TypeOf(dst))
	var fe domain.Fields
	for _, name := range sortedKeys(members) {
		i := slices.IndexFunc(fields, func(f wire.JSONField) bool { return f.Name == name })
		switch {
		case i < 0:
			return unknownField(name, fields)
		case string(members[name]) == "null" && !fields[i].Nullable():
			fe.Add(name, "must not be null; %s", nullHint(fields[i]))
		}
	}
	for _, f := range fields {
		if _, sent := members[f.Name]; !sent && !f.Omittable {
			fe.Add(f.Name, "is required")
		}
	}
	if err := fe.Err(); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeError(err, dst)
	}
	v := reflect.ValueOf(dst).Elem()
	for _, f := range fields {
		if _, sent := members[f.Name]; sent {
			checkValue(&fe, f, v.FieldByIndex(f.Index))
		}
	}
	return fe.Err()
}

// decodeObject reads the members of the one JSON object b holds, refusing
// what is not exactly one object.
func decodeObject(b []byte, dst any) (map[string]json.RawMessage, error) {
	var members map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&members); err != nil {
		return nil, decodeError(err, dst)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, domain.Invalid("the request body has data after the JSON object; send exactly one object")
	}
	if members == nil {
		return nil, domain.Invalid("the request body must be a JSON object")
	}
	return members, nil
}

// checkValue refuses a field's value outside what the document allows: an
// enumeration's other values, and the bounds of its oas tag.
func checkValue(fe *domain.Fields, f wire.JSONField, v reflect.Value) {
	if p, ok := v.Interface().(wire.PatchField); ok {
		if !v.FieldByName("Set").Bool() || (p.Nullable() && v.FieldByName("Null").Bool()) {
			return
		}
		v = v.FieldByName("Value")
	}
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	k := wire.SchemaKeywords(f.Field)
	switch v.Kind() {
	case reflect.String:
		if e, ok := v.Interface().(interface{ Values() []string }); ok && !slices.Contains(e.Values(), v.String()) {
			fe.Add(f.Name, "must be one of %s, not %q", strings.Join(e.Values(), ", "), v.String())
		}
		checkBounds(fe, f.Name, k, "minLength", "maxLength", int64(utf8.RuneCountInString(v.String())), " characters long")
	case reflect.Int, reflect.Int64:
		checkBounds(fe, f.Name, k, "minimum", "maximum", v.Int(), "")
	case reflect.Slice:
		checkBounds(fe, f.Name, k, "minItems", "maxItems", int64(v.Len()), " items")
	}
}

// checkBounds refuses n outside the bounds that keywords lo and hi set,
// saying what is accepted: "must be from 3600 to 2592000 (got 60)".
func checkBounds(fe *domain.Fields, field string, k map[string]string, lo, hi string, n int64, unit string) {
	minimum, hasMin := boundOf(k, lo)
	maximum, hasMax := boundOf(k, hi)
	switch {
	case hasMin && hasMax && (n < minimum || n > maximum):
		fe.Add(field, "must be from %d to %d%s (got %d)", minimum, maximum, unit, n)
	case hasMin && !hasMax && n < minimum:
		fe.Add(field, "must be at least %d%s (got %d)", minimum, unit, n)
	case hasMax && !hasMin && n > maximum:
		fe.Add(field, "must be at most %d%s (got %d)", maximum, unit, n)
	}
}

func boundOf(k map[string]string, name string) (int64, bool) {
	n, err := strconv.ParseInt(k[name], 10, 64)
	return n, err == nil
}

func nullHint(f wire.JSONField) string {
	if f.Omittable {
		return "leave the field out to keep its value or default"
	}
	return "send a value"
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func unknownField(name string, fields []wire.JSONField) error {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.Name
	}
	accepted := strings.Join(names, ", ")
	if slices.Contains(readOnlyFields, name) {
		return domain.Invalid("a read-only field was sent", domain.FieldError{Field: name,
			Message: "is set by the server or fixed at creation and cannot be sent here; accepted fields: " + accepted})
	}
	return domain.Invalid("an unknown field was sent", domain.FieldError{Field: name,
		Message: "is not a field of this request; accepted fields: " + accepted})
}

func decodeError(err error, dst any) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return domain.Invalid(fmt.Sprintf("the request body is not valid JSON (at byte %d): %v", syn.Offset, syn))
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			return domain.Invalid("the request body must be a JSON object")
		}
		return domain.Invalid("a field has the wrong type", domain.FieldError{Field: field,
			Message: fmt.Sprintf("must be %s, not %s", jsonType(typ.Type), typ.Value)})
	case errors.Is(err, io.ErrUnexpectedEOF):
		return domain.Invalid("the request body is truncated JSON")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return unknownField(name, wire.JSONFields(reflect.TypeOf(dst)))
	}
	return domain.Invalid("the request body could not be decoded: " + err.Error())
}

func jsonType(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "an integer"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return "a " + t.String()
}
