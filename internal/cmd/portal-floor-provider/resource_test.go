package main

import (
	"math/big"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// TestFillUnknowns gives the id a unique string and every other unknown
// value its type's zero value, leaving known values alone.
func TestFillUnknowns(t *testing.T) {
	typ := tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"id": tftypes.String, "email": tftypes.String, "enabled": tftypes.Bool,
		"count": tftypes.Number, "tags": tftypes.Set{ElementType: tftypes.String},
	}}
	plan := func(email string) tftypes.Value {
		return tftypes.NewValue(typ, map[string]tftypes.Value{
			"id":      tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
			"email":   tftypes.NewValue(tftypes.String, email),
			"enabled": tftypes.NewValue(tftypes.Bool, tftypes.UnknownValue),
			"count":   tftypes.NewValue(tftypes.Number, tftypes.UnknownValue),
			"tags":    tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, tftypes.UnknownValue),
		})
	}
	a, err := fillUnknowns(plan("a@example.com"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := fillUnknowns(plan("b@example.com"))
	if err != nil {
		t.Fatal(err)
	}
	if !a.IsFullyKnown() {
		t.Fatalf("%s is not fully known", a)
	}
	var got map[string]tftypes.Value
	if err := a.As(&got); err != nil {
		t.Fatal(err)
	}
	var idA, idB string
	_ = got["id"].As(&idA)
	var other map[string]tftypes.Value
	_ = b.As(&other)
	_ = other["id"].As(&idB)
	if idA == "" || idA == idB {
		t.Errorf("ids %q and %q, want two different non-empty strings", idA, idB)
	}
	for name, want := range map[string]tftypes.Value{
		"email":   tftypes.NewValue(tftypes.String, "a@example.com"),
		"enabled": tftypes.NewValue(tftypes.Bool, false),
		"count":   tftypes.NewValue(tftypes.Number, new(big.Float)),
		"tags":    tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, nil),
	} {
		if !got[name].Equal(want) {
			t.Errorf("%s = %s, want %s", name, got[name], want)
		}
	}
}
