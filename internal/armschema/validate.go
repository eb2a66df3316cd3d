package armschema

import (
	"bytes"
	"errors"
	"fmt"
	"slices"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// ComputeType is the ARM resource type of an Azure ML compute.
const ComputeType = "Microsoft.MachineLearningServices/workspaces/computes"

// envelopeURL names the schema [New] builds for the envelope of a compute
// resource; it is added to the compiler directly, never loaded.
const envelopeURL = "urn:amlc:armschema:compute-envelope"

// Validator checks templates against the ARM JSON schemas. It is safe for
// concurrent use.
type Validator struct {
	template *jsonschema.Schema // the whole template
	envelope *jsonschema.Schema // a compute resource without its properties
	base     *jsonschema.Schema // a compute's properties: the common Compute fields
	aml      *jsonschema.Schema // a compute's properties: AmlCompute
	patched  []string
}

// New compiles the schemas found in dir, a directory holding schemas/<path>
// for every https://schema.management.azure.com/schemas/<path> needed (see
// the package documentation for what is worked around).
func New(dir string) (*Validator, error) { return newValidator(dir, true) }

func newValidator(dir string, fix bool) (*Validator, error) {
	l := &loader{dir: dir, fix: fix}
	c := jsonschema.NewCompiler()
	// The files declare draft-04 themselves; this covers the stand-ins.
	c.DefaultDraft(jsonschema.Draft4)
	c.UseLoader(l)
	c.UseRegexpEngine(lookaheadEngine)

	// Readable errors: the template schema validates a resource against a
	// three-way oneOf (Logic, Sendgrid, everything else), so one bad enum
	// deep inside a compute shows up as a hundred lines of "value must be
	// 'Microsoft.Logic/workflows'". A compute is therefore also checked
	// directly, in three parts: its envelope (resourceDefinitions/
	// workspaces_computes with "properties" taken out), its properties
	// against the closed common arm of Compute (which rejects unknown
	// names), and its properties against AmlCompute (enums, types, required
	// fields). Together they check what the template schema checks.
	mls, err := l.Load(MLSSchema)
	if err != nil {
		return nil, err
	}
	if err := c.AddResource(MLSSchema, mls); err != nil {
		return nil, err
	}
	env, err := envelopeSchema(mls)
	if err != nil {
		return nil, err
	}
	if err := c.AddResource(envelopeURL, env); err != nil {
		return nil, err
	}
	v := &Validator{}
	for _, s := range []struct {
		dst *(*jsonschema.Schema)
		url string
	}{
		{&v.template, TemplateSchema},
		{&v.envelope, envelopeURL},
		{&v.base, MLSSchema + "#/definitions/Compute/allOf/0"},
		{&v.aml, MLSSchema + "#/definitions/AmlCompute"},
	} {
		sch, err := c.Compile(s.url)
		if err != nil {
			return nil, fmt.Errorf("armschema: compiling %s: %w", s.url, err)
		}
		*s.dst = sch
	}
	v.patched = l.patched
	return v, nil
}

// envelopeSchema derives, from the MLS schema document, the schema of a
// compute resource whose "properties" member is checked separately.
func envelopeSchema(mls any) (any, error) {
	def, ok := lookup(mls, "resourceDefinitions", "workspaces_computes")
	if !ok {
		return nil, errors.New("armschema: no resourceDefinitions/workspaces_computes in " + MLSSchema)
	}
	props, _ := def["properties"].(map[string]any)
	out := map[string]any{}
	for name := range props {
		if name != "properties" {
			out[name] = map[string]any{"$ref": MLSSchema + "#/resourceDefinitions/workspaces_computes/properties/" + escapePointer(name)}
		}
	}
	return map[string]any{
		"$schema":    "http://json-schema.org/draft-04/schema#",
		"type":       "object",
		"properties": out,
		"required":   def["required"],
	}, nil
}

func lookup(doc any, path ...string) (map[string]any, bool) {
	for _, p := range path {
		m, ok := doc.(map[string]any)
		if !ok {
			return nil, false
		}
		doc = m[p]
	}
	m, ok := doc.(map[string]any)
	return m, ok
}

// Patched lists, as URL#pointer, the schema objects the validator repaired
// in memory (see the package documentation).
func (v *Validator) Patched() []string { return slices.Clone(v.patched) }

// Check validates one ARM template given as JSON text. The error lists the
// readable per-compute findings first; when there are none but the template
// still fails, it carries the template schema's own (long) report.
func (v *Validator) Check(data []byte) error {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	var errs []error
	top, _ := doc.(map[string]any)
	res, _ := top["resources"].([]any)
	for i, r := range res {
		if r, ok := r.(map[string]any); ok && r["type"] == ComputeType {
			if err := v.Compute(r); err != nil {
				errs = append(errs, fmt.Errorf("resources[%d] (%v): %w", i, r["name"], err))
			}
		}
	}
	if err := v.Template(doc); err != nil {
		if len(errs) > 0 {
			// The same findings again, buried in the template schema's oneOf.
			errs = append(errs, errors.New("the whole template fails deploymentTemplate.json too"))
		} else {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Template validates a decoded template (see [jsonschema.UnmarshalJSON])
// against deploymentTemplate.json.
func (v *Validator) Template(doc any) error { return v.template.Validate(doc) }

// Compute validates one decoded workspaces/computes resource directly
// against the parts of the MLS schema that describe it, for short errors.
func (v *Validator) Compute(resource map[string]any) error {
	var errs []error
	if err := v.envelope.Validate(resource); err != nil {
		errs = append(errs, err)
	}
	if p, ok := resource["properties"]; ok {
		for _, sch := range []*jsonschema.Schema{v.base, v.aml} {
			if err := sch.Validate(p); err != nil {
				errs = append(errs, fmt.Errorf("in properties: %w", err))
			}
		}
	}
	return errors.Join(errs...)
}
