package catalog

import "strings"

// Size is one VM size as the VirtualMachineSizes API describes it. The JSON
// field names are the API's.
type Size struct {
	Name                  string   `json:"name"`   // e.g. "Standard_D2_v2"
	Family                string   `json:"family"` // the AML quota family, e.g. "standardDv2Family"
	VCPUs                 int      `json:"vCPUs"`
	GPUs                  int      `json:"gpus"`
	MemoryGB              float64  `json:"memoryGB"`
	LowPriorityCapable    bool     `json:"lowPriorityCapable"`
	SupportedComputeTypes []string `json:"supportedComputeTypes"` // e.g. AmlCompute, ComputeInstance, MIR, AmlSpark
}

// ComputeTypeAmlCompute is the compute type of Azure ML compute clusters.
const ComputeTypeAmlCompute = "AmlCompute"

// SupportsAmlCompute reports whether the size may be used for compute
// clusters: its supported compute types include "AmlCompute" (in any case).
func (s Size) SupportsAmlCompute() bool {
	for _, t := range s.SupportedComputeTypes {
		if strings.EqualFold(strings.TrimSpace(t), ComputeTypeAmlCompute) {
			return true
		}
	}
	return false
}

// clone returns s with its own copy of SupportedComputeTypes, so callers
// cannot change the catalog through it.
func (s Size) clone() Size {
	if s.SupportedComputeTypes != nil {
		s.SupportedComputeTypes = append([]string{}, s.SupportedComputeTypes...)
	}
	return s
}
