package schema

import (
	"fmt"
	"strings"

	"github.com/amlc-dev/amlc/internal/catalog"
)

// checkSize checks the VM size against the catalog and, when it is known,
// writes the catalog's spelling into the model (the compiler emits it).
func (k *checker) checkSize(w *Workspace, c *Cluster) {
	labels := clusterLabels(w, c, "vmSize")
	cat, own := k.cats[catalog.NormRegion(c.Location)]
	if !own {
		cat = k.cat
		own = cat != catalog.Default() && (cat.Covers(c.Location) || len(cat.Regions()) == 0)
		if len(k.cats) > 0 && len(cat.Regions()) > 0 && !cat.Covers(c.Location) {
			// Regions' own lists were given (--catalog REGION=FILE), but
			// not this one's: say that its size was checked against
			// another region's list.
			region := catalog.NormRegion(c.Location)
			k.warnf("catalog/region-unverified", labels, fmt.Sprintf("vmSize %q was checked against the VM-size list of %s, not of %s", c.VMSize, strings.Join(cat.Regions(), ", "), region)).
				Detail = "Give " + region + "'s own list with --catalog " + region + "=FILE, or check with --live. Checked against " + cat.Source() + "."
		}
	}
	size, ok := cat.Lookup(c.VMSize)
	if !ok {
		code, msg := "size/unknown", fmt.Sprintf("vmSize %q is not a VM size Azure ML offers for compute clusters", c.VMSize)
		if own {
			code, msg = "size/not-in-region", fmt.Sprintf("vmSize %q is not in the VM-size list of %s", c.VMSize, c.Location)
		}
		if s := cat.Suggest(c.VMSize); len(s) > 0 {
			msg += "; did you mean " + quoteAll(s) + "?"
		}
		detail := "Checked against " + cat.Source() + "."
		if r, ok := retired[strings.ToLower(c.VMSize)]; ok {
			detail = r + " " + detail
		}
		k.errorf(code, labels, msg).Detail = detail
		return
	}
	c.VMSize = size.Name
	if k.sizes == nil {
		k.sizes = map[string]catalog.Size{}
	}
	k.sizes[Address(w, c)] = size
	if !size.SupportsAmlCompute() {
		k.errorf("size/not-amlcompute", labels,
			fmt.Sprintf("vmSize %q cannot be used for compute clusters; Azure ML offers it for %s only", size.Name, strings.Join(size.SupportedComputeTypes, ", ")))
		return
	}
	if c.Priority == LowPriority && !size.LowPriorityCapable {
		k.errorf("size/no-low-priority", clusterLabels(w, c, "priority"),
			fmt.Sprintf("vmSize %q cannot run low-priority nodes; use priority \"Dedicated\" or another size", size.Name))
	}
}

func quoteAll(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = fmt.Sprintf("%q", x)
	}
	return strings.Join(q, " or ")
}

// retired explains sizes users still copy from old documentation.
var retired = map[string]string{
	"standard_nc6":       "The NC-series (NVIDIA K80) was retired on 31 August 2023; NCv3 (Standard_NC6s_v3) or NCasT4_v3 replace it.",
	"standard_nc12":      "The NC-series (NVIDIA K80) was retired on 31 August 2023; NCv3 (Standard_NC12s_v3) or NCasT4_v3 replace it.",
	"standard_nc24":      "The NC-series (NVIDIA K80) was retired on 31 August 2023; NCv3 (Standard_NC24s_v3) or NCasT4_v3 replace it.",
	"standard_nc24r":     "The NC-series (NVIDIA K80) was retired on 31 August 2023; NCv3 (Standard_NC24rs_v3) replaces it.",
	"standard_nc6_promo": "The NC-series (NVIDIA K80) was retired on 31 August 2023.",
}
