// Package domaintest fills domain values for tests that must cover every
// field of a type without naming the fields, so that a field added later is
// covered without editing the test.
package domaintest

import (
	"fmt"
	"reflect"
	"strings"
	"time"
)

// Leaf is one field of a struct type, with embedded structs (Meta, or the
// wire type a domain type embeds) flattened into their fields.
type Leaf struct {
	// Name is the field's name as a selector reaches it, through embedded
	// structs: "Version" or "Email" of a domain.User.
	Name  string
	Index []int
	Type  reflect.Type
}

// Leaves lists the fields of struct type t, descending into embedded structs.
func Leaves(t reflect.Type) []Leaf {
	var out []Leaf
	var walk func(t reflect.Type, prefix []int, names []string)
	walk = func(t reflect.Type, prefix []int, names []string) {
		for i := range t.NumField() {
			f := t.Field(i)
			index := append(append([]int(nil), prefix...), i)
			if f.Anonymous && f.Type.Kind() == reflect.Struct {
				walk(f.Type, index, names)
				continue
			}
			path := append(append([]string(nil), names...), f.Name)
			out = append(out, Leaf{Name: strings.Join(path, "."), Index: index, Type: f.Type})
		}
	}
	walk(t, nil, nil)
	return out
}

// Base is the time from which Fill derives times.
var Base = time.Date(2031, 5, 6, 7, 8, 9, 0, time.UTC)

// Fill gives v, which must be settable, a value derived from seed, recursing
// into pointers, slices (one element) and structs. Every kind but bool gets a
// value that is not zero for a positive seed and differs from that of any
// other seed; a bool is true for an odd seed and false for an even one, so
// two consecutive seeds differ everywhere. Times carry nanoseconds, in UTC,
// so that a store that drops precision or a zone is caught.
func Fill(v reflect.Value, seed int) {
	if v.Type() == reflect.TypeFor[time.Time]() {
		v.Set(reflect.ValueOf(Base.Add(time.Duration(seed) * (time.Hour + time.Nanosecond))))
		return
	}
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(seed%2 == 1)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(seed))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(uint64(seed))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(float64(seed) + 0.5)
	case reflect.String:
		v.SetString(fmt.Sprintf("v%d", seed))
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		Fill(p.Elem(), seed)
		v.Set(p)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 1, 1)
		Fill(s.Index(0), seed)
		v.Set(s)
	case reflect.Struct:
		for i := range v.NumField() {
			Fill(v.Field(i), seed)
		}
	default:
		panic(fmt.Sprintf("domaintest: cannot fill a %s; teach Fill this kind", v.Type()))
	}
}
