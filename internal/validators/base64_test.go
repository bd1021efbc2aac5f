package validators

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestBase64(t *testing.T) {
	for value, valid := range map[string]bool{
		"":         true,
		"aWNvbg==": true,
		"aWNvbg":   false, // padding missing
		"aWNvbh==": false, // non-zero unused bits: would not survive a decode and re-encode
		"not b64!": false,
		"aWNv-g==": false, // URL alphabet
		"AAECAwQF": true,
	} {
		resp := &validator.StringResponse{}
		Base64().ValidateString(context.Background(), validator.StringRequest{Path: path.Root("icon"), ConfigValue: types.StringValue(value)}, resp)
		if resp.Diagnostics.HasError() == valid {
			t.Errorf("Base64() on %q: errors %v, want valid=%v", value, resp.Diagnostics, valid)
		}
	}
}
