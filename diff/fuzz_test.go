package diff

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/amlc-dev/amlc/compiler"
	"github.com/amlc-dev/amlc/internal/jsontree"
	"github.com/amlc-dev/amlc/schema"
)

// byteSource turns fuzzed bytes into choices; past the end every choice is
// the first.
type byteSource struct {
	b []byte
	i int
}

func (s *byteSource) pick(n int) int {
	if s.i >= len(s.b) {
		return 0
	}
	v := s.b[s.i]
	s.i++
	return int(v) % n
}

func pickOf[T any](s *byteSource, options ...T) T { return options[s.pick(len(options))] }

// fuzzSpec builds a spec from small pools of values, so that two specs
// built from one input share addresses and often agree up to spelling.
func fuzzSpec(s *byteSource) *schema.Spec {
	spec := &schema.Spec{}
	for range 1 + s.pick(2) {
		ws := schema.Workspace{
			Key:           pickOf(s, "ml-prod", "ml-dev"),
			Subscription:  pickOf(s, testSub, strings.ToUpper(testSub), "00000000-0000-0000-0000-000000000001"),
			ResourceGroup: pickOf(s, "rg-ml", "RG-ML", "rg-other"),
			Location:      pickOf(s, "westeurope", "eastus"),
		}
		ws.Name = pickOf(s, ws.Key, "ml-other")
		for range s.pick(4) {
			ws.Clusters = append(ws.Clusters, fuzzCluster(s))
		}
		spec.Workspaces = append(spec.Workspaces, ws)
	}
	return spec
}

func fuzzCluster(s *byteSource) schema.Cluster {
	c := schema.Cluster{
		Name:                    pickOf(s, "cpu", "gpu", "big", "x-1"),
		VMSize:                  pickOf(s, "Standard_D2_v2", "standard_d2_V2", "Standard_NC6s_v3", ""),
		MaxNodes:                pickOf(s, 1, 4, 8, 200),
		MinNodes:                pickOf(s, 0, 1, 4),
		IdleTimeBeforeScaleDown: pickOf(s, 2*time.Minute, 120*time.Second, 30*time.Minute, 0, -time.Second),
		Priority:                pickOf(s, "", schema.Dedicated, schema.LowPriority, "lowpriority"),
		OSType:                  pickOf(s, "", "Linux", "Windows"),
		Location:                pickOf(s, "", "westeurope", "West Europe", "northeurope"),
		Description:             pickOf(s, "", "a", "b <&>"),
		Tags:                    pickOf(s, nil, map[string]string{}, map[string]string{"team": "a"}, map[string]string{"team": "b", "o": "c"}),
		Identity: pickOf(s, nil, &schema.Identity{Type: schema.SystemAssigned},
			&schema.Identity{Type: schema.UserAssigned, IDs: []string{testUAI}},
			&schema.Identity{Type: schema.UserAssigned, IDs: []string{strings.ToUpper(testUAI), testUAI2}},
			&schema.Identity{Type: "None"}, &schema.Identity{}),
		Network: pickOf(s, nil, &schema.Network{Subnet: testSubnet}, &schema.Network{NodePublicIP: true},
			&schema.Network{Subnet: strings.ToUpper(testSubnet), NodePublicIP: true}),
		LocalAuth:  pickOf(s, false, true),
		LargeScale: pickOf(s, nil, &schema.LargeScale{SupportTicket: "t1"}, &schema.LargeScale{SupportTicket: "t2", InternodeCommunication: true}),

		VirtualMachineImage: pickOf(s, "", testImage, strings.ToUpper(testImage)),
		IsolatedNetwork:     pickOf(s, false, true),
	}
	if s.pick(2) == 1 {
		c.SSH = &schema.SSH{
			AdminUser:      pickOf(s, "", "azureuser", "root2"),
			PublicKey:      pickOf(s, "", "ssh-ed25519 AAAA", " ssh-ed25519 AAAA ", Unobserved),
			PasswordSecret: pickOf(s, "", "s1", "s2", Unobserved),
			PublicAccess:   pickOf(s, "", "Enabled", "Disabled", "NotSpecified", "disabled"),
		}
	}
	return c
}

// FuzzCompute checks the invariants of a plan between two specs built from
// the fuzzed bytes: no panic; a spec against itself is all no-ops; an
// update holds no create-only field; a replacement names at least one
// create-only field; nothing ever detaches.
func FuzzCompute(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
	f.Add(bytes.Repeat([]byte{1}, 64))
	f.Add(bytes.Repeat([]byte{0, 1, 2, 3}, 40))
	f.Add([]byte("a spec against another spec, both built from these bytes"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s := &byteSource{b: data}
		desired, base := fuzzSpec(s), fuzzSpec(s)
		for _, x := range []*schema.Spec{desired, base} {
			p := Compute(x, x)
			if p.HasChanges() || len(p.Warnings) > 0 {
				t.Fatalf("Compute(x, x) is not all no-ops: %+v", p)
			}
			for _, c := range p.Changes {
				if len(c.Fields) > 0 || len(c.Requests) > 0 {
					t.Fatalf("Compute(x, x): %+v", c)
				}
			}
		}
		checkInvariants(t, Compute(desired, base))

		// Against the computes as Azure would return them: a re-PUT keeps
		// what amlc does not model and sends nothing read-only.
		seen := map[string]bool{} // the addresses observedAs answered
		p := ComputeWith(desired, base, Options{Resource: func(ws *schema.Workspace, c *schema.Cluster) map[string]any {
			r := observedAs(ws, c)
			if r != nil {
				seen[schema.Address(ws, c)] = true
			}
			return r
		}})
		checkInvariants(t, p)
		for _, c := range p.Changes {
			for _, r := range c.Requests {
				if body, ok := r.Body.(map[string]any); ok && seen[c.Address] && r.Method == "PUT" && !strings.Contains(r.Path, "/deployments/") {
					if bag := jsontree.Object(body, "properties.properties")["propertyBag"]; bag == nil {
						t.Fatalf("%s: the re-PUT drops a member Azure returned: %v", c.Address, body)
					}
				}
			}
		}
	})
}

// observedAs is a base cluster as Azure would return it: the body that
// created it, with read-only members, nulls and a member amlc does not
// model; nil when the compiler refuses the cluster (the fuzzed specs are
// not vetted).
func observedAs(ws *schema.Workspace, c *schema.Cluster) map[string]any {
	r, err := compiler.RESTResource(ws, c)
	if err != nil {
		return nil
	}
	r["id"] = ws.ResourceID() + "/computes/" + c.Name
	r["name"] = c.Name
	props := r["properties"].(map[string]any)
	props["provisioningState"] = "Succeeded"
	props["resourceId"] = nil
	aml := props["properties"].(map[string]any)
	aml["nodeStateCounts"] = map[string]any{"idleNodeCount": 0}
	aml["propertyBag"] = map[string]any{"k": "v"}
	if cr, ok := aml["userAccountCredentials"].(map[string]any); ok {
		delete(cr, "adminUserSshPublicKey")
	}
	return r
}

// checkInvariants checks what holds for every plan.
func checkInvariants(t *testing.T, p *Plan) {
	t.Helper()
	for _, c := range p.Changes {
		if !c.Action.Valid() {
			t.Fatalf("%s: invalid action %q", c.Address, c.Action)
		}
		var createOnly, updatable int
		for _, f := range c.Fields {
			row, ok := FieldOf(f.Path)
			if !ok {
				t.Fatalf("%s: field %q has no mutability row", c.Address, f.Path)
			}
			if row.Sensitive && (!f.Sensitive || f.Before != nil || f.After != nil) {
				t.Fatalf("%s: sensitive field %s shows values: %+v", c.Address, f.Path, f)
			}
			switch {
			case row.Route == RouteCreateOnly:
				createOnly++
			case row.Route.Updatable():
				updatable++
			}
		}
		for _, r := range c.Requests {
			if strings.Contains(r.Path, "Detach") {
				t.Fatalf("%s: a request detaches: %s", c.Address, r.Path)
			}
			if !strings.HasPrefix(r.Path, "/subscriptions/") || !strings.Contains(r.Path, "?api-version=") {
				t.Fatalf("%s: bad request path %s", c.Address, r.Path)
			}
		}
		switch c.Action {
		case Update:
			if createOnly > 0 || updatable == 0 || len(c.Requests) == 0 {
				t.Fatalf("%s: an update with %d create-only and %d updatable fields, %d requests", c.Address, createOnly, updatable, len(c.Requests))
			}
			checkUpdateRequests(t, c, templateWarned(p, c.Address))
		case Replace:
			if createOnly == 0 || len(c.Reasons) == 0 {
				t.Fatalf("%s: a replacement names no create-only field: %+v", c.Address, c)
			}
			if len(c.Requests) != 2 || c.Requests[0].Method != "DELETE" ||
				!strings.HasSuffix(c.Requests[0].Path, "&underlyingResourceAction=Delete") || c.Requests[1].Method != "PUT" {
				t.Fatalf("%s: replacement requests %+v", c.Address, c.Requests)
			}
		case NoOp:
			if createOnly > 0 || updatable > 0 || len(c.Requests) > 0 {
				t.Fatalf("%s: a no-op that changes something: %+v", c.Address, c)
			}
		case Create:
			if len(c.Requests) != 1 || c.Requests[0].Method != "PUT" {
				t.Fatalf("%s: create requests %+v", c.Address, c.Requests)
			}
		case Delete:
			if len(c.Requests) != 1 || c.Requests[0].Method != "DELETE" {
				t.Fatalf("%s: delete requests %+v", c.Address, c.Requests)
			}
		}
	}
	var buf bytes.Buffer
	if err := RenderText(&buf, p, true); err != nil {
		t.Fatal(err)
	}
	if err := RenderJSON(&buf, p); err != nil {
		t.Fatal(err)
	}
	if err := RenderMarkdown(&buf, p); err != nil {
		t.Fatal(err)
	}
}

// templateWarned reports whether the plan warns that it cannot write a
// body for the address (the compiler refused the cluster).
func templateWarned(p *Plan, addr string) bool {
	for _, w := range p.Warnings {
		if w.Address == addr && w.Code == CodeTemplate {
			return true
		}
	}
	return false
}

// checkUpdateRequests: an update is a scale PATCH, a GET and a full PUT of
// the same compute, or both in that order; the PUT never carries SSH
// credentials nor a read-only member, and has a body unless the plan
// warns that it cannot write one.
func checkUpdateRequests(t *testing.T, c Change, noBody bool) {
	t.Helper()
	var seq []string
	for i, r := range c.Requests {
		seq = append(seq, r.Method)
		if r.Path != c.Requests[0].Path {
			t.Fatalf("%s: an update addresses two paths: %s, %s", c.Address, c.Requests[0].Path, r.Path)
		}
		switch r.Method {
		case "PATCH", "GET":
			if (r.Method == "GET") != (r.Body == nil) {
				t.Fatalf("%s: request %d: %s with body %v", c.Address, i, r.Method, r.Body)
			}
		case "PUT":
			body, _ := r.Body.(map[string]any)
			if body == nil {
				if !noBody {
					t.Fatalf("%s: a re-PUT without a body, and no warning", c.Address)
				}
				continue
			}
			if _, ok := jsontree.Object(body, "properties.properties")["userAccountCredentials"]; ok {
				t.Fatalf("%s: the re-PUT sends credentials", c.Address)
			}
			for path, names := range readOnly {
				for _, n := range names {
					if _, ok := jsontree.Object(body, path)[n]; ok {
						t.Fatalf("%s: the re-PUT sends the read-only %s.%s", c.Address, path, n)
					}
				}
			}
		}
	}
	switch strings.Join(seq, " ") {
	case "PATCH", "GET PUT", "PATCH GET PUT":
	default:
		t.Fatalf("%s: an update sends %v", c.Address, seq)
	}
}
