package crossref

import (
	"strings"
	"testing"
)

func TestLocalAuth(t *testing.T) {
	c := ForCode("security/local-auth")
	d := c.Detail()
	for _, want := range []string{"Azure.ML.DisableLocalAuth", "CKV_AZURE_142", "e96a9a5f-07ca-471b-9bc5-6a0f33cbd68f", "a6f9a2d0-cff7-4855-83ad-4cd750666512"} {
		if !strings.Contains(d, want) {
			t.Errorf("detail %q lacks %s", d, want)
		}
	}
	if ForPolicy("E96A9A5F-07CA-471B-9BC5-6A0F33CBD68F") != c || !c.NamesPolicy("e96a9a5f-07ca-471b-9bc5-6a0f33cbd68f") {
		t.Error("the local-auth built-in does not lead to its check")
	}
	if d := c.Detail("e96a9a5f-07ca-471b-9bc5-6a0f33cbd68f"); strings.Contains(d, "e96a9a5f") || !strings.Contains(d, "a6f9a2d0") {
		t.Errorf("Detail(except) = %q", d)
	}
	if d := ForCode("cost/min-nodes").Detail(); d != "Also checked by: Checkov CKV_AZURE_150 (Terraform)." {
		t.Errorf("min nodes: %q", d)
	}
	if ForCode("security/public-ssh") != nil || ForCode("nope").Detail() != "" || ForPolicy("nope") != nil {
		t.Error("unmapped codes map to something")
	}
	if d := ForPolicy("7804b5c7-01dc-4723-969b-ae300cc07ff1").Detail("7804b5c7-01dc-4723-969b-ae300cc07ff1"); d != "Also checked by: PSRule for Azure Azure.ML.ComputeVnet." {
		t.Errorf("vnet: %q", d)
	}
}
