// Package catalog knows which Azure ML VM sizes exist and what they offer:
// vCPUs, GPUs, memory, whether they can run low-priority nodes, which
// compute types may use them, and the AML quota family their vCPUs count
// against.
//
// The default catalog is embedded: the real VirtualMachineSizes_List response
// of one region (eastus), recorded by the Azure PowerShell test suite and
// turned into vmsizes_eastus.json by the generator in internal/gen (see
// testdata/azure-catalog/SOURCES.md). A region's own list, captured with
// `az rest` or recorded the same way, is read with Parse.
//
// Quota families are matched loosely with FamilyKey and SameFamily, and
// Usages_List responses (the quotas a subscription has used) are read with
// ParseUsages.
package catalog
