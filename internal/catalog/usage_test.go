package catalog

import (
	"strings"
	"testing"
)

func TestParseUsagesRecording(t *testing.T) {
	usages, err := ParseUsages(recordedBody(t, usagesRecording))
	if err != nil {
		t.Fatal(err)
	}
	if len(usages) != 127 {
		t.Fatalf("%d usages, want 127", len(usages))
	}
	kinds := map[UsageKind]int{}
	for _, u := range usages {
		kinds[u.Kind()]++
		if u.Unit != "Count" {
			t.Errorf("%s %s: unit %q", u.Name, u.Type, u.Unit)
		}
		if u.Kind() == UsageFamilyLowPriority && u.Limit != -1 {
			t.Errorf("%s: low-priority family limit %d, want -1", u.Name, u.Limit)
		}
	}
	want := map[UsageKind]int{UsageFamilyDedicated: 62, UsageFamilyLowPriority: 62, UsageTotalDedicated: 1, UsageTotalLowPriority: 1, UsageTotalClusters: 1}
	for k, n := range want {
		if kinds[k] != n {
			t.Errorf("%d usages of kind %s, want %d", kinds[k], k, n)
		}
	}
	if kinds[UsageOther] != 0 {
		t.Errorf("%d usages of an unknown kind", kinds[UsageOther])
	}

	// The totals as recorded for the test subscription.
	for _, tt := range []struct {
		kind           UsageKind
		name           string
		current, limit int64
	}{
		{UsageTotalClusters, "TotalClusters", 3, 200},
		{UsageTotalDedicated, "TotalDedicatedCores", 20, 20},
		{UsageTotalLowPriority, "TotalLowPriorityCores", 0, 0},
	} {
		u, ok := FindUsage(usages, tt.kind, "")
		if !ok || u.Name != tt.name || u.Current != tt.current || u.Limit != tt.limit {
			t.Errorf("FindUsage(%s) = %+v, %v; want %s %d/%d", tt.kind, u, ok, tt.name, tt.current, tt.limit)
		}
	}

	// Every AmlCompute family of the catalog has a dedicated and a
	// low-priority entry, found through its vmSizes spelling.
	for _, s := range Default().Sizes() {
		if !s.SupportsAmlCompute() {
			continue
		}
		for _, k := range []UsageKind{UsageFamilyDedicated, UsageFamilyLowPriority} {
			u, ok := FindUsage(usages, k, s.Family)
			if !ok || !strings.EqualFold(u.Name, s.Family) {
				t.Errorf("%s: no %s usage for family %q", s.Name, k, s.Family)
			}
		}
	}
	if _, ok := FindUsage(usages, UsageFamilyDedicated, "standardEISv3Family"); ok {
		t.Error("found a usage for standardEISv3Family, which the recording lacks")
	}
	// The old-style spelling of the swagger example finds the live entry.
	if u, ok := FindUsage(usages, UsageFamilyDedicated, "Standard_DSv2_Family_Cluster_Dedicated_vCPUs"); !ok || u.Name != "standardDSv2Family" {
		t.Errorf("old-style DSv2 name: %+v, %v", u, ok)
	}
}

func TestParseUsagesPages(t *testing.T) {
	page := `{"value": [{"id": "/subscriptions/s/usages/standardDSv2Family", "type": "Microsoft.MachineLearningServices/vmFamily/dedicatedCores/usages",
	  "unit": "Count", "currentValue": 4, "limit": 24, "amlWorkspaceLocation": "eastus",
	  "name": {"value": "standardDSv2Family", "localizedValue": "Standard DSv2 Family Cluster Dedicated vCPUs"}}],
	  "nextLink": "https://management.azure.com/next"}`
	us, next, err := ParseUsagesPage([]byte(page))
	if err != nil || next != "https://management.azure.com/next" || len(us) != 1 {
		t.Fatalf("ParseUsagesPage = %v, %q, %v", us, next, err)
	}
	want := Usage{Name: "standardDSv2Family", Type: "Microsoft.MachineLearningServices/vmFamily/dedicatedCores/usages", Unit: "Count", Current: 4, Limit: 24}
	if us[0] != want {
		t.Errorf("got %+v, want %+v", us[0], want)
	}
	if _, err := ParseUsages([]byte(page)); err == nil || !strings.Contains(err.Error(), "nextLink") {
		t.Errorf("ParseUsages of a page with a nextLink: %v", err)
	}
	for data, msg := range map[string]string{
		``:                            "usages: empty",
		`{`:                           "usages:1:2: invalid JSON",
		`{}`:                          "not a Usages_List response",
		`{"value": [{"limit": "x"}]}`: "value.limit: a JSON string cannot be a Go int64",
		`{"value": [{"name": {}}]}`:   "value[0] has no name.value",
		`[]`:                          "usages:1:1: want a JSON object, got a JSON array",
	} {
		if _, err := ParseUsages([]byte(data)); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("ParseUsages(%s) = %v, want an error with %q", data, err, msg)
		}
	}
	if us, err := ParseUsages([]byte(`{"value": []}`)); err != nil || len(us) != 0 {
		t.Errorf("empty list: %v, %v", us, err)
	}
}

func TestUsageKindOf(t *testing.T) {
	for typ, want := range map[string]UsageKind{
		"Microsoft.MachineLearningServices/vmFamily/dedicatedCores/usages":   UsageFamilyDedicated,
		"microsoft.machinelearningservices/vmfamily/lowprioritycores/usages": UsageFamilyLowPriority,
		"Microsoft.MachineLearningServices/totalDedicatedCores/usages":       UsageTotalDedicated,
		"Microsoft.MachineLearningServices/totalLowPriorityCores/usages":     UsageTotalLowPriority,
		"Microsoft.MachineLearningServices/totalClusters/usages":             UsageTotalClusters,
		"totalClusters/usages": UsageTotalClusters,
		// The swagger example's types are not the service's.
		"Microsoft.MachineLearningServices/vmFamily/usages":       UsageOther,
		"Microsoft.MachineLearningServices/dedicatedCores/usages": UsageOther,
		"Microsoft.MachineLearningServices/totalCores/usages":     UsageOther,
		"Microsoft.MachineLearningServices/workspaces/usages":     UsageOther,
		"": UsageOther,
	} {
		if got := UsageKindOf(typ); got != want {
			t.Errorf("UsageKindOf(%q) = %s, want %s", typ, got, want)
		}
	}
}
