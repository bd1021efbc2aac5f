package provider

import (
	"context"
	"fmt"
	"reflect"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// objectList builds the value of a list nested attribute from models whose fields are all attr.Value
// and carry tfsdk tags, as State.Set would build it from a []T field.
//
// Why not State.Set: the framework reflects over every element's struct tags and compiles a regular
// expression per field per element to check each tag; for 10,000 leases of 12 attributes that was
// 120,000 compilations and most of the read's CPU. Here the tags are read once per type.
func objectList[T any](attribute schema.ListNestedAttribute, items []T) (types.List, diag.Diagnostics) {
	elemType, ok := attribute.NestedObject.Type().(types.ObjectType)
	if !ok {
		return types.ListNull(attribute.NestedObject.Type()), diagError(fmt.Sprintf("nested object type %T is not an object type", attribute.NestedObject.Type()))
	}
	fields, err := taggedFieldsOf(reflect.TypeFor[T]())
	if err != nil {
		return types.ListNull(elemType), diagError(err.Error())
	}
	var diags diag.Diagnostics
	elems := make([]attr.Value, 0, len(items))
	for i := range items {
		obj, d := objectOf(elemType, fields, reflect.ValueOf(&items[i]).Elem())
		diags.Append(d...)
		if diags.HasError() {
			return types.ListNull(elemType), diags
		}
		elems = append(elems, obj)
	}
	list, d := types.ListValue(elemType, elems)
	diags.Append(d...)
	return list, diags
}

// setState sets the whole state from a flat model (every tagged field an attr.Value), as
// state.Set(ctx, model) would but without the framework's per-field reflection (see objectList).
// A refresh does this once per resource, so it is on the path of every plan.
func setState[T any](ctx context.Context, state *tfsdk.State, model T) diag.Diagnostics {
	objType, ok := state.Schema.Type().(types.ObjectType)
	if !ok {
		return diagError(fmt.Sprintf("schema type %T is not an object type", state.Schema.Type()))
	}
	fields, err := taggedFieldsOf(reflect.TypeFor[T]())
	if err != nil {
		return diagError(err.Error())
	}
	obj, diags := objectOf(objType, fields, reflect.ValueOf(&model).Elem())
	if diags.HasError() {
		return diags
	}
	// Handing State.Set the terraform value itself skips its conversion of an attr.Value back and forth
	// (a third of a 10,000-lease read); it still checks the type against the schema.
	raw, err := obj.ToTerraformValue(ctx)
	if err != nil {
		return diagError(err.Error())
	}
	diags.Append(state.Set(ctx, raw)...)
	return diags
}

// objectOf builds an object of objType from the tagged fields of the struct v.
func objectOf(objType types.ObjectType, fields []taggedField, v reflect.Value) (types.Object, diag.Diagnostics) {
	attrs := make(map[string]attr.Value, len(fields))
	for _, f := range fields {
		attrs[f.name] = v.Field(f.index).Interface().(attr.Value)
	}
	return types.ObjectValue(objType.AttrTypes, attrs)
}

// taggedField is one attribute of a model: its name and the struct field that holds it.
type taggedField struct {
	name  string
	index int
}

// taggedFields caches taggedFieldsOf per model type.
var taggedFields sync.Map

var attrValueType = reflect.TypeFor[attr.Value]()

// taggedFieldsOf lists the tfsdk-tagged fields of a flat model struct, each of which must hold an attr.Value.
func taggedFieldsOf(t reflect.Type) ([]taggedField, error) {
	if cached, ok := taggedFields.Load(t); ok {
		return cached.([]taggedField), nil
	}
	if t.Kind() != reflect.Struct {
		return nil, fmt.Errorf("%s is not a struct", t)
	}
	var fields []taggedField
	for i := range t.NumField() {
		f := t.Field(i)
		name := f.Tag.Get("tfsdk")
		if name == "" || name == "-" {
			continue
		}
		if !f.Type.Implements(attrValueType) {
			return nil, fmt.Errorf("%s.%s (%s) is not an attr.Value", t, f.Name, f.Type)
		}
		fields = append(fields, taggedField{name: name, index: i})
	}
	taggedFields.Store(t, fields)
	return fields, nil
}

func diagError(detail string) diag.Diagnostics {
	var diags diag.Diagnostics
	diags.AddError("Internal error building a list", detail)
	return diags
}
