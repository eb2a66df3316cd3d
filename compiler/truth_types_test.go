package compiler

// Truth checks, part 3: the Bicep files amlc emits type-check against
// Bicep's own type table for APIVersion (Azure/bicep-types-az types.json,
// the table the Bicep compiler uses): every resource type@version is in
// it, and every cluster's body has only known, writable properties of the
// right types, its required ones, and a name that matches the compute-name
// pattern. The table is read from beside the ARM schemas (see
// internal/armschema/armtest); without it, or without the Bicep oracle,
// the tests fail when CI is set and are skipped otherwise.

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/amlc-dev/amlc/internal/armschema/armtest"
)

func TestTruthBicepTypes(t *testing.T) {
	bt := armtest.BicepTypes(t, APIVersion)
	armtest.RequireOracle(t)
	for _, f := range truthCompile(t) {
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			if ps := armtest.CheckBicepTypes(t, bt, f.bicepName, f.bicep); len(ps) > 0 {
				t.Errorf("Bicep's types refuse %s:\n%s\n--- %s:\n%s", f.bicepName, strings.Join(ps, "\n"), f.bicepName, f.bicep)
			}
		})
	}
}

// The type check can fail: each edit below makes a body Bicep would refuse.
func TestTruthBicepTypesCatch(t *testing.T) {
	bt := armtest.BicepTypes(t, APIVersion)
	armtest.RequireOracle(t)
	var f truthFile
	for _, tf := range truthCompile(t) {
		if strings.HasPrefix(tf.name, "every field:") {
			f = tf
		}
	}
	if f.bicep == nil {
		t.Fatal("no Bicep file of the spec \"every field\"")
	}
	for _, tc := range []struct {
		name, re, repl, want string
	}{
		{"unknown property", `minNodeCount:`, `minNodes:`, `no property "minNodes"`},
		{"read-only property", `vmSize: `, `currentNodeCount: 1\n      vmSize: `, "currentNodeCount: the property is read-only"},
		{"wrong type", `maxNodeCount: 500`, `maxNodeCount: '500'`, "want an integer"},
		{"missing required", `\n *maxNodeCount: 500`, ``, "maxNodeCount: the required property is missing"},
		{"name pattern", `name: 'gpu-cluster'`, `name: 'gpu-1'`, "does not match the pattern"},
		{"wrong discriminator", `computeType: 'AmlCompute'`, `computeType: 'AmlCluster'`, "computeType"},
		{"unknown API version", `computes@` + APIVersion, `computes@2019-01-01`, "have no Microsoft.MachineLearningServices/workspaces/computes@2019-01-01"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			re := regexp.MustCompile(tc.re)
			loc := re.FindIndex(f.bicep)
			if loc == nil {
				t.Fatalf("%q is not in the Bicep output; update the test:\n%s", tc.re, f.bicep)
			}
			repl := strings.ReplaceAll(tc.repl, `\n`, "\n")
			bicep := bytes.Join([][]byte{f.bicep[:loc[0]], []byte(repl), f.bicep[loc[1]:]}, nil)
			ps := armtest.CheckBicepTypes(t, bt, f.bicepName, bicep)
			if !strings.Contains(strings.Join(ps, "\n"), tc.want) {
				t.Errorf("not caught (want %q), problems: %q\n%s", tc.want, ps, bicep)
			}
		})
	}
}

// The API version is not older than 730 days on the day the test runs:
// ARM-TTK's apiVersions-Should-Be-Recent and Bicep's use-recent-api-versions
// flag older ones. The test fails when the version ages; move APIVersion
// to a newer stable version then.
func TestAPIVersionIsRecent(t *testing.T) {
	released, err := time.Parse("2006-01-02", APIVersion)
	if err != nil {
		t.Fatalf("APIVersion %q is not a stable date version: %v", APIVersion, err)
	}
	if age := time.Since(released); age > 730*24*time.Hour {
		t.Errorf("APIVersion %s is %d days old today, more than 730: move to the newest stable Microsoft.MachineLearningServices version with an ARM schema and Bicep types", APIVersion, int(age.Hours()/24))
	}
	if time.Until(released) > 0 {
		t.Errorf("APIVersion %s is in the future", APIVersion)
	}
}
