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
	// SupportsIB says that the size has an InfiniBand (RDMA) network. The
	// service returns it although the swagger does not declare it (the
	// recorded eastus list of 2025-11-04 has it on every size; the Go
	// SDK's model drops it, so a live list read through the SDK never
	// has it: see [RDMACapable]).
	SupportsIB bool `json:"supportsIB"`
}

// pricedSize is a size's prices as a list holds them; the catalog keeps
// them apart (Catalog.Prices), so that a Size stays small.
type pricedSize struct {
	Name              string             `json:"name"`
	EstimatedVMPrices *EstimatedVMPrices `json:"estimatedVMPrices"`
}

// EstimatedVMPrices are a size's prices as the VirtualMachineSizes API
// returns them: per OS and tier (Standard, LowPriority, Spot), in
// BillingCurrency (USD) per UnitOfMeasure (OneHour). Azure REST API specs,
// machinelearningservices stable/2024-04-01, definition EstimatedVMPrices.
type EstimatedVMPrices struct {
	BillingCurrency string             `json:"billingCurrency"`
	UnitOfMeasure   string             `json:"unitOfMeasure"`
	Values          []EstimatedVMPrice `json:"values"`
}

// EstimatedVMPrice is the price of one VM of a size for one OS and tier.
type EstimatedVMPrice struct {
	RetailPrice float64 `json:"retailPrice"`
	OSType      string  `json:"osType"` // Linux or Windows
	VMTier      string  `json:"vmTier"` // Standard, LowPriority or Spot
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

// RDMACapable reports whether a size has an InfiniBand (RDMA) network: its
// own supportsIB, or that of the size of the same name in the embedded
// list. A size's network is a property of the size, not of its region, and
// a list read through the Go SDK (vet --live) has lost the field. The
// quota page holds a communication-enabled cluster of an "RDMA enabled VM
// Family" to 100 nodes (how-to-manage-quotas.md, ms.date 2026-01-27); the
// service marks those sizes with supportsIB.
func RDMACapable(s Size) bool {
	if s.SupportsIB {
		return true
	}
	d, ok := Default().Lookup(s.Name)
	return ok && d.SupportsIB
}
