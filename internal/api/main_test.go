package api_test

import (
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// TestMain stops the PostgreSQL cluster the tests may have started.
func TestMain(m *testing.M) { acctest.Main(m) }
