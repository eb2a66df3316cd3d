package schema

import (
	"fmt"
	"regexp"
)

// imageIDRE matches the resource IDs of the images Azure VMs boot from: a
// managed image, or an Azure Compute Gallery image definition or version.
var imageIDRE = regexp.MustCompile(`(?i)^/subscriptions/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/resourceGroups/[^/]+/providers/Microsoft\.Compute/(images/[^/]+|galleries/[^/]+/images/[^/]+(/versions/[^/]+)?)$`)

// checkImage checks a custom node image. The REST API describes
// AmlComputeProperties.virtualMachineImage as "Virtual Machine image for
// AML Compute - windows only" and its id as the "Virtual Machine image
// path" (every stable version to 2026-09-01), so an image on a Linux
// cluster is an error. The API gives the id no format; one that is not an
// image resource ID is a warning, not an error, for that reason.
func (k *checker) checkImage(w *Workspace, c *Cluster) {
	if c.VirtualMachineImage == "" {
		return
	}
	if c.OSType != "Windows" {
		d := k.errorf("image/windows-only", clusterLabels(w, c, "virtualMachineImage"),
			fmt.Sprintf("virtualMachineImage is for Windows clusters only (the API: \"windows only\"); this cluster's osType is %q", c.OSType))
		d.Detail = "Set osType: \"Windows\", or remove virtualMachineImage to use Azure ML's own Linux image."
		*d = d.WithRelated(k.pos(clusterLabels(w, c, "osType")...))
	}
	if !imageIDRE.MatchString(c.VirtualMachineImage) {
		k.warnf("id/image", clusterLabels(w, c, "virtualMachineImage", "id"),
			fmt.Sprintf("virtualMachineImage.id %q is not the resource ID of a managed image or an Azure Compute Gallery image (/subscriptions/<guid>/resourceGroups/<rg>/providers/Microsoft.Compute/images/<name>, or …/galleries/<gallery>/images/<image>[/versions/<version>])", c.VirtualMachineImage))
	}
}
