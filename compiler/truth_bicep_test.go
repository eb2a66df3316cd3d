package compiler

// Truth checks, part 2: every Bicep file amlc emits parses with
// tree-sitter-bicep (no ERROR or MISSING node), and denotes the same
// template as the ARM JSON emitted for the same spec: resource types and API
// versions, names ('ws/cluster' from parent + name), every property,
// parameters with their secure flags, and outputs. The Bicep side is
// converted by tools/bicep-oracle (node; install its pinned packages with
// `npm ci --prefix tools/bicep-oracle`); both sides are compared in
// armschema.Canonical form. Without node or the packages the tests fail
// when CI is set and are skipped otherwise.

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/amlc-dev/amlc/internal/armschema/armtest"
)

func TestTruthBicepAgrees(t *testing.T) {
	armtest.RequireOracle(t)
	for _, f := range truthCompile(t) {
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			if err := armtest.CompareBicep(t, f.bicepName, f.bicep, f.arm); err != nil {
				t.Errorf("%v\n--- %s:\n%s", err, f.bicepName, f.bicep)
			}
		})
	}
}

// The comparison can fail: broken Bicep is reported, and a Bicep file that
// says something else than the ARM JSON is caught, with a readable diff.
func TestTruthBicepCatches(t *testing.T) {
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
		name   string
		re     string // the first match is replaced
		repl   string
		target string // "bicep" or "arm": which output is changed
		want   []string
	}{
		{"unclosed brace", `\n}\n\noutput`, "\n\noutput", "bicep", []string{"syntax error"}},
		{"double-quoted string", `'AmlCompute'`, `"AmlCompute"`, "bicep", []string{"syntax error"}},
		{"not a Bicep escape", `'Training cluster'`, `'Training\x41cluster'`, "bicep", []string{`\x41 is not a Bicep escape`}},
		{"undefined symbol", `adminUserPassword: gpuAdminPassword`, `adminUserPassword: gpuAdminPasword`, "bicep", []string{"gpuAdminPasword does not exist"}},
		{"property value", `maxNodeCount: 500`, `maxNodeCount: 501`, "bicep", []string{"maxNodeCount", "500", "501"}},
		{"property name", `minNodeCount:`, `minNodeCounts:`, "bicep", []string{"minNodeCount"}},
		{"missing property", `\n *remoteLoginPortPublicAccess: 'Enabled'`, ``, "bicep", []string{"remoteLoginPortPublicAccess"}},
		{"secure flag", `@secure\(\)\n`, ``, "bicep", []string{"securestring"}},
		{"parameter used", `adminUserPassword: gpuAdminPassword`, `adminUserPassword: 'gpuAdminPassword'`, "bicep", []string{"parameters('gpuAdminPassword')"}},
		{"parent name", `name: 'ml-prod'`, `name: 'ml-other'`, "bicep", []string{"ml-other/gpu-cluster"}},
		{"child name", `name: 'gpu-cluster'`, `name: 'gpu-clust'`, "bicep", []string{"gpu-clust"}},
		{"API version", `computes@2026-05-01`, `computes@2025-12-01`, "bicep", []string{"2025-12-01"}},
		{"output", `= gpuCluster.id`, `= workspace.id`, "bicep", []string{"gpuClusterId"}},
		{"ARM side", `"vmPriority": "LowPriority"`, `"vmPriority": "Dedicated"`, "arm", []string{"vmPriority"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			bicep, arm := f.bicep, f.arm
			src := &bicep
			if tc.target == "arm" {
				src = &arm
			}
			re := regexp.MustCompile(tc.re)
			loc := re.FindIndex(*src)
			if loc == nil {
				t.Fatalf("%q is not in the %s output; update the test:\n%s", tc.re, tc.target, *src)
			}
			*src = bytes.Join([][]byte{(*src)[:loc[0]], []byte(tc.repl), (*src)[loc[1]:]}, nil)
			err := armtest.CompareBicep(t, f.bicepName, bicep, arm)
			if err == nil {
				t.Fatalf("not caught:\n%s", bicep)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("caught, but the report lacks %q:\n%v", w, err)
				}
			}
		})
	}
}
