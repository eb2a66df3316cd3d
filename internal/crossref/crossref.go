// Package crossref maps amlc's advice findings to the rules of other tools
// that check the same thing: PSRule for Azure rules, Checkov checks and
// Azure Policy built-ins, so that a security reviewer sees the mapping in
// each finding's detail. The rules are those of the research notes
// cost-and-policy.md §2–4 (Azure/azure-policy f4a50ba, Azure/PSRule.Rules.Azure
// 1556a9c, bridgecrewio/checkov 03d5fda); docs/policy.md lists them.
package crossref

import (
	"fmt"
	"slices"
	"strings"
)

// Check is one thing several tools check.
type Check struct {
	// Codes are amlc's diagnostic codes of the check.
	Codes []string
	// PSRule are PSRule for Azure rule names.
	PSRule []string
	// Checkov are Checkov check IDs (Terraform checks: Checkov has none on
	// ARM or Bicep compute clusters).
	Checkov []string
	// Policies are the Azure Policy built-ins.
	Policies []Policy
}

// Policy is an Azure Policy built-in definition.
type Policy struct {
	ID          string // the definition's name, a GUID
	DisplayName string
	Effects     string // its allowed effects other than Disabled
}

// checks is the mapping. Only rules that apply to AmlCompute clusters are
// listed: PSRule's Azure.ML.ComputeIdleShutdown and the idle-shutdown and
// OS-image built-ins concern compute instances only.
var checks = []Check{
	{
		// Local authentication. PSRule Azure.ML.DisableLocalAuth checks
		// properties.disableLocalAuth == true on every compute; Checkov
		// CKV_AZURE_142 local_auth_enabled == false on
		// azurerm_machine_learning_compute_cluster.
		Codes:   []string{"security/local-auth"},
		PSRule:  []string{"Azure.ML.DisableLocalAuth"},
		Checkov: []string{"CKV_AZURE_142"},
		Policies: []Policy{
			{"e96a9a5f-07ca-471b-9bc5-6a0f33cbd68f", "Azure Machine Learning Computes should have local authentication methods disabled", "Audit, Deny"},
			{"a6f9a2d0-cff7-4855-83ad-4cd750666512", "Configure Azure Machine Learning Computes to disable local authentication methods", "Modify"},
		},
	},
	{
		// Idle nodes billed. Checkov CKV_AZURE_150: min_node_count == 0.
		Codes:   []string{"cost/min-nodes", "cost/low-priority-min-nodes"},
		Checkov: []string{"CKV_AZURE_150"},
	},
	{
		// The compute in a virtual network: PSRule Azure.ML.ComputeVnet
		// checks properties.properties.subnet.id has a value.
		PSRule: []string{"Azure.ML.ComputeVnet"},
		Policies: []Policy{
			{"7804b5c7-01dc-4723-969b-ae300cc07ff1", "Azure Machine Learning Computes should be in a virtual network", "Audit"},
		},
	},
}

// ForCode returns the check of an amlc diagnostic code, nil when no other
// tool checks it.
func ForCode(code string) *Check {
	for i := range checks {
		if slices.Contains(checks[i].Codes, code) {
			return &checks[i]
		}
	}
	return nil
}

// ForPolicy returns the check an Azure Policy built-in belongs to (by its
// GUID, any case), nil when none.
func ForPolicy(id string) *Check {
	for i := range checks {
		for _, p := range checks[i].Policies {
			if strings.EqualFold(p.ID, id) {
				return &checks[i]
			}
		}
	}
	return nil
}

// NamesPolicy reports whether the check lists the built-in id.
func (c *Check) NamesPolicy(id string) bool {
	if c == nil {
		return false
	}
	return slices.ContainsFunc(c.Policies, func(p Policy) bool { return strings.EqualFold(p.ID, id) })
}

// Detail words the mapping for a finding's detail: "Also checked by: PSRule
// for Azure Azure.ML.DisableLocalAuth; Checkov CKV_AZURE_142; Azure Policy
// built-in e96a9a5f-… (…)". Policies whose ID is in except (the one the
// finding itself reports) are left out. It is empty when nothing remains.
func (c *Check) Detail(except ...string) string {
	if c == nil {
		return ""
	}
	var parts []string
	if len(c.PSRule) > 0 {
		parts = append(parts, "PSRule for Azure "+strings.Join(c.PSRule, ", "))
	}
	if len(c.Checkov) > 0 {
		parts = append(parts, "Checkov "+strings.Join(c.Checkov, ", ")+" (Terraform)")
	}
	for _, p := range c.Policies {
		if slices.ContainsFunc(except, func(id string) bool { return strings.EqualFold(id, p.ID) }) {
			continue
		}
		parts = append(parts, fmt.Sprintf("Azure Policy built-in %s (%q, %s)", p.ID, p.DisplayName, p.Effects))
	}
	if len(parts) == 0 {
		return ""
	}
	return "Also checked by: " + strings.Join(parts, "; ") + "."
}
