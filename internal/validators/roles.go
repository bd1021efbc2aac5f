package validators

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/client"
)

// RoleNames accepts a set of the Account API's roles: admin and marketing-admin.
func RoleNames() validator.Set {
	return setvalidator.ValueStringsAre(stringvalidator.OneOf(client.RoleAdmin, client.RoleMarketingAdmin))
}
