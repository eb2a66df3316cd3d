package diff

// FormatVersion is the version of the JSON form of a [Plan]. It changes
// only when a reader of an older version would misread a newer plan.
const FormatVersion = "1"

// Generator marks every plan amlc writes as amlc's (the "generator"
// member), as compiled templates carry metadata._generator: amlc never
// reads a file it wrote as a spec (docs/loading.md).
const Generator = "amlc"

// Plan is the set of changes from a base to the desired specs: one [Change]
// per cluster address found in either, sorted by address, and the warnings
// a reviewer should read before applying it.
type Plan struct {
	FormatVersion string    `json:"formatVersion"`
	Generator     string    `json:"generator"`
	Changes       []Change  `json:"changes"`
	Warnings      []Warning `json:"warnings,omitempty"`
	// Cost is the monthly cost of the plan's clusters before and after.
	Cost *PlanCost `json:"cost,omitempty"`
}

// Change is what happens to one cluster.
type Change struct {
	// Address is "<workspace key>/<cluster name>".
	Address string `json:"address"`
	Action  Action `json:"action"`
	// Reasons say, in words, why the action is what it is; a replacement
	// names every create-only field behind it.
	Reasons []string `json:"reasons,omitempty"`
	// Fields are the field changes, in the order of the mutability table.
	// A create lists the desired values, a delete the base values.
	Fields []FieldChange `json:"fields,omitempty"`
	// Requests carry the change out, in order. A no-op has none.
	Requests []Request `json:"requests,omitempty"`
	// Cost is what the change does to the cluster's monthly cost.
	Cost *ChangeCost `json:"cost,omitempty"`
}

// FieldChange is one changed field of a cluster.
type FieldChange struct {
	// Path is the field's path in the spec ("maxNodes", "ssh.password"),
	// or "workspace.<field>" for a move of the whole workspace.
	Path string `json:"path"`
	// Before and After are the normalised values (durations in ISO 8601),
	// absent when the field is unset on that side or sensitive.
	Before any `json:"before,omitempty"`
	After  any `json:"after,omitempty"`
	// Sensitive fields never show values.
	Sensitive bool `json:"sensitive,omitempty"`
	// ForcesReplace marks a create-only field.
	ForcesReplace bool `json:"forcesReplace,omitempty"`
	// Note explains what is or is not done about the field.
	Note string `json:"note,omitempty"`
}

// Request is one REST call against Azure Resource Manager.
type Request struct {
	Method string `json:"method"`
	// Path is relative to the ARM endpoint and includes the api-version.
	Path string `json:"path"`
	// Body is the JSON body; absent for DELETE.
	Body any `json:"body,omitempty"`
}

// Warning is something the reviewer of a plan should know; it never
// changes an action.
type Warning struct {
	Address string `json:"address"`
	// Code is stable: "plan/rename", "plan/replace-deletes",
	// "plan/description", "plan/template", "plan/quota-meantime".
	Code    string `json:"code"`
	Message string `json:"message"`
}

// The warning codes.
const (
	CodeRename         = "plan/rename"
	CodeReplaceDeletes = "plan/replace-deletes"
	CodeDescription    = "plan/description"
	CodeTemplate       = "plan/template"
)

// Counts returns how many changes have each action.
func (p *Plan) Counts() map[Action]int {
	n := map[Action]int{}
	for _, c := range p.Changes {
		n[c.Action]++
	}
	return n
}

// HasChanges reports whether any change is not a no-op.
func (p *Plan) HasChanges() bool {
	for _, c := range p.Changes {
		if c.Action != NoOp {
			return true
		}
	}
	return false
}
