package provider_test

import (
	"testing"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/acctest"
)

func TestMain(m *testing.M) {
	acctest.Main(m)
}
