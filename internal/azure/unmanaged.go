package azure

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"

	"github.com/amlc-dev/amlc/diff"
)

// Unmanaged is a property Azure holds for a cluster that the spec cannot
// express: it is read, and diff --live and import --live report it as
// "set in Azure, not managed by the spec" with its value, rather than
// ignore it. The properties are those of ComputeResource, Compute and
// AmlComputeProperties in the REST API (every stable version to
// 2026-09-01) that have no spec field and are not read-only state.
type Unmanaged struct {
	// Path is the property's path in the compute resource, as Azure
	// names it ("sku", "properties.properties.propertyBag").
	Path string `json:"path"`
	// Value is its value as JSON.
	Value string `json:"value"`
	// Note says what it means, when that is not plain.
	Note string `json:"note,omitempty"`
}

// String is how plans and import notes show it.
func (u Unmanaged) String() string {
	s := fmt.Sprintf("%s is set in Azure, not managed by the spec: %s", u.Path, u.Value)
	if u.Note != "" {
		s += " (" + u.Note + ")"
	}
	return s
}

// unmanaged lists the properties of a live cluster that the spec cannot
// express. noAdmin says the cluster has no admin account in the model:
// then an open SSH port is listed here rather than modelled, because an
// ssh block needs an admin user (SPEC.md §2).
func unmanaged(res *armmachinelearning.ComputeResource, aml *armmachinelearning.AmlCompute, p *armmachinelearning.AmlComputeProperties, noAdmin bool) []Unmanaged {
	var out []Unmanaged
	add := func(path string, v any, note string) {
		data, err := json.Marshal(v)
		if err != nil {
			data = []byte(fmt.Sprintf("%q", fmt.Sprint(v)))
		}
		out = append(out, Unmanaged{Path: path, Value: string(data), Note: note})
	}
	// Terraform copies the workspace's SKU into the compute it creates
	// (fidelity-2026-12 §2); amlc and azure-ai-ml send none.
	if res.SKU != nil {
		add("sku", res.SKU, "")
	}
	// "A property bag containing additional properties": free-form.
	if bag := p.PropertyBag; bag != nil && !emptyJSON(bag) {
		add("properties.properties.propertyBag", bag, "")
	}
	// For attached computes; an AmlCompute cluster is created, not attached.
	if id := str(aml.ResourceID); id != "" {
		add("properties.resourceId", id, "")
	}
	// Both kinds of identity at once: the docs allow one system-assigned
	// identity or user-assigned ones, not both (how-to-identity-based-
	// service-authentication.md), so the spec cannot say it; the plan
	// shows the identity as a change.
	if id := res.Identity; id != nil && id.Type != nil && strings.Contains(string(*id.Type), ",") {
		add("identity.type", string(*id.Type), "the spec holds a system-assigned identity or user-assigned ones, not both")
	}
	// az ml sends remoteLoginPortPublicAccess NotSpecified unless told
	// otherwise, which the service resolves to Enabled without a virtual
	// network, also for a cluster without an admin account. Nobody can log
	// in to such a port; a cluster amlc creates without ssh says
	// "Disabled". Replacing a cluster for it would destroy it for nothing,
	// so it is reported rather than compared.
	if access := str(p.RemoteLoginPortPublicAccess); noAdmin && access != "" && !strings.EqualFold(access, "Disabled") {
		add("properties.properties.remoteLoginPortPublicAccess", access, "the cluster has no admin account, so nobody can log in over SSH")
	}
	slices.SortFunc(out, func(a, b Unmanaged) int { return strings.Compare(a.Path, b.Path) })
	return out
}

// emptyJSON reports whether a free-form value is empty: null, {}, [] or "".
func emptyJSON(v any) bool {
	switch x := v.(type) {
	case map[string]any:
		return len(x) == 0
	case []any:
		return len(x) == 0
	case string:
		return x == ""
	}
	return v == nil
}

// notManaged is the plan's warning for each property of a declared
// cluster that the spec cannot express.
func notManaged(addr string, us []Unmanaged) []diff.Warning {
	var ws []diff.Warning
	for _, u := range us {
		ws = append(ws, diff.Warning{Address: addr, Code: CodeNotManaged, Message: u.String()})
	}
	return ws
}
