package provider

import "testing"

// step is one resource's plan claiming the key.
type step struct {
	id       string
	changing bool
}

func TestPlanClaims(t *testing.T) {
	for _, c := range []struct {
		name   string
		claims []step
		want   []bool
	}{
		{"two creates", []step{{"", false}, {"", false}}, []bool{true, false}},
		{"unchanged object, then a create", []step{{"usr_1", false}, {"", false}}, []bool{true, false}},
		{"replacement: changing object, then its create", []step{{"usr_1", true}, {"", false}}, []bool{true, true}},
		{"replacement hands over to one create only", []step{{"usr_1", true}, {"", false}, {"", false}}, []bool{true, true, false}},
		{"two objects", []step{{"usr_1", false}, {"usr_2", false}}, []bool{true, false}},
		{"one object planned again", []step{{"usr_1", false}, {"usr_1", false}}, []bool{true, true}},
	} {
		claims := newPlanClaims()
		for i, cl := range c.claims {
			if got := claims.claim("k", cl.id, cl.changing); got != c.want[i] {
				t.Errorf("%s: claim %d = %v, want %v", c.name, i, got, c.want[i])
			}
		}
	}
}
