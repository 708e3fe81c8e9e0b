package wire

import (
	"bytes"
	"encoding/json"
	"reflect"
)

// Optional is a PATCH field that may be left out (Set false) or given a
// value; null is refused. Tag it `json:"name,omitzero"` so that a field left
// out is not written.
type Optional[T any] struct {
	Set   bool
	Value T
}

// Value is a field set to v.
func Value[T any](v T) Optional[T] { return Optional[T]{Set: true, Value: v} }

// UnmarshalJSON records that the field was present. The API refuses a null
// before decoding (an Optional is not nullable); a null that reaches here
// leaves the field unset.
func (o *Optional[T]) UnmarshalJSON(b []byte) error {
	if isNull(b) {
		*o = Optional[T]{}
		return nil
	}
	o.Set = true
	return json.Unmarshal(b, &o.Value)
}

// MarshalJSON writes the value.
func (o Optional[T]) MarshalJSON() ([]byte, error) { return json.Marshal(o.Value) }

// IsZero reports a field left out, for encoding/json's omitzero.
func (o Optional[T]) IsZero() bool { return !o.Set }

// Nullable is a PATCH field that may be left out (Set false), set to null
// (Null true), which clears it, or given a value: the merge-patch idiom,
// which a pointer cannot express. Tag it `json:"name,omitzero"`.
type Nullable[T any] struct {
	Set   bool
	Null  bool
	Value T
}

// NullableValue is a field set to v.
func NullableValue[T any](v T) Nullable[T] { return Nullable[T]{Set: true, Value: v} }

// Null is a field set to null, which clears it.
func Null[T any]() Nullable[T] { return Nullable[T]{Set: true, Null: true} }

// ValueOrNull is a field set to *p, or to null when p is nil: the shape of an
// optional attribute that was changed, where removing it clears the field.
func ValueOrNull[T any](p *T) Nullable[T] {
	if p == nil {
		return Null[T]()
	}
	return NullableValue(*p)
}

// UnmarshalJSON records that the field was present, and whether as null.
func (o *Nullable[T]) UnmarshalJSON(b []byte) error {
	o.Set = true
	if isNull(b) {
		o.Null = true
		return nil
	}
	return json.Unmarshal(b, &o.Value)
}

// MarshalJSON writes null or the value.
func (o Nullable[T]) MarshalJSON() ([]byte, error) {
	if o.Null {
		return []byte("null"), nil
	}
	return json.Marshal(o.Value)
}

// IsZero reports a field left out, for encoding/json's omitzero.
func (o Nullable[T]) IsZero() bool { return !o.Set }

// Ptr is the value as a pointer: nil when the field clears it.
func (o Nullable[T]) Ptr() *T {
	if o.Null {
		return nil
	}
	return &o.Value
}

func isNull(b []byte) bool { return bytes.Equal(bytes.TrimSpace(b), []byte("null")) }

// PatchField is implemented by Optional and Nullable, for the code that reads
// request types by reflection (the document generator, the API's decoder).
type PatchField interface {
	// Nullable tells whether null is a value of the field.
	Nullable() bool
	// ValueType is the type of the field's value.
	ValueType() reflect.Type
}

// Nullable implements PatchField.
func (Optional[T]) Nullable() bool { return false }

// ValueType implements PatchField.
func (Optional[T]) ValueType() reflect.Type { return reflect.TypeFor[T]() }

// Nullable implements PatchField.
func (Nullable[T]) Nullable() bool { return true }

// ValueType implements PatchField.
func (Nullable[T]) ValueType() reflect.Type { return reflect.TypeFor[T]() }
