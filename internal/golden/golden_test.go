package golden

import "testing"

func TestCompareShape(t *testing.T) {
	doc := `{"id":"x","revision":0,"roles":["admin"],"spec":{"jsonSchema":null}}`
	cases := []struct {
		name string
		got  string
		ok   bool
	}{
		{"same shape", `{"id":"y","revision":7,"roles":[],"spec":{"jsonSchema":{"a":1}}}`, true},
		{"missing field", `{"id":"y","roles":[],"spec":{"jsonSchema":null}}`, false},
		{"extra field", `{"id":"y","revision":7,"roles":[],"spec":{"jsonSchema":null},"planID":"z"}`, false},
		{"wrong type", `{"id":"y","revision":"7","roles":[],"spec":{"jsonSchema":null}}`, false},
		{"wrong element type", `{"id":"y","revision":7,"roles":[1],"spec":{"jsonSchema":null}}`, false},
		{"nested missing", `{"id":"y","revision":7,"roles":[],"spec":{}}`, false},
	}
	for _, c := range cases {
		err := CompareShape([]byte(doc), []byte(c.got))
		if (err == nil) != c.ok {
			t.Errorf("%s: CompareShape error = %v, want ok=%v", c.name, err, c.ok)
		}
	}
}
