package domain

import "encoding/json"

// Optional is a PATCH field: absent (Set false), null (Null true), or a value.
// Merge-patch semantics need all three, which a pointer cannot express.
type Optional[T any] struct {
	Set   bool
	Null  bool
	Value T
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
