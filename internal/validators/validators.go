// Package validators holds the plan-time checks of formats the sandbox APIs document.
// Each returns a framework validator whose diagnostic names the attribute and the expected form.
package validators

import (
	"context"
	"fmt"
	"net/mail"
	"net/url"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// UUID accepts a canonical, lower- or upper-case UUID.
func UUID() validator.String {
	return stringvalidator.RegexMatches(uuidPattern, "must be a UUID such as 497f6eca-6276-4993-bfeb-53cbbbba6f08")
}

var uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// IsUUID reports whether s is a canonical UUID; import uses it to check ids before calling the API.
func IsUUID(s string) bool { return uuidPattern.MatchString(s) }

// Email accepts a bare address such as user@example.com (no display name, no angle brackets).
func Email() validator.String {
	return stringFunc{
		description: "must be an email address such as user@example.com",
		valid: func(s string) bool {
			addr, err := mail.ParseAddress(s)
			return err == nil && addr.Address == s
		},
	}
}

// HTTPURL accepts an absolute http:// or https:// URL.
func HTTPURL() validator.String {
	return stringFunc{
		description: "must be an absolute http:// or https:// URL such as http://127.0.0.1:8080",
		valid: func(s string) bool {
			u, err := url.Parse(s)
			return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
		},
	}
}

// GoDuration accepts a positive Go duration such as 30s or 2m.
func GoDuration() validator.String {
	return stringFunc{
		description: "must be a positive duration such as 30s, 2m or 1h30m",
		valid: func(s string) bool {
			d, err := time.ParseDuration(s)
			return err == nil && d > 0
		},
	}
}

// stringFunc adapts a predicate to validator.String; null and unknown values pass, as the
// framework's own validators do.
type stringFunc struct {
	description string
	valid       func(string) bool
}

func (v stringFunc) Description(context.Context) string         { return v.description }
func (v stringFunc) MarkdownDescription(context.Context) string { return v.description }

func (v stringFunc) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if s := req.ConfigValue.ValueString(); !v.valid(s) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid value",
			fmt.Sprintf("Attribute %s %s, got %q.", req.Path, v.description, s))
	}
}
