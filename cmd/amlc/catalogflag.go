package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/pflag"

	"github.com/amlc-dev/amlc/internal/catalog"
	"github.com/amlc-dev/amlc/internal/diag"
)

// registerCatalog adds --catalog [REGION=]FILE (repeatable) to a command
// that vets specs.
func (v *vetFlags) registerCatalog(fs *pflag.FlagSet, usage string) {
	fs.StringArrayVar(&v.catalogs, "catalog", nil, usage+" (repeatable, one file per region)")
}

// catalogUsage is what --catalog says on commands that vet offline.
const catalogUsage = "VM-size list `[REGION=]FILE` (a VirtualMachineSizes API response): the sizes of REGION, or of the region the file records; without either, of every region"

// readCatalogs reads the --catalog files. REGION=FILE, or a file that
// records its region (a recording of the API call), is that region's own
// list, used for the clusters in it only; clusters in other regions are
// checked against the embedded list with a catalog/region-unverified
// warning. A FILE with no region replaces the embedded list for every
// region.
func (v *vetFlags) readCatalogs(e *env, cmd string) (all *catalog.Catalog, byRegion map[string]*catalog.Catalog, code int) {
	for _, arg := range v.catalogs {
		region, file, ok := strings.Cut(arg, "=")
		if !ok {
			region, file = "", arg
		}
		if ok && strings.TrimSpace(region) == "" {
			return nil, nil, usageError(e, cmd, "--catalog %q: the region before = is empty", arg)
		}
		data, err := os.ReadFile(file)
		if err != nil {
			fmt.Fprintf(e.stderr, "amlc %s: --catalog: %v\n", cmd, err)
			return nil, nil, exitFailed
		}
		var regions []string
		if region != "" {
			regions = []string{region}
		}
		cat, err := catalog.Parse(data, diag.RelPath(e.cwd, file), regions...)
		if err != nil {
			fmt.Fprintf(e.stderr, "amlc %s: --catalog: %v\n", cmd, err)
			return nil, nil, exitFailed
		}
		rs := cat.Regions()
		if len(rs) == 0 {
			if all != nil {
				return nil, nil, usageError(e, cmd, "--catalog: %s and %s both say no region; give one of them as REGION=FILE", all.Source(), cat.Source())
			}
			all = cat
			continue
		}
		if byRegion == nil {
			byRegion = map[string]*catalog.Catalog{}
		}
		for _, r := range rs {
			if prev, dup := byRegion[r]; dup {
				return nil, nil, usageError(e, cmd, "--catalog: %s and %s are both the list of %s", prev.Source(), cat.Source(), r)
			}
			byRegion[r] = cat
		}
	}
	return all, byRegion, -1
}
