package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/client"
)

// maxPageSize is the largest page_size accepted.
const maxPageSize = 1000

// pageSizeAttribute is the page_size setting of the Lease API's list data sources; items names what
// is listed ("leases", "accounts").
func pageSizeAttribute(items string) schema.Int64Attribute {
	return schema.Int64Attribute{
		MarkdownDescription: fmt.Sprintf("How many %s the API evaluates per page (its `limit`; filtered pages may hold fewer). "+
			"Every page is read whatever the size. Defaults to %d (the API's own default is 25, which makes a long list "+
			"many round trips).", items, client.DefaultPageSize),
		Optional:   true,
		Validators: []validator.Int64{int64validator.Between(1, maxPageSize)},
	}
}
