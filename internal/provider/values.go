package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"math/big"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/client"
)

// Converters between the API clients' values and Terraform values, shared by every resource,
// data source and ephemeral resource.

// pathID is the path of every resource's id attribute.
var pathID = path.Root("id")

// pathAccountID is the path of the account_id attribute of everything that belongs to an account.
var pathAccountID = path.Root("account_id")

// stringSet converts API strings to a Terraform set; a nil slice becomes an empty set, never null.
func stringSet(values []string) types.Set {
	elems := make([]types.String, 0, len(values))
	for _, v := range values {
		elems = append(elems, types.StringValue(v))
	}
	set, _ := types.SetValueFrom(context.Background(), types.StringType, elems)
	return set
}

// revisionValue converts an API revision (unsigned) to a Terraform number. Revisions count writes,
// so they never come near the int64 limit; the clamp only guards against a corrupt answer.
func revisionValue(r uint64) types.Int64 {
	return types.Int64Value(int64(min(r, math.MaxInt64)))
}

// stateRevision is a revision held in state as a hint for the client's first write; a null or
// unknown value (an import in progress) gives none.
func stateRevision(v types.Int64) client.RevisionHint {
	if v.IsNull() || v.IsUnknown() || v.ValueInt64() < 0 {
		return client.RevisionHint{}
	}
	return client.KnownRevision(uint64(v.ValueInt64()))
}

// uint64Number converts an unsigned 64-bit API number (a plan limit) to a Terraform number without
// losing a bit: Int64 would overflow and float64 would round 18446744073709551615.
func uint64Number(u uint64) types.Number {
	return types.NumberValue(new(big.Float).SetUint64(u))
}

// timeString writes an API instant as an RFC 3339 string in UTC, fractions kept when there are any.
func timeString(t time.Time) types.String {
	return types.StringValue(t.UTC().Format(time.RFC3339Nano))
}

// timeValue formats a Lease API time as RFC 3339 in UTC; an unset time is null.
func timeValue(t client.EpochTime) types.String {
	if t.IsZero() {
		return types.StringNull()
	}
	return timeString(t.Time)
}

// timeValueKeeping is timeValue, except that it keeps prior (the configuration's or the state's
// spelling) when prior names the same second, so "2030-01-02T03:04:05+02:00" does not turn into its
// UTC spelling and show as a change.
func timeValueKeeping(t client.EpochTime, prior types.String) types.String {
	if !prior.IsNull() && !prior.IsUnknown() {
		if p, err := time.Parse(time.RFC3339, prior.ValueString()); err == nil && p.Unix() == t.Unix() {
			return prior
		}
	}
	return timeValue(t)
}

// parseTime parses an RFC 3339 attribute; null and unknown give the zero time.
func parseTime(v types.String) (time.Time, error) {
	if v.IsNull() || v.IsUnknown() {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339, v.ValueString())
}

// metadataValue maps an API metadata object to a normalized JSON attribute. The API omits unset
// metadata and the provider clears it by sending {}: both read as null unless the configuration
// itself says {} (prior), so neither shows as a change.
func metadataValue(raw json.RawMessage, prior jsontypes.Normalized) jsontypes.Normalized {
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 || bytes.Equal(trimmed, []byte("null")) || isEmptyObject(trimmed) {
		if !prior.IsNull() && !prior.IsUnknown() && isEmptyObject([]byte(prior.ValueString())) {
			return prior
		}
		return jsontypes.NewNormalizedNull()
	}
	return jsontypes.NewNormalizedValue(string(trimmed))
}

func isEmptyObject(raw []byte) bool {
	var m map[string]any
	return json.Unmarshal(raw, &m) == nil && m != nil && len(m) == 0
}

// metadataToSend is the metadata a write sends: the configured JSON, or {} to clear it (the API
// keeps metadata a write omits).
func metadataToSend(v jsontypes.Normalized) json.RawMessage {
	if v.IsNull() || v.IsUnknown() {
		return json.RawMessage(`{}`)
	}
	return json.RawMessage(v.ValueString())
}

// nonEmptyStrings converts API strings to a Terraform list, dropping the empty strings DCE stores
// when no notification email is given.
func nonEmptyStrings(values []string) types.List {
	elems := []string{}
	for _, v := range values {
		if v != "" {
			elems = append(elems, v)
		}
	}
	list, _ := types.ListValueFrom(context.Background(), types.StringType, elems)
	return list
}
