package schema

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

var (
	// Compute names: 3–24 characters, letters, digits and '-', starting
	// with a letter (how-to-create-attach-compute-cluster, 2024).
	computeNameRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]{2,23}$`)
	// Workspace names, from the swagger's workspaceName parameter.
	workspaceNameRE = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$`)
	guidRE          = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	regionRE        = regexp.MustCompile(`^[a-z][a-z0-9]*$`)
	// Workspace keys name output files and plan addresses.
	workspaceKeyRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,89}$`)
)

func (k *checker) checkWorkspace(w *Workspace) {
	base := []string{"workspaces", w.Key}
	if !workspaceKeyRE.MatchString(w.Key) || strings.Contains(w.Key, "..") {
		k.errorf("name/workspace", base,
			fmt.Sprintf("workspace key %q must be 1–90 letters, digits, '_', '-' and '.', starting with a letter or digit: it names the output files and plan addresses", w.Key))
	}
	if w.Subscription == "" || w.ResourceGroup == "" || w.Location == "" {
		// The schema already reported the missing field.
		return
	}
	if !workspaceNameRE.MatchString(w.Name) {
		k.errorf("name/workspace", append(base, "name"),
			fmt.Sprintf("workspace name %q must be 3–33 characters of letters, digits, '_' and '-', starting with a letter or digit", w.Name))
	}
	if !guidRE.MatchString(w.Subscription) {
		k.errorf("id/subscription", append(base, "subscription"),
			fmt.Sprintf("subscription %q is not a GUID such as 6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", w.Subscription))
	}
	if msg := resourceGroupProblem(w.ResourceGroup); msg != "" {
		k.errorf("name/resource-group", append(base, "resourceGroup"), fmt.Sprintf("resource group %q %s", w.ResourceGroup, msg))
	}
	k.checkLocation(append(base, "location"), w.Location)
}

// resourceGroupProblem applies ARM's resource-group naming rules: 1–90
// characters of letters, digits, '_', '-', '.', '(' and ')', not ending in
// a period.
func resourceGroupProblem(rg string) string {
	if n := len([]rune(rg)); n < 1 || n > 90 {
		return "must be 1–90 characters long"
	}
	for _, r := range rg {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("_-.()", r)) {
			return fmt.Sprintf("contains %q; only letters, digits, '_', '-', '.', '(' and ')' are allowed", r)
		}
	}
	if strings.HasSuffix(rg, ".") {
		return "must not end with a period"
	}
	return ""
}

func (k *checker) checkLocation(labels []string, loc string) {
	if regionRE.MatchString(loc) {
		if !knownRegions[loc] {
			k.warnf("region/unknown", labels, fmt.Sprintf("location %q is not an Azure region amlc knows; check the spelling", loc))
		}
		return
	}
	want := strings.ToLower(strings.ReplaceAll(loc, " ", ""))
	msg := fmt.Sprintf("location %q is not an Azure region name (lower case letters and digits, e.g. \"westeurope\")", loc)
	if regionRE.MatchString(want) {
		msg += fmt.Sprintf("; write %q", want)
	}
	k.errorf("region/format", labels, msg)
}

func (k *checker) checkComputeName(w *Workspace, c *Cluster) {
	msg := ComputeNameProblem(c.Name)
	switch {
	case msg == "":
	case k.existing.Has(w, c.Name):
		k.warnf("name/legacy", clusterLabels(w, c),
			fmt.Sprintf("compute name %q %s; the cluster exists in Azure, so amlc manages it, but a cluster of this name cannot be created again", c.Name, msg)).
			Detail = "Azure applies the name rule when a cluster is created; one created before the rule keeps its name. amlc updates it in place, and refuses a plan that would replace it (delete, then create under a name Azure refuses). Offline, amlc vet and build cannot see that it exists and report the error name/compute."
	default:
		k.errorf("name/compute", clusterLabels(w, c), fmt.Sprintf("compute name %q %s", c.Name, msg))
	}
}

// Existing is a set of clusters that exist in Azure, by [ComputeKey].
type Existing map[string]bool

// ComputeKey is the key of a cluster in [Existing]: the compute's ARM ID in
// lower case, as ARM compares IDs.
func ComputeKey(w *Workspace, name string) string {
	return strings.ToLower(w.ResourceID() + "/computes/" + name)
}

// Has reports whether the cluster name of workspace w exists in Azure.
func (e Existing) Has(w *Workspace, name string) bool { return e[ComputeKey(w, name)] }

// ComputeNameProblem applies Azure ML's compute name rule for creating a
// cluster, or returns "".
func ComputeNameProblem(name string) string {
	switch {
	case len(name) < 3 || len(name) > 24:
		return fmt.Sprintf("must be 3–24 characters long (it has %d)", len([]rune(name)))
	case !computeNameRE.MatchString(name):
		if r := []rune(name)[0]; !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return "must start with a letter"
		}
		return "may contain only letters, digits and '-'"
	}
	if i := strings.LastIndexByte(name, '-'); i >= 0 {
		if !strings.ContainsFunc(name[i+1:], func(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }) {
			return "must have a letter after its last '-'"
		}
	}
	return ""
}

// checkUniqueNames reports compute names used twice in one region: Azure
// requires them to be unique across all computes in a region. Names
// compare without case, like ARM resource names.
func (k *checker) checkUniqueNames() {
	type site struct {
		w *Workspace
		c *Cluster
	}
	seen := map[string]site{}
	spec := &k.d.spec
	for i := range spec.Workspaces {
		w := &spec.Workspaces[i]
		inWorkspace := map[string]*Cluster{}
		for j := range w.Clusters {
			c := &w.Clusters[j]
			lower := strings.ToLower(c.Name)
			if other, ok := inWorkspace[lower]; ok {
				d := k.errorf("name/duplicate", clusterLabels(w, c),
					fmt.Sprintf("compute names %q and %q differ only in case; Azure treats them as the same compute", other.Name, c.Name))
				*d = d.WithRelated(k.pos(clusterLabels(w, other)...))
				continue
			}
			inWorkspace[lower] = c
			key := strings.ToLower(c.Location) + "\x00" + lower
			first, ok := seen[key]
			if !ok {
				seen[key] = site{w, c}
				continue
			}
			d := k.errorf("name/duplicate", clusterLabels(w, c),
				fmt.Sprintf("compute name %q is already used in %s by workspace %q; compute names must be unique per region",
					c.Name, c.Location, first.w.Key))
			*d = d.WithRelated(k.pos(clusterLabels(first.w, first.c)...))
		}
	}
}
