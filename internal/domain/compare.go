package domain

import (
	"reflect"
	"time"
)

// SameContent reports whether a and b hold the same content: every field
// counts except the bookkeeping every write changes (Meta's version and
// timestamps). It walks the type rather than a list of fields, so a field
// added to a domain type takes part without anyone remembering to add it: a
// PATCH of only that field is saved, never answered as a no-op.
func SameContent[T any](a, b T) bool {
	return sameValue(reflect.ValueOf(&a).Elem(), reflect.ValueOf(&b).Elem())
}

var (
	metaType = reflect.TypeFor[Meta]()
	timeType = reflect.TypeFor[time.Time]()
)

func sameValue(a, b reflect.Value) bool {
	switch {
	case a.Type() == metaType:
		return a.FieldByName("ID").String() == b.FieldByName("ID").String()
	case a.Type() == timeType:
		// Equal, not ==: a stored time and a computed one differ in location
		// and monotonic reading while naming the same instant.
		return a.Interface().(time.Time).Equal(b.Interface().(time.Time)) //nolint:forcetypeassert // the type was just checked
	}
	switch a.Kind() {
	case reflect.Bool:
		return a.Bool() == b.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return a.Int() == b.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return a.Uint() == b.Uint()
	case reflect.Float32, reflect.Float64:
		return a.Float() == b.Float()
	case reflect.String:
		return a.String() == b.String()
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return sameValue(a.Elem(), b.Elem())
	case reflect.Slice:
		// A nil list and an empty one are the same content (a decoded "[]"
		// and a list built by appending nothing).
		if a.Len() != b.Len() {
			return false
		}
		for i := range a.Len() {
			if !sameValue(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Struct:
		for i := range a.NumField() {
			if !sameValue(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	}
	// A kind no domain type uses yet (maps, interfaces): "changed" is the
	// safe answer, since it costs a write where the opposite loses one.
	return false
}
