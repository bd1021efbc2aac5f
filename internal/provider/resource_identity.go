package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Every resource has an identity (Terraform 1.12+): the parts of its import id, so an import block
// can name an object by `identity = { ... }` and `terraform query` can report what it found.
var (
	_ resource.ResourceWithIdentity = (*accountResource)(nil)
	_ resource.ResourceWithIdentity = (*tokenResource)(nil)
	_ resource.ResourceWithIdentity = (*pluginResource)(nil)
	_ resource.ResourceWithIdentity = (*accountPlanResource)(nil)
	_ resource.ResourceWithIdentity = (*accountRolesResource)(nil)
	_ resource.ResourceWithIdentity = (*poolAccountResource)(nil)
	_ resource.ResourceWithIdentity = (*leaseResource)(nil)
)

// Identity attribute names: the resource's own id, or the id of the account it belongs to.
const (
	identityID        = "id"
	identityAccountID = "account_id"
)

// identitySchema is an identity of one string attribute, required in an import block's identity.
// Every identity attribute has a state attribute of the same name (setIdentity relies on it).
func identitySchema(attr, description string) identityschema.Schema {
	return identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			attr: identityschema.StringAttribute{RequiredForImport: true, Description: description},
		},
	}
}

// setIdentity copies the identity attributes from state into identity. Create and Update defer it
// on their response state, so every way out that saved the object also saves its identity; Read
// calls it with the prior state, so an object removed from the state still has one. It does
// nothing without identity support (nil) or without state.
func setIdentity(ctx context.Context, state *tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	if state == nil || state.Raw.IsNull() {
		return
	}
	copyIdentity(ctx, state, identity, diags)
}

// attributeReader is the part of tfsdk.State and tfsdk.Resource that copyIdentity reads.
type attributeReader interface {
	GetAttribute(ctx context.Context, p path.Path, target any) diag.Diagnostics
}

// copyIdentity sets each identity attribute from the attribute of the same name in from.
func copyIdentity(ctx context.Context, from attributeReader, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	if identity == nil {
		return
	}
	for name := range identity.Schema.GetAttributes() {
		var v types.String
		diags.Append(from.GetAttribute(ctx, path.Root(name), &v)...)
		if v.IsNull() || v.IsUnknown() {
			continue
		}
		diags.Append(identity.SetAttribute(ctx, path.Root(name), v)...)
	}
}
