package domain

import "encoding/json"

// Optional is a PATCH field: absent (Set false), null (Null true), or a value.
// Merge-patch semantics need all three, which a pointer cannot express. The
// API decodes request bodies into it and the client encodes them from it, so
// both sides read one idiom; tag fields `json:"name,omitzero"` so that an
// absent field is left out of the body.
type Optional[T any] struct {
	Set   bool
	Null  bool
	Value T
}

// Value is a field set to v.
func Value[T any](v T) Optional[T] { return Optional[T]{Set: true, Value: v} }

// Null is a field set to null, which clears it.
func Null[T any]() Optional[T] { return Optional[T]{Set: true, Null: true} }

// ValueOrNull is a field set to *p, or to null when p is nil: the shape of an
// optional attribute that was changed, where removing it clears the field.
func ValueOrNull[T any](p *T) Optional[T] {
	if p == nil {
		return Null[T]()
	}
	return Value(*p)
}

// UnmarshalJSON records that the field was present.
func (o *Optional[T]) UnmarshalJSON(b []byte) error {
	o.Set = true
	if string(b) == "null" {
		o.Null = true
		return nil
	}
	return json.Unmarshal(b, &o.Value)
}

// MarshalJSON writes null or the value. An absent field is not written at
// all when tagged omitzero (see IsZero); without the tag it would be null,
// which clears the field, so the tag is not optional on a patch.
func (o Optional[T]) MarshalJSON() ([]byte, error) {
	if !o.Set || o.Null {
		return []byte("null"), nil
	}
	return json.Marshal(o.Value)
}

// IsZero reports an absent field, for encoding/json's omitzero.
func (o Optional[T]) IsZero() bool { return !o.Set }
