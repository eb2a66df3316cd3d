package catalog

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Usage is one entry of a Usages_List response: how many of a quota's
// units (vCPUs, or clusters for TotalClusters) a subscription uses in a
// region, and its limit.
type Usage struct {
	Name    string // name.value: a VM family (e.g. "standardDSv2Family") or "TotalDedicatedCores" etc.
	Type    string // e.g. "Microsoft.MachineLearningServices/vmFamily/dedicatedCores/usages"
	Unit    string // "Count"
	Current int64
	Limit   int64 // -1 for per-family low-priority entries: there is no such limit
}

// Kind classifies the usage by its Type.
func (u Usage) Kind() UsageKind { return UsageKindOf(u.Type) }

// ParseUsages reads a complete Usages_List response body,
// {"value": [{id, type, unit, currentValue, limit, name: {value,
// localizedValue}}], "nextLink": …}. It fails when nextLink is set, since
// the list then continues on another page; use ParseUsagesPage to follow
// the pages.
func ParseUsages(data []byte) ([]Usage, error) {
	us, next, err := ParseUsagesPage(data)
	if err == nil && next != "" {
		return nil, fmt.Errorf("usages: the response is one page of several (nextLink %q)", next)
	}
	return us, err
}

// ParseUsagesPage reads one page of a Usages_List response and returns its
// entries and the nextLink of the following page ("" on the last page).
// Unknown fields are ignored.
func ParseUsagesPage(data []byte) (usages []Usage, nextLink string, err error) {
	var body struct {
		Value *[]struct {
			Type         string `json:"type"`
			Unit         string `json:"unit"`
			CurrentValue int64  `json:"currentValue"`
			Limit        int64  `json:"limit"`
			Name         struct {
				Value string `json:"value"`
			} `json:"name"`
		} `json:"value"`
		NextLink string `json:"nextLink"`
	}
	if err := json.Unmarshal(data, &body); err != nil {
		return nil, "", jsonError(data, "usages", "a JSON object", err)
	}
	if body.Value == nil {
		return nil, "", fmt.Errorf(`usages: not a Usages_List response {"value": [...]}`)
	}
	usages = make([]Usage, 0, len(*body.Value))
	for i, v := range *body.Value {
		if v.Name.Value == "" {
			return nil, "", fmt.Errorf("usages: value[%d] has no name.value", i)
		}
		usages = append(usages, Usage{Name: v.Name.Value, Type: v.Type, Unit: v.Unit, Current: v.CurrentValue, Limit: v.Limit})
	}
	return usages, body.NextLink, nil
}

// UsageKind is what a usage entry counts, read from its type.
type UsageKind int

// The kinds of usage entries the live service returns (catalog.md §3).
const (
	UsageOther             UsageKind = iota // a type amlc does not use
	UsageFamilyDedicated                    // …/vmFamily/dedicatedCores/usages: one family's dedicated vCPUs and its limit
	UsageFamilyLowPriority                  // …/vmFamily/lowPriorityCores/usages: one family's low-priority vCPUs; limit is always -1
	UsageTotalDedicated                     // …/totalDedicatedCores/usages: the regional dedicated vCPU cap
	UsageTotalLowPriority                   // …/totalLowPriorityCores/usages: the regional low-priority vCPU cap
	UsageTotalClusters                      // …/totalClusters/usages: the number of computes
)

// usageTypes maps the part of a type after the provider, in lower case, to
// its kind.
var usageTypes = map[string]UsageKind{
	"vmfamily/dedicatedcores/usages":   UsageFamilyDedicated,
	"vmfamily/lowprioritycores/usages": UsageFamilyLowPriority,
	"totaldedicatedcores/usages":       UsageTotalDedicated,
	"totallowprioritycores/usages":     UsageTotalLowPriority,
	"totalclusters/usages":             UsageTotalClusters,
}

// usageProvider is the resource provider prefix of usage types.
const usageProvider = "microsoft.machinelearningservices/"

// UsageKindOf classifies a usage type string, ignoring case; the
// "Microsoft.MachineLearningServices/" prefix may be left out. The
// different types in the hand-written swagger example (vmFamily/usages,
// dedicatedCores/usages, totalCores/usages) are not returned by the service
// and are UsageOther.
func UsageKindOf(typ string) UsageKind {
	t := strings.ToLower(strings.TrimSpace(typ))
	t = strings.TrimPrefix(t, usageProvider)
	return usageTypes[t]
}

// String returns a short name of the kind.
func (k UsageKind) String() string {
	switch k {
	case UsageFamilyDedicated:
		return "family dedicated vCPUs"
	case UsageFamilyLowPriority:
		return "family low-priority vCPUs"
	case UsageTotalDedicated:
		return "total dedicated vCPUs"
	case UsageTotalLowPriority:
		return "total low-priority vCPUs"
	case UsageTotalClusters:
		return "total clusters"
	}
	return "other"
}

// FindUsage returns the first usage of the given kind; for the per-family
// kinds it must also be of family (compared with SameFamily).
func FindUsage(usages []Usage, kind UsageKind, family string) (Usage, bool) {
	perFamily := kind == UsageFamilyDedicated || kind == UsageFamilyLowPriority
	for _, u := range usages {
		if u.Kind() == kind && (!perFamily || SameFamily(u.Name, family)) {
			return u, true
		}
	}
	return Usage{}, false
}
