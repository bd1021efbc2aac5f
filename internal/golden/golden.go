// Package golden compares JSON documents with the example JSON of the API documents, kept verbatim
// under internal/mockserver/testdata. Both the mock's tests (responses) and the client's tests
// (requests) use it, so neither side can drift from the documented field names and types.
package golden

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"testing"
)

// Dir is the folder holding the golden files.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "mockserver", "testdata")
}

// Load returns the raw bytes of a golden file.
func Load(tb testing.TB, name string) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(Dir(), name))
	if err != nil {
		tb.Fatalf("reading golden file: %v", err)
	}
	return data
}

// AssertShape fails tb unless actual has exactly the field names of the golden file, with the same
// JSON types. A null in the golden file accepts any value; each element of an actual array is
// compared with the golden array's first element.
func AssertShape(tb testing.TB, name string, actual []byte) {
	tb.Helper()
	if err := CompareShape(Load(tb, name), actual); err != nil {
		tb.Errorf("%s: %v\nactual: %s", name, err, actual)
	}
}

// CompareShape returns the first difference in shape between want and got.
func CompareShape(want, got []byte) error {
	var w, g any
	if err := json.Unmarshal(want, &w); err != nil {
		return fmt.Errorf("golden JSON: %w", err)
	}
	if err := json.Unmarshal(got, &g); err != nil {
		return fmt.Errorf("actual JSON: %w", err)
	}
	return compare("$", w, g)
}

func compare(at string, want, got any) error {
	if want == nil {
		return nil
	}
	if kind(want) != kind(got) {
		return fmt.Errorf("%s is %s, the document has %s", at, kind(got), kind(want))
	}
	switch w := want.(type) {
	case map[string]any:
		g := got.(map[string]any)
		if missing, extra := keyDiff(w, g); len(missing)+len(extra) > 0 {
			return fmt.Errorf("%s: fields missing %v, fields not in the document %v", at, missing, extra)
		}
		for k := range w {
			if err := compare(at+"."+k, w[k], g[k]); err != nil {
				return err
			}
		}
	case []any:
		if len(w) == 0 {
			return nil
		}
		for i, elem := range got.([]any) {
			if err := compare(fmt.Sprintf("%s[%d]", at, i), w[0], elem); err != nil {
				return err
			}
		}
	}
	return nil
}

func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	}
	return fmt.Sprintf("%T", v)
}

func keyDiff(want, got map[string]any) (missing, extra []string) {
	for k := range want {
		if _, ok := got[k]; !ok {
			missing = append(missing, k)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			extra = append(extra, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	return missing, extra
}
