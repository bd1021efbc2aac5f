package main

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/mockserver"
)

// guideTemplate is the source of docs/guides/mock-server.md.
const guideTemplate = "../../../templates/guides/mock-server.md.tmpl"

// flagDefinition finds the name of every flag the command's files define on a FlagSet.
var flagDefinition = regexp.MustCompile(`fs\.[A-Za-z0-9]+\((?:&[\w.]+, )?"([a-z0-9-]+)"`)

// The mock-server guide lists every flag the mock has and every plan id of its built-in catalogue,
// so a new flag or plan cannot go undocumented.
func TestMockServerGuideListsEveryFlagAndBuiltinPlan(t *testing.T) {
	var src []byte
	for _, file := range []string{"main.go", "serving.go"} {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		src = append(src, data...)
	}
	guide, err := os.ReadFile(guideTemplate)
	if err != nil {
		t.Fatal(err)
	}
	flags := flagDefinition.FindAllStringSubmatch(string(src), -1)
	if len(flags) < 10 {
		t.Fatalf("found only %d flag definitions: the pattern no longer matches them", len(flags))
	}
	for _, f := range flags {
		if !strings.Contains(string(guide), "`-"+f[1]+"`") {
			t.Errorf("flag -%s is not in %s", f[1], guideTemplate)
		}
	}
	for _, id := range []string{mockserver.DefaultPlanID, mockserver.LargePlanID, mockserver.UnlimitedPlanID, mockserver.RootAccountID} {
		if !strings.Contains(string(guide), id) {
			t.Errorf("%s is not in %s", id, guideTemplate)
		}
	}
}
