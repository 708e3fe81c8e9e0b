package provider_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

var compareEqual = compare.ValuesSame()

// captureID stores the id of addr for later steps.
func captureID(addr string, id *string) resource.TestCheckFunc {
	return func(st *terraform.State) error {
		rs, ok := st.RootModule().Resources[addr]
		if !ok {
			return fmt.Errorf("%s not in state", addr)
		}
		*id = rs.Primary.ID
		return nil
	}
}

// mustJSON decodes an API answer or fails the test.
func mustJSON(t *testing.T, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
}

// skipOnOpenTofu skips a test of a Terraform feature that OpenTofu does not
// have, saying so, when the tests drive OpenTofu (make test runs the suite on
// it too). Call it first, before the test starts an API.
func skipOnOpenTofu(t *testing.T, feature string) {
	t.Helper()
	if v, ok := acctest.OpenTofu(); ok {
		t.Skipf("skipped on %s, which has no %s", v, feature)
	}
}
