package validators

import (
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// AWSAccountID accepts a 12-digit AWS account id.
func AWSAccountID() validator.String {
	return stringvalidator.RegexMatches(awsAccountIDPattern, "must be a 12-digit AWS account id such as 123456789012")
}

var awsAccountIDPattern = regexp.MustCompile(`^[0-9]{12}$`)

// IsAWSAccountID reports whether s is a 12-digit AWS account id; import uses it before calling the API.
func IsAWSAccountID(s string) bool { return awsAccountIDPattern.MatchString(s) }

// ARN accepts an Amazon Resource Name: "arn:", then partition, service, region, account and resource.
func ARN() validator.String {
	return stringFunc{
		description: "must be an ARN such as arn:aws:iam::123456789012:role/AdminRole",
		valid: func(s string) bool {
			parts := strings.SplitN(s, ":", 6)
			return len(parts) == 6 && parts[0] == "arn" && parts[1] != "" && parts[2] != "" && parts[5] != ""
		},
	}
}

// RFC3339 accepts a timestamp such as 2030-01-02T15:04:05Z.
func RFC3339() validator.String {
	return stringFunc{
		description: "must be an RFC 3339 timestamp such as 2030-01-02T15:04:05Z",
		valid: func(s string) bool {
			_, err := time.Parse(time.RFC3339, s)
			return err == nil
		},
	}
}

// DateOrRFC3339 accepts a date (2030-01-02, meaning its start in UTC) or an RFC 3339 timestamp.
func DateOrRFC3339() validator.String {
	return stringFunc{
		description: "must be a date such as 2030-01-02 or an RFC 3339 timestamp such as 2030-01-02T15:04:05Z",
		valid: func(s string) bool {
			_, err := ParseDateOrRFC3339(s)
			return err == nil
		},
	}
}

// ParseDateOrRFC3339 parses what DateOrRFC3339 accepts; a date is midnight UTC.
func ParseDateOrRFC3339(s string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC3339, s)
}

// JSONObject accepts a JSON document whose top level is an object (the value's type checks the syntax).
func JSONObject() validator.String {
	return stringFunc{
		description: `must be a JSON object such as {"team":"platform"}`,
		valid: func(s string) bool {
			return strings.HasPrefix(strings.TrimSpace(s), "{")
		},
	}
}
