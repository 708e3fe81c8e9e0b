package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"slices"
	"strings"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
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
		return nil, &domain.Error{Kind: domain.KindTooLarge, Code: "body_too_large", Detail: fmt.Sprintf("the request body is larger than %d bytes", MaxBodyBytes)}
	}
	return body, nil
}

// DecodeStrict decodes one JSON object into dst, refusing unknown fields,
// trailing data and wrong types with a message that names the field.
func DecodeStrict(body []byte, dst any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return domain.Invalid("the request body is empty; send a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeError(err, dst)
	}
	if dec.More() {
		return domain.Invalid("the request body has data after the JSON object; send exactly one object")
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return domain.Invalid("the request body has data after the JSON object; send exactly one object")
	}
	return nil
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
		return domain.Invalid("a field has the wrong type", domain.FieldError{Field: field, Message: fmt.Sprintf("must be %s, not %s", jsonType(typ.Type.String()), typ.Value)})
	case errors.Is(err, io.ErrUnexpectedEOF):
		return domain.Invalid("the request body is truncated JSON")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		accepted := strings.Join(jsonFields(dst), ", ")
		if slices.Contains(readOnlyFields, name) {
			return domain.Invalid("a read-only field was sent", domain.FieldError{Field: name, Message: "is set by the server or fixed at creation and cannot be sent here; accepted fields: " + accepted})
		}
		return domain.Invalid("an unknown field was sent", domain.FieldError{Field: name, Message: "is not a field of this request; accepted fields: " + accepted})
	}
	return domain.Invalid("the request body could not be decoded: " + err.Error())
}

func jsonType(goType string) string {
	switch {
	case strings.Contains(goType, "[]"):
		return "an array"
	case strings.Contains(goType, "string"):
		return "a string"
	case strings.Contains(goType, "bool"):
		return "true or false"
	case strings.Contains(goType, "int"):
		return "an integer"
	}
	return "a " + goType
}

// jsonFields lists the JSON names a request type accepts (or a response
// type sends): the tagged fields, those of embedded structs included.
func jsonFields(dst any) []string {
	var out []string
	for _, f := range jsonStructFields(dst) {
		out = append(out, f.Name)
	}
	return out
}

// jsonStructFields is jsonFields with each field's type; Name is the JSON name.
func jsonStructFields(dst any) []reflect.StructField {
	t := reflect.TypeOf(dst)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	return structJSONFields(t)
}

func structJSONFields(t reflect.Type) []reflect.StructField {
	var out []reflect.StructField
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case name == "" && f.Anonymous && f.Type.Kind() == reflect.Struct:
			out = append(out, structJSONFields(f.Type)...)
		case name != "" && name != "-":
			f.Name = name
			out = append(out, f)
		}
	}
	return out
}
