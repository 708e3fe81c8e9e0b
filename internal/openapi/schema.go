package openapi

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// object is one JSON object of the document.
type object = map[string]any

// schemas turns wire types into JSON Schema (the dialect of OpenAPI 3.1),
// each struct type once, as a component that the rest refer to.
type schemas struct {
	docs       Docs
	components object
	// requests are the types sent as request bodies: in them null is
	// allowed only where the type is Nullable, and a field is required
	// unless it may be left out.
	requests map[reflect.Type]bool
	examples map[string]any
	// errorAnswers are the error answers, each variant once.
	errorAnswers object
	errs         []string
}

func newSchemas(docs Docs) *schemas {
	return &schemas{docs: docs, components: object{}, requests: map[reflect.Type]bool{}, examples: map[string]any{}, errorAnswers: object{}}
}

func (s *schemas) fail(format string, args ...any) {
	s.errs = append(s.errs, fmt.Sprintf(format, args...))
}

// name is a type's component name: its own, or ItemList for a List[Item].
func name(t reflect.Type) string {
	n := t.Name()
	if inner, ok := strings.CutPrefix(n, "List["); ok {
		inner = strings.TrimSuffix(inner, "]")
		return inner[strings.LastIndex(inner, ".")+1:] + "List"
	}
	return n
}

var timeType = reflect.TypeFor[time.Time]()

// of is the schema of a value of type t, and an example of it.
func (s *schemas) of(t reflect.Type) (object, any) {
	switch {
	case t == timeType:
		return object{"type": "string", "format": "date-time"}, "2026-11-02T09:30:00Z"
	case t.Kind() == reflect.Struct:
		n := s.component(t)
		return object{"$ref": "#/components/schemas/" + n}, s.examples[n]
	case t.Kind() == reflect.Slice:
		items, ex := s.of(t.Elem())
		return object{"type": "array", "items": items}, []any{ex}
	case t.Kind() == reflect.String:
		if e, ok := reflect.Zero(t).Interface().(interface{ Values() []string }); ok {
			// An enumeration is a component of its own, so that a generated
			// client has one type of it wherever it is used.
			if _, done := s.components[t.Name()]; !done {
				s.components[t.Name()] = object{"type": "string", "enum": e.Values(), "description": s.docs[t.Name()],
					"examples": []any{e.Values()[0]}}
			}
			return object{"$ref": "#/components/schemas/" + t.Name()}, e.Values()[0]
		}
		return object{"type": "string"}, nil
	case t.Kind() == reflect.Bool:
		return object{"type": "boolean"}, true
	case t.Kind() == reflect.Int64:
		return object{"type": "integer", "format": "int64"}, 1
	case t.Kind() == reflect.Int:
		return object{"type": "integer"}, 1
	case t.Kind() == reflect.Interface:
		return object{}, nil
	}
	s.fail("no schema for Go type %s", t)
	return object{}, nil
}

// component registers struct type t as a schema and returns its name.
func (s *schemas) component(t reflect.Type) string {
	n := name(t)
	if _, done := s.components[n]; done {
		return n
	}
	s.components[n] = object{} // a placeholder against recursion
	request := s.requests[t]
	props, example, required := object{}, object{}, []string{}
	for _, f := range wire.JSONFields(t) {
		schema, ex := s.field(f, request)
		props[f.Name] = schema
		example[f.Name] = ex
		if !f.Omittable {
			required = append(required, f.Name)
		}
	}
	c := object{"type": "object", "properties": props, "additionalProperties": false, "examples": []any{example}}
	c["description"] = s.docs[goName(t)]
	if len(required) > 0 {
		c["required"] = required
	}
	s.components[n], s.examples[n] = c, example
	return n
}

// field is the schema of one field, and its example.
func (s *schemas) field(f wire.JSONField, request bool) (object, any) {
	t := f.Field.Type
	nullable := false
	if p, ok := reflect.Zero(t).Interface().(wire.PatchField); ok {
		nullable, t = p.Nullable(), p.ValueType()
	} else if t.Kind() == reflect.Pointer {
		// An answer's pointer is null when it is not left out instead.
		nullable, t = !request && !f.Omittable, t.Elem()
	}
	schema, ex := s.of(t)
	keywords := wire.SchemaKeywords(f.Field)
	if typ, ok := keywords["type"]; ok { // an object of no fixed shape (an audit event's snapshots)
		schema = object{"type": typ}
		nullable = nullable || t.Kind() == reflect.Interface
	}
	for k, v := range keywords {
		if k != "type" {
			schema[k] = keywordValue(v)
		}
	}
	if tag, ok := f.Field.Tag.Lookup("example"); ok {
		ex = exampleValue(tag, t)
	} else if ex == nil {
		s.fail("%s.%s has no example tag", goName(f.Owner), f.Field.Name)
	}
	if ref, isRef := schema["$ref"]; isRef && nullable {
		schema = object{"oneOf": []any{object{"$ref": ref}, object{"type": "null"}}}
	} else if !isRef {
		schema["examples"] = []any{ex}
		if nullable {
			schema["type"] = []any{schema["type"], "null"}
			if enum, ok := schema["enum"].([]string); ok {
				schema["enum"] = append(anySlice(enum), nil)
			}
		}
	}
	schema["description"] = s.docs[goName(f.Owner)+"."+f.Field.Name]
	if schema["description"] == "" {
		s.fail("%s.%s has no doc comment: it is the field's description in the document", goName(f.Owner), f.Field.Name)
	}
	return schema, ex
}

// goName is a type's name as its declaration spells it: List, not List[User].
func goName(t reflect.Type) string {
	n, _, _ := strings.Cut(t.Name(), "[")
	return n
}

func anySlice(ss []string) []any {
	out := make([]any, len(ss))
	for i, v := range ss {
		out[i] = v
	}
	return out
}

// keywordValue is an oas tag's value as JSON: a number, true, or text.
func keywordValue(v string) any {
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		return n
	}
	if v == "true" {
		return true
	}
	return v
}

// exampleValue is an example tag's value: plain text for a string, JSON otherwise.
func exampleValue(tag string, t reflect.Type) any {
	if t.Kind() == reflect.String {
		return tag
	}
	var v any
	if err := json.Unmarshal([]byte(tag), &v); err != nil {
		return tag
	}
	return v
}
