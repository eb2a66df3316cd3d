package policy

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/amlc-dev/amlc/compiler"
	"github.com/amlc-dev/amlc/fixtures"
	"github.com/amlc-dev/amlc/schema"
)

// resourceSpecs are the workspaces the resource test compares: every
// bundled fixture, and hand-built clusters that set every field.
func resourceSpecs(t *testing.T) []*schema.Workspace {
	var out []*schema.Workspace
	for _, name := range fixtures.Names {
		res := schema.Vet([]string{filepath.Join("..", "..", "fixtures", name)}, schema.Options{})
		if res.Diags.HasErrors() {
			t.Fatalf("fixture %s: %v", name, res.Diags)
		}
		for i := range res.Spec.Workspaces {
			out = append(out, &res.Spec.Workspaces[i])
		}
	}
	w := testWorkspace()
	full := testCluster("full", "Standard_NC6s_v3")
	full.MinNodes, full.MaxNodes, full.IdleTimeBeforeScaleDown = 1, 8, 90*time.Second
	full.Priority, full.Location, full.Description = schema.LowPriority, "westeurope", "[a description]"
	full.Tags = map[string]string{"team": "vision", "[x]": "[y]"}
	full.Identity = &schema.Identity{Type: schema.UserAssigned, IDs: []string{
		"/subscriptions/" + sub + "/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/a",
		"/subscriptions/" + sub + "/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/b"}}
	full.Network = &schema.Network{Subnet: "/subscriptions/" + sub + "/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s", NodePublicIP: false}
	full.SSH = &schema.SSH{AdminUser: "azureuser", PublicKey: "ssh-ed25519 AAAA x", PasswordSecret: "pw", PublicAccess: "Enabled"}
	full.LocalAuth = true
	full.IsolatedNetwork = true
	full.VirtualMachineImage = "/subscriptions/" + sub + "/resourceGroups/rg-img/providers/Microsoft.Compute/galleries/g/images/i/versions/1.0.0"
	system := testCluster("system", "Standard_D2_v2")
	system.Identity = &schema.Identity{Type: schema.SystemAssigned}
	system.OSType = "Windows"
	system.Network = &schema.Network{NodePublicIP: true}
	sshOnly := testCluster("ssh-only", "Standard_D2_v2")
	sshOnly.SSH = &schema.SSH{AdminUser: "azureuser", PasswordSecret: "pw2"}
	sameRegion := testCluster("same-region", "Standard_D2_v2")
	sameRegion.Location = "East US"
	w.Clusters = []schema.Cluster{*full, *system, *sshOnly, *sameRegion}
	return append(out, w)
}

// TestResourceMatchesTemplate: what a policy reads of a cluster is what
// amlc's template creates, with the template's expressions resolved, at
// every path of the template's resource and nowhere else.
func TestResourceMatchesTemplate(t *testing.T) {
	n := 0
	for _, w := range resourceSpecs(t) {
		var names []string
		for _, c := range w.Clusters {
			names = append(names, c.Name)
		}
		tmpl, err := compiler.Template(w, names)
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range tmpl.Resources {
			data, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			var doc map[string]any
			if err := json.Unmarshal(data, &doc); err != nil {
				t.Fatal(err)
			}
			c := &w.Clusters[0]
			name, _ := doc["name"].(string)
			_, cluster, ok := compiler.SplitChildName(name)
			if !ok {
				t.Fatalf("resource name %q is not one amlc writes", name)
			}
			for j := range w.Clusters {
				if w.Clusters[j].Name == cluster {
					c = &w.Clusters[j]
				}
			}
			res := resource{w: w, c: c}
			addr := schema.Address(w, c)
			if got, _ := res.get([]string{"name"}); got != names[i] && got != c.Name {
				t.Errorf("%s: name %v", addr, got)
			}
			delete(doc, "name")
			delete(doc, "apiVersion")
			compareTree(t, addr, res, nil, deployed(doc))
			// Nothing the template leaves out exists.
			checkShape(t, addr, res, resourceShape, nil, doc)
			n++
		}
	}
	if n < 8 {
		t.Fatalf("only %d clusters compared", n)
	}
}

// deployed resolves what ARM resolves when it deploys the template: "[["
// escapes and the password parameter.
func deployed(v any) any {
	switch x := v.(type) {
	case string:
		if strings.HasPrefix(x, "[parameters(") {
			return "secret"
		}
		return literalString(x)
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			out[literalString(k)] = deployed(e)
		}
		return out
	}
	return v
}

func compareTree(t *testing.T, addr string, res resource, path []string, want any) {
	t.Helper()
	got, ok := res.get(path)
	if _, isSecret := got.(secretValue); isSecret {
		got = "secret"
	}
	wm, isObj := want.(map[string]any)
	if !isObj {
		if !ok || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %s = %#v (exists %v), the template has %#v", addr, strings.Join(path, "."), got, ok, want)
		}
		return
	}
	gm, _ := got.(map[string]any)
	if !ok || gm == nil {
		t.Errorf("%s: %s = %#v (exists %v), the template has an object", addr, strings.Join(path, "."), got, ok)
		return
	}
	for k := range gm {
		if _, in := wm[k]; !in && !(len(path) == 0 && k == "name") {
			t.Errorf("%s: %s has %q, the template has not", addr, strings.Join(path, "."), k)
		}
	}
	for k, v := range wm {
		compareTree(t, addr, res, append(append([]string(nil), path...), k), v)
	}
}

func checkShape(t *testing.T, addr string, res resource, s *shape, path []string, doc any) {
	t.Helper()
	for _, k := range s.kids {
		p := append(append([]string(nil), path...), k.name)
		_, exists := res.get(p)
		_, inDoc := walk(doc, p)
		if exists != inDoc && !(len(p) == 1 && p[0] == "name") {
			t.Errorf("%s: %s exists %v for a policy, %v in the template", addr, strings.Join(p, "."), exists, inDoc)
		}
		checkShape(t, addr, res, k, p, doc)
	}
}

// Every path the template writes reads a spec field, except those that
// hold for every cluster (the type and compute type) and the name.
func TestSpecFieldsOfWrittenPaths(t *testing.T) {
	var walkShape func(s *shape, path []string)
	walkShape = func(s *shape, path []string) {
		for _, k := range s.kids {
			p := append(append([]string(nil), path...), k.name)
			joined := strings.Join(p, ".")
			if k.leaf != nil {
				f := &fieldRef{path: p}
				switch joined {
				case "type", "name", "properties.computeType":
				case "location", "tags":
				case "identity.type", "identity.userAssignedIdentities":
				default:
					if specField(f) == nil {
						t.Errorf("%s reads no spec field", joined)
					}
				}
			}
			walkShape(k, p)
		}
	}
	walkShape(resourceShape, nil)
}
