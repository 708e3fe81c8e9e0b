package wire

import (
	"fmt"
	"net/url"
	"reflect"
	"strconv"
)

// QueryField is one query parameter of a query type.
type QueryField struct {
	Name  string
	Field reflect.StructField
	Index []int
	// Owner is the struct type that declares the field.
	Owner reflect.Type
}

// QueryFields lists the parameters of a query type (its fields tagged
// query, those of embedded structs included), in declaration order.
func QueryFields(t reflect.Type) []QueryField {
	var out []QueryField
	var walk func(t reflect.Type, prefix []int)
	walk = func(t reflect.Type, prefix []int) {
		for i := range t.NumField() {
			f := t.Field(i)
			index := append(append([]int(nil), prefix...), i)
			if f.Anonymous && f.Type.Kind() == reflect.Struct {
				walk(f.Type, index)
				continue
			}
			if name := f.Tag.Get("query"); name != "" {
				out = append(out, QueryField{Name: name, Field: f, Index: index, Owner: t})
			}
		}
	}
	walk(t, nil)
	return out
}

// EncodeQuery writes the parameters of q, a query type, that are set: a
// string or number that is not zero, a bool that is true, a *bool that is
// not nil.
func EncodeQuery(q any) url.Values {
	v := reflect.ValueOf(q)
	out := url.Values{}
	for _, f := range QueryFields(v.Type()) {
		fv := v.FieldByIndex(f.Index)
		if fv.Kind() == reflect.Pointer {
			if fv.IsNil() {
				continue
			}
			fv = fv.Elem()
		} else if fv.IsZero() {
			continue
		}
		switch fv.Kind() {
		case reflect.String:
			out.Set(f.Name, fv.String())
		case reflect.Bool:
			out.Set(f.Name, strconv.FormatBool(fv.Bool()))
		case reflect.Int, reflect.Int64:
			out.Set(f.Name, strconv.FormatInt(fv.Int(), 10))
		default:
			panic(fmt.Sprintf("wire: query parameter %s is a %s, which EncodeQuery does not know", f.Name, fv.Type()))
		}
	}
	return out
}
