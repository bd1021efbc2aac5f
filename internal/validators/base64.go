package validators

import (
	"encoding/base64"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// Base64 accepts standard base64 with padding (an empty string included). It is strict about the
// unused bits of the last character, so a value the API decodes and re-encodes comes back unchanged.
func Base64() validator.String {
	return stringFunc{
		description: `must be standard base64 with padding, such as "aWNvbg==" (use filebase64() to read a file)`,
		valid: func(s string) bool {
			_, err := base64.StdEncoding.Strict().DecodeString(s)
			return err == nil
		},
	}
}
