package schema

import "github.com/amlc-dev/amlc/internal/crossref"

// crossReference names, in the detail of each advice finding, the PSRule
// rules, Checkov checks and Azure Policy built-ins that check the same
// thing (package crossref), so that security reviewers see the mapping.
func (k *checker) crossReference() {
	for i := range k.ds {
		d := &k.ds[i]
		refs := crossref.ForCode(d.Code).Detail()
		if refs == "" {
			continue
		}
		if d.Detail != "" {
			d.Detail += "\n"
		}
		d.Detail += refs
	}
}
