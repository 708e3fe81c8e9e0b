package wire

import (
	"reflect"
	"strings"
)

// JSONField is one field of a wire type as JSON sees it.
type JSONField struct {
	// Name is the JSON name.
	Name  string
	Field reflect.StructField
	// Index is the field's path through embedded structs (Meta).
	Index []int
	// Owner is the struct type that declares the field.
	Owner reflect.Type
	// Omittable: tagged omitempty or omitzero, so that it may be left out.
	Omittable bool
}

// JSONFields lists the JSON fields of struct type t in the order encoding/json
// writes them, those of embedded structs in their place.
func JSONFields(t reflect.Type) []JSONField {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	var out []JSONField
	var walk func(t reflect.Type, prefix []int)
	walk = func(t reflect.Type, prefix []int) {
		for i := range t.NumField() {
			f := t.Field(i)
			index := append(append([]int(nil), prefix...), i)
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			switch {
			case name == "" && f.Anonymous && f.Type.Kind() == reflect.Struct:
				walk(f.Type, index)
			case name != "" && name != "-" && f.IsExported():
				omit := false
				for _, o := range strings.Split(opts, ",") {
					omit = omit || o == "omitempty" || o == "omitzero"
				}
				out = append(out, JSONField{Name: name, Field: f, Index: index, Owner: t, Omittable: omit})
			}
		}
	}
	walk(t, nil)
	return out
}

// Nullable tells whether null is a value of a request field: only a
// Nullable is; an Optional, a pointer or any other type refuses it.
func (f JSONField) Nullable() bool {
	p, ok := reflect.Zero(f.Field.Type).Interface().(PatchField)
	return ok && p.Nullable()
}

// keywordSets name keyword lists that several fields share, so that each
// says it in one word and none drifts from the others.
var keywordSets = map[string]string{
	// A password being chosen: the policy's bounds (the rest of the policy is
	// the server's 400 naming the field).
	"newPassword": "format=password,writeOnly=true,minLength=12,maxLength=128",
}

// SchemaKeywords parses a field's oas tag: keyword=value pairs separated by
// commas, a keyword alone for true (uniqueItems), or a name of keywordSets.
func SchemaKeywords(f reflect.StructField) map[string]string {
	out := map[string]string{}
	tag := f.Tag.Get("oas")
	if tag == "" {
		return out
	}
	if set, ok := keywordSets[tag]; ok {
		tag = set
	}
	for _, kv := range strings.Split(tag, ",") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			v = "true"
		}
		out[k] = v
	}
	return out
}
