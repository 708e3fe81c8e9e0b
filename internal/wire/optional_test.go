package wire

import (
	"encoding/json"
	"reflect"
	"testing"
)

type testPatch struct {
	Name  Optional[string]   `json:"name,omitzero"`
	Phone Nullable[string]   `json:"phone,omitzero"`
	Roles Optional[[]string] `json:"roles,omitzero"`
	On    Optional[bool]     `json:"on,omitzero"`
}

// TestPatchFieldsRoundTrip proves that what the client encodes is what the
// API decodes: absent stays absent, null stays null, a value stays a value.
func TestPatchFieldsRoundTrip(t *testing.T) {
	phone := "+14155550123"
	for _, tc := range []struct {
		name  string
		patch testPatch
		wire  string
	}{
		{"empty", testPatch{}, `{}`},
		{"value", testPatch{Name: Value("Acme")}, `{"name":"Acme"}`},
		{"null", testPatch{Phone: Null[string]()}, `{"phone":null}`},
		{"value or null, value", testPatch{Phone: ValueOrNull(&phone)}, `{"phone":"+14155550123"}`},
		{"value or null, nil", testPatch{Phone: ValueOrNull[string](nil)}, `{"phone":null}`},
		{"false is a value", testPatch{On: Value(false)}, `{"on":false}`},
		{"empty string is a value", testPatch{Name: Value("")}, `{"name":""}`},
		{"empty list is a value", testPatch{Roles: Value([]string{})}, `{"roles":[]}`},
		{"all", testPatch{Name: Value("n"), Phone: Null[string](), Roles: Value([]string{"a", "b"}), On: Value(true)},
			`{"name":"n","phone":null,"roles":["a","b"],"on":true}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := json.Marshal(tc.patch)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tc.wire {
				t.Fatalf("encoded %s, want %s", b, tc.wire)
			}
			var back testPatch
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(back, tc.patch) {
				t.Fatalf("decoded %+v, want %+v", back, tc.patch)
			}
		})
	}
}

func TestPatchFieldsDecode(t *testing.T) {
	var p testPatch
	if err := json.Unmarshal([]byte(`{"name":"x","phone":null}`), &p); err != nil {
		t.Fatal(err)
	}
	if !p.Name.Set || p.Name.Value != "x" {
		t.Errorf("name = %+v, want the value x", p.Name)
	}
	if !p.Phone.Set || !p.Phone.Null || p.Phone.Ptr() != nil {
		t.Errorf("phone = %+v, want null", p.Phone)
	}
	if p.On.Set || p.Roles.Set {
		t.Errorf("absent fields decoded as present: %+v", p)
	}
	if err := json.Unmarshal([]byte(`{"on":"yes"}`), &p); err == nil {
		t.Error("a string decoded into a bool field")
	}
}

// TestPatchFieldsWithoutOmitzero documents why patches tag omitzero: an
// absent field without it is written, as its zero value, which
// would clear or change the field.
func TestPatchFieldsWithoutOmitzero(t *testing.T) {
	b, err := json.Marshal(struct {
		Phone Nullable[string] `json:"phone"`
		Name  Optional[string] `json:"name"`
	}{})
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"phone":"","name":""}` {
		t.Fatalf("encoded %s", b)
	}
}
