package importer

import (
	"errors"
	"strings"
	"testing"

	"cuelang.org/go/cue/parser"

	"github.com/amlc-dev/amlc/schema"
)

func TestWorkspaceRef(t *testing.T) {
	file := map[string][]byte{"c.yml": []byte("type: amlcompute\nname: cpu-cluster\n")}
	for _, ws := range []WorkspaceRef{
		{},
		{Key: "w", ResourceGroup: "rg", Location: "eastus"},
		{Key: "w", Subscription: "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", Location: "eastus"},
		{Key: "w", Subscription: "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", ResourceGroup: "rg"},
	} {
		if _, _, err := FromYAML(file, ws); err == nil {
			t.Errorf("FromYAML with %+v: no error", ws)
		}
	}
	ws := testWorkspace
	ws.Key, ws.Name = "", "mlw"
	spec, _, err := FromYAML(file, ws)
	if err != nil {
		t.Fatal(err)
	}
	if w := spec.Workspaces[0]; w.Key != "mlw" || w.Name != "mlw" {
		t.Errorf("key %q, name %q; want both mlw", w.Key, w.Name)
	}
	ws.Key, ws.Name = "prod", ""
	spec, _, err = FromYAML(file, ws)
	if err != nil {
		t.Fatal(err)
	}
	if w := spec.Workspaces[0]; w.Key != "prod" || w.Name != "prod" {
		t.Errorf("key %q, name %q; want both prod", w.Key, w.Name)
	}
}

// TestPasswordNeverPrinted feeds admin passwords in forms that make the
// YAML decoder or the importer fail, and requires that neither the errors
// nor the notes repeat them.
func TestPasswordNeverPrinted(t *testing.T) {
	const pw = "Zx9-Secret-Value"
	head := "type: amlcompute\nname: leaky\nssh_settings:\n  admin_username: azureuser\n"
	for _, src := range []string{
		head + "  admin_password: !!int " + pw + "\n",
		head + "  admin_password: !!float " + pw + " # comment\n",
		head + "  admin_password: !!bool '" + pw + "'\n",
		"{type: amlcompute, name: leaky, ssh_settings: {admin_username: u, admin_password: !!int " + pw + "}}\n",
		"{type: amlcompute, name: leaky, ssh_settings: {admin_username: u, \"admin_password\": !!int \"" + pw + "\"}}\n",
		head + "  admin_password: [" + pw + "]\n",
		head + "  admin_password: {x: " + pw + "}\n",
		head + "  admin_password: " + pw + "\n  bad: [\n",
		head + "  admin_password: \"" + pw + "\n",
		head + "  admin_password: " + pw + "\n    nested: " + pw + "\n",
		head + "  admin_password: " + pw + "\n  admin_password: " + pw + "\n",
		head + "  admin_pasword: " + pw + "\n",
		"type: amlcompute\nname: leaky\nssh_settings: !!str " + pw + "\n",
		head + "  admin_password: !!int\n    " + pw + "\n",
		head + "  admin_password: !!int\n    " + pw + "\n    " + pw + "\n",
		head + "  admin_password: !!int |\n    " + pw + "\n",
		head + "  admin_password: !!int >-\n    " + pw + "\n\n    more\n",
	} {
		_, notes, err := FromYAML(map[string][]byte{"leaky.yml": []byte(src)}, testWorkspace)
		var all strings.Builder
		if err != nil {
			all.WriteString(err.Error())
			var es Errors
			if !errors.As(err, &es) {
				t.Errorf("%q: error %T, want Errors", src, err)
			}
			for _, e := range es {
				if e.Line == 0 {
					t.Errorf("%q: error without a line: %v", src, e)
				}
			}
		}
		for _, n := range notes {
			all.WriteString("\n" + n.String())
		}
		if strings.Contains(all.String(), pw) {
			t.Errorf("%q: the password was printed:\n%s", src, all.String())
		}
	}
}

func TestSecretNames(t *testing.T) {
	m := &mapper{secrets: map[string]bool{}}
	for _, tc := range []struct{ cluster, want string }{
		{"gpu-cluster", "gpuClusterAdminPassword"},
		{"GPU-Cluster", "gpuClusterAdminPassword2"},
		{"myGPU-x2", "myGPUX2AdminPassword"},
		{"cpu", "cpuAdminPassword"},
		{"9lives", "cluster9livesAdminPassword"},
		{"", "clusterAdminPassword"},
		{strings.Repeat("a", 80), strings.Repeat("a", 48) + "AdminPassword"},
	} {
		got := m.secretName(tc.cluster)
		if got != tc.want {
			t.Errorf("secretName(%q) = %q, want %q", tc.cluster, got, tc.want)
		}
		if len(got) > 64 {
			t.Errorf("secretName(%q) = %q is longer than 64", tc.cluster, got)
		}
	}
}

// TestScalars checks how numbers and booleans written in the ways YAML and
// the CLI allow are read.
func TestScalars(t *testing.T) {
	for _, tc := range []struct {
		yaml string
		min  int
		max  int
		idle string
		pub  bool
	}{
		// 010 is octal as in YAML 1.1, which the CLI's PyYAML reads too;
		// a string "010" is decimal, as Python's int() reads it.
		{"min_instances: 0\nmax_instances: 010\nidle_time_before_scale_down: 0x3c\nenable_node_public_ip: yes\n", 0, 8, "1m", true},
		{"min_instances: '01'\nmax_instances: '010'\nidle_time_before_scale_down: 60\nenable_node_public_ip: on\n", 1, 10, "1m", true},
		{"min_instances: '1'\nmax_instances: 2.0\nidle_time_before_scale_down: 1_800\nenable_node_public_ip: 'False'\n", 1, 2, "30m", false},
		// az ml sends no idle time for 0, which leaves the default (120 s).
		{"min_instances: +0\nmax_instances: 0o17\nidle_time_before_scale_down: \"0\"\nenable_node_public_ip: true\n", 0, 15, "2m", true},
	} {
		src := "type: amlcompute\nname: nums\nsize: Standard_D2_v2\ntier: dedicated\n" + tc.yaml +
			"network_settings:\n  subnet: /subscriptions/6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v/subnets/s\n"
		spec, _, err := FromYAML(map[string][]byte{"n.yml": []byte(src)}, testWorkspace)
		if err != nil {
			t.Errorf("%q: %v", tc.yaml, err)
			continue
		}
		c := spec.Workspaces[0].Clusters[0]
		if c.MinNodes != tc.min || c.MaxNodes != tc.max || FormatDuration(c.IdleTimeBeforeScaleDown) != tc.idle || c.Network.NodePublicIP != tc.pub {
			t.Errorf("%q: min %d max %d idle %v public %v", tc.yaml, c.MinNodes, c.MaxNodes, c.IdleTimeBeforeScaleDown, c.Network.NodePublicIP)
		}
	}
	for _, bad := range []string{
		"max_instances: 2.5\n",
		"max_instances: true\n",
		"max_instances: [1]\n",
		"max_instances: 99999999999\n",
		"min_instances: -1\n",
		"idle_time_before_scale_down: 1e30\n",
		"idle_time_before_scale_down: 99999999999999999\n",
		"enable_node_public_ip: maybe\n",
		"ssh_public_access_enabled: 2\n",
		"tags: [a, b]\n",
		"tags: {a: [1]}\n",
		"name: [x]\n",
		"size: 42\n",
		"identity: {type: user_assigned, user_assigned_identities: x}\n",
		"identity: {type: user_assigned, user_assigned_identities: [3]}\n",
		"network_settings: subnet-a\n",
		"ssh_settings: {admin_username: 7}\n",
	} {
		src := "type: amlcompute\nname: bad\n" + bad
		if strings.HasPrefix(bad, "name:") {
			src = "type: amlcompute\n" + bad
		}
		_, _, err := FromYAML(map[string][]byte{"b.yml": []byte(src)}, testWorkspace)
		if err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// TestIdentityTypes checks the identity types of the CLI's enum that the
// goldens do not show.
func TestIdentityTypes(t *testing.T) {
	const id = "/subscriptions/6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/x"
	for _, tc := range []struct {
		yaml string
		want *schema.Identity
	}{
		{"identity: {type: none}\n", nil},
		{"identity: {type: None, user_assigned_identities: [{resource_id: " + id + "}]}\n", nil},
		{"identity: {type: SystemAssigned}\n", &schema.Identity{Type: schema.SystemAssigned}},
		{"identity: {type: system_assigned, user_assigned_identities: [{resource_id: " + id + "}]}\n", &schema.Identity{Type: schema.SystemAssigned}},
		{"identity: {type: 'system_assigned,user_assigned', user_assigned_identities: [{resource_id: " + id + "}]}\n", &schema.Identity{Type: schema.UserAssigned, IDs: []string{id}}},
		{"identity: {type: 'system_assigned, user_assigned'}\n", &schema.Identity{Type: schema.SystemAssigned}},
		{"identity: {user_assigned_identities: [" + id + "]}\n", &schema.Identity{Type: schema.UserAssigned, IDs: []string{id}}},
		{"identity: {}\n", nil},
		{"identity: {type: user_assigned, user_assigned_identities: [{client_id: x}]}\n", &schema.Identity{Type: schema.UserAssigned}},
	} {
		src := "type: amlcompute\nname: ids\n" + tc.yaml
		spec, notes, err := FromYAML(map[string][]byte{"i.yml": []byte(src)}, testWorkspace)
		if err != nil {
			t.Errorf("%q: %v", tc.yaml, err)
			continue
		}
		got := spec.Workspaces[0].Clusters[0].Identity
		switch {
		case (got == nil) != (tc.want == nil):
			t.Errorf("%q: identity %+v, want %+v", tc.yaml, got, tc.want)
		case got != nil && (got.Type != tc.want.Type || strings.Join(got.IDs, ",") != strings.Join(tc.want.IDs, ",")):
			t.Errorf("%q: identity %+v, want %+v", tc.yaml, got, tc.want)
		}
		if tc.want != nil && strings.Contains(tc.yaml, "user_assigned_identities") && (tc.want.Type == schema.SystemAssigned || strings.Contains(tc.yaml, "system_assigned,")) && len(notes) == 0 {
			t.Errorf("%q: identities dropped without a note", tc.yaml)
		}
	}
}

// FuzzFromYAML checks that any input either fails with positioned errors
// or gives a model that Format writes as parseable CUE.
func FuzzFromYAML(f *testing.F) {
	for _, s := range []string{
		"type: amlcompute\nname: cpu-cluster\n",
		"type: amlcompute\nname: x\nssh_settings: {admin_username: u, admin_password: p, ssh_key_value: '@k'}\n",
		"type: amlcompute\nname: y\nnetwork_settings: {vnet_name: v, subnet: s}\nidentity: {type: user_assigned, user_assigned_identities: [{resource_id: r}]}\ntags: {a: 1}\n",
		"type: computeinstance\n",
		"- a\n",
		"a: *b\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		spec, _, err := FromYAML(map[string][]byte{"f.yml": []byte(src)}, testWorkspace)
		if err != nil {
			var es Errors
			if !errors.As(err, &es) || len(es) == 0 {
				t.Fatalf("error %T %v, want Errors", err, err)
			}
			return
		}
		out, err := Format(spec)
		if err != nil {
			t.Fatalf("Format: %v", err)
		}
		if _, err := parser.ParseFile("out.cue", out); err != nil {
			t.Fatalf("the output does not parse: %v\n%s", err, out)
		}
	})
}
