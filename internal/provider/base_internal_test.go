package provider

import (
	"context"
	"reflect"
	"testing"
)

// TestEveryTypeEmbedsItsBase guards the scaffold: a type that does not embed its base would never
// receive the client (and a resource would skip the known-settings check at plan time).
func TestEveryTypeEmbedsItsBase(t *testing.T) {
	ctx := context.Background()
	p := &sandboxProvider{}
	var types []any
	for _, newResource := range p.Resources(ctx) {
		types = append(types, newResource())
	}
	for _, newDataSource := range p.DataSources(ctx) {
		types = append(types, newDataSource())
	}
	for _, newEphemeral := range p.EphemeralResources(ctx) {
		types = append(types, newEphemeral())
	}
	bases := []reflect.Type{reflect.TypeFor[resourceBase](), reflect.TypeFor[dataSourceBase](), reflect.TypeFor[ephemeralBase]()}
	for _, v := range types {
		embedded := 0
		for _, base := range bases {
			if f, ok := reflect.TypeOf(v).Elem().FieldByName(base.Name()); ok && f.Anonymous && f.Type == base {
				embedded++
			}
		}
		if embedded != 1 {
			t.Errorf("%T embeds %d of resourceBase, dataSourceBase and ephemeralBase, want exactly one", v, embedded)
		}
	}
	if len(types) < 17 { // 7 resources, 8 data sources and 2 ephemeral resources today
		t.Errorf("only %d types checked; the provider lists more", len(types))
	}
}
