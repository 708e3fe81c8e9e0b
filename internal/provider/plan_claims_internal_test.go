package provider

import "testing"

func TestPlanClaims(t *testing.T) {
	for _, c := range []struct {
		name   string
		claims []struct {
			id       string
			changing bool
		}
		want []bool
	}{
		{"two creates", []struct {
			id       string
			changing bool
		}{{"", false}, {"", false}}, []bool{true, false}},
		{"unchanged object, then a create", []struct {
			id       string
			changing bool
		}{{"usr_1", false}, {"", false}}, []bool{true, false}},
		{"replacement: changing object, then its create", []struct {
			id       string
			changing bool
		}{{"usr_1", true}, {"", false}}, []bool{true, true}},
		{"replacement hands over to one create only", []struct {
			id       string
			changing bool
		}{{"usr_1", true}, {"", false}, {"", false}}, []bool{true, true, false}},
		{"two objects", []struct {
			id       string
			changing bool
		}{{"usr_1", false}, {"usr_2", false}}, []bool{true, false}},
		{"one object planned again", []struct {
			id       string
			changing bool
		}{{"usr_1", false}, {"usr_1", false}}, []bool{true, true}},
	} {
		claims := newPlanClaims()
		for i, cl := range c.claims {
			if got := claims.claim("k", cl.id, cl.changing); got != c.want[i] {
				t.Errorf("%s: claim %d = %v, want %v", c.name, i, got, c.want[i])
			}
		}
	}
}
