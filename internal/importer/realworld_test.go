package importer

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/amlc-dev/amlc/compiler"
	"github.com/amlc-dev/amlc/internal/diag"
	"github.com/amlc-dev/amlc/schema"
)

// The real az ml compute YAML files in testdata/realworld (copies of public
// files, SOURCES.md there): each one imports, and then either vets and
// builds into a template that creates what az ml would create, or is
// refused by vet for the reason pinned in realworldRefused. Nothing is
// lost: every field the file sets reaches the template or a note.

// realworldRefused pins the files vet refuses, with the error codes, and
// why a user would accept it.
var realworldRefused = map[string][]string{
	// The example's placeholder is not a resource ID; az ml would send it
	// and Azure refuse it.
	"azureml-examples/cli/resources/compute/cluster-user-identity.yml":                  {"id/identity"},
	"azureml-examples/history/ba5b491c/cli/resources/compute/cluster-user-identity.yml": {"id/identity"},
	// An open SSH port without an admin account: the import keeps it (and
	// says so), amlc does not open SSH without credentials (SPEC.md §2).
	"azure-sdk-for-python/sdk/ml/azure-ai-ml/tests/test_configs/compute/compute-aml-public-access-no-ssh.yaml": {"schema/required"},
}

// realworldRoot is the directory of the copies.
var realworldRoot = filepath.Join("..", "..", "testdata", "realworld")

func TestRealWorld(t *testing.T) {
	var files []string
	err := filepath.WalkDir(realworldRoot, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && (strings.HasSuffix(p, ".yml") || strings.HasSuffix(p, ".yaml")) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 18 {
		t.Fatalf("found %d real-world files in %s, want the 18 of SOURCES.md", len(files), realworldRoot)
	}
	seen := map[string]bool{}
	for _, p := range files {
		rel := filepath.ToSlash(strings.TrimPrefix(p, realworldRoot+string(filepath.Separator)))
		seen[rel] = true
		t.Run(rel, func(t *testing.T) { testRealWorldFile(t, p, rel) })
	}
	for rel := range realworldRefused {
		if !seen[rel] {
			t.Errorf("realworldRefused names %s, which is not in %s", rel, realworldRoot)
		}
	}
}

func testRealWorldFile(t *testing.T, path, rel string) {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Base(path)
	spec, notes, err := FromYAML(map[string][]byte{name: data}, testWorkspace)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	root, err := parseYAML(name, data)
	if err != nil {
		t.Fatal(err)
	}
	want := azmlSends(t, root)

	// Nothing lost: a field the file sets is mapped below or named by a
	// note.
	for _, f := range root.fields {
		if mappedKeys[f.key] {
			continue
		}
		if !slices.ContainsFunc(notes, func(n Note) bool { return strings.Contains(n.Text, f.key) }) {
			t.Errorf("field %s is neither mapped nor noted", f.key)
		}
	}

	out, err := Format(spec)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "clusters.cue"), out, 0o666); err != nil {
		t.Fatal(err)
	}
	res := schema.Vet([]string{dir}, schema.Options{})
	var errs []string
	for _, d := range res.Diags {
		if d.Severity == diag.Error {
			errs = append(errs, d.Code)
		}
	}
	slices.Sort(errs)
	errs = slices.Compact(errs)
	if wantErrs, refused := realworldRefused[rel]; refused || len(errs) > 0 {
		if !slices.Equal(errs, wantErrs) {
			t.Fatalf("vet errors %q, want %q:\n%s", errs, wantErrs, out)
		}
		return
	}

	ws := &res.Spec.Workspaces[0]
	if len(ws.Clusters) != 1 {
		t.Fatalf("%d clusters", len(ws.Clusters))
	}
	tmpl, err := compiler.Template(ws, []string{ws.Clusters[0].Name})
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	r := tmpl.Resources[0]
	got := sent{
		name:        clusterName(t, r.Name),
		location:    cmpOr(r.Properties.ComputeLocation, r.Location),
		description: r.Properties.Description,
		tags:        map[string]string{},
	}
	for _, m := range r.Tags {
		got.tags[m.Key] = m.Value
	}
	if len(got.tags) == 0 {
		got.tags = nil
	}
	p := r.Properties.Properties
	got.vmSize, got.vmPriority = p.VMSize, p.VMPriority
	got.min, got.max = p.ScaleSettings.MinNodeCount, p.ScaleSettings.MaxNodeCount
	if got.idle, err = schema.ParseDuration(p.ScaleSettings.NodeIdleTimeBeforeScaleDown); err != nil {
		t.Fatal(err)
	}
	got.remoteLogin, got.publicIP = p.RemoteLoginPortPublicAccess, p.EnableNodePublicIP
	if p.Subnet != nil {
		got.subnet = p.Subnet.ID
	}
	if u := p.UserAccountCredentials; u != nil {
		got.adminUser, got.sshKey, got.password = u.AdminUserName, u.AdminUserSSHPublicKey, u.AdminUserPassword != ""
	}
	if id := r.Identity; id != nil {
		got.identity = id.Type
		for _, m := range id.UserAssignedIdentities {
			got.identityIDs = append(got.identityIDs, m.Key)
		}
	}

	// Where az ml leaves a value to the service, amlc writes the one the
	// service takes (and the import notes it): the priority Dedicated, the
	// idle time PT2M, and, without ssh_settings, a closed SSH port where
	// NotSpecified opens one that no account can use.
	if want.vmPriority == "" {
		want.vmPriority = schema.Dedicated
	}
	if want.idle < 0 {
		want.idle = 2 * time.Minute
	}
	if want.remoteLogin == "NotSpecified" && want.adminUser == "" {
		want.remoteLogin = "Disabled"
	}
	if want.location == "" {
		want.location = testWorkspace.Location
	}
	if !strings.EqualFold(got.vmSize, want.vmSize) {
		t.Errorf("vmSize %q, az ml sends %q", got.vmSize, want.vmSize)
	}
	got.vmSize, want.vmSize = "", ""
	if d := diffSent(want, got); d != "" {
		t.Errorf("the template differs from what az ml sends:\n%s", d)
	}
}

// mappedKeys are the top-level fields azmlSends reads (and $schema, which
// is not data).
var mappedKeys = map[string]bool{
	"$schema": true, "type": true, "name": true, "description": true, "location": true, "size": true, "tier": true,
	"min_instances": true, "max_instances": true, "idle_time_before_scale_down": true, "ssh_public_access_enabled": true,
	"ssh_settings": true, "network_settings": true, "identity": true, "enable_node_public_ip": true, "tags": true,
}

// sent is the part of a ComputeResource that az ml sends for a compute
// YAML file.
type sent struct {
	name, location, description string
	tags                        map[string]string
	vmSize, vmPriority          string // "" when not sent
	min, max                    int
	idle                        time.Duration // -1 when not sent
	remoteLogin                 string
	publicIP                    bool
	subnet                      string
	adminUser, sshKey           string
	password                    bool
	identity                    string
	identityIDs                 []string
}

func diffSent(want, got sent) string {
	var b strings.Builder
	check := func(field string, w, g any) {
		if ws, gs := fmt.Sprintf("%q", w), fmt.Sprintf("%q", g); ws != gs {
			b.WriteString("  " + field + ": az ml " + ws + ", amlc " + gs + "\n")
		}
	}
	check("name", want.name, got.name)
	check("location", want.location, got.location)
	check("description", want.description, got.description)
	check("tags", want.tags, got.tags)
	check("vmPriority", want.vmPriority, got.vmPriority)
	check("minNodeCount", want.min, got.min)
	check("maxNodeCount", want.max, got.max)
	check("nodeIdleTimeBeforeScaleDown", want.idle, got.idle)
	check("remoteLoginPortPublicAccess", want.remoteLogin, got.remoteLogin)
	check("enableNodePublicIp", want.publicIP, got.publicIP)
	check("subnet", want.subnet, got.subnet)
	check("adminUserName", want.adminUser, got.adminUser)
	check("adminUserSshPublicKey", want.sshKey, got.sshKey)
	check("adminUserPassword set", want.password, got.password)
	check("identity.type", want.identity, got.identity)
	check("identity.userAssignedIdentities", want.identityIDs, got.identityIDs)
	return b.String()
}

// azmlSends is what azure-ai-ml sends for a compute YAML file, written
// from its source, apart from the importer: AmlComputeSchema and
// AmlCompute.__init__, _to_rest_object (azure-sdk-for-python
// sdk/ml/azure-ai-ml/azure/ai/ml/entities/_compute/aml_compute.py at
// 066f201e), get_subnet_str for network_settings, and the workspace's
// location when the file gives none (_compute_operations.py).
func azmlSends(t *testing.T, root *node) sent {
	t.Helper()
	s := sent{publicIP: true}
	text := func(key string) string {
		if f := root.lookup(key); f != nil && f.val.kind != kindNull {
			return f.val.text
		}
		return ""
	}
	number := func(key string) int {
		v := text(key)
		if v == "" {
			return 0
		}
		n := 0
		for _, r := range v {
			n = n*10 + int(r-'0')
		}
		return n
	}
	s.name = text("name")
	s.description = text("description")
	s.location = strings.ToLower(strings.ReplaceAll(text("location"), " ", ""))
	s.vmSize = cmpOr(text("size"), "STANDARD_DS3_V2") // ComputeDefaults.VMSIZE
	// vm_priority=snake_to_pascal(tier): low_priority → LowPriority; the
	// 2021 examples' "lowpriority" was the same value then.
	switch strings.ReplaceAll(strings.ToLower(text("tier")), "_", "") {
	case "lowpriority":
		s.vmPriority = "LowPriority"
	case "dedicated":
		s.vmPriority = "Dedicated"
	}
	s.min = number("min_instances") // "or 0"
	s.max = number("max_instances")
	if s.max == 0 {
		s.max = 1 // "or 1"
	}
	s.idle = -1
	if idle := number("idle_time_before_scale_down"); idle != 0 {
		s.idle = time.Duration(idle) * time.Second // only when truthy
	}
	switch text("ssh_public_access_enabled") {
	case "true":
		s.remoteLogin = "Enabled"
	case "false":
		s.remoteLogin = "Disabled"
	default:
		s.remoteLogin = "NotSpecified"
	}
	if text("enable_node_public_ip") == "false" {
		s.publicIP = false
	}
	if f := root.lookup("tags"); f != nil && f.val.kind == kindMap {
		s.tags = map[string]string{}
		for _, tf := range f.val.fields {
			s.tags[tf.key] = tf.val.text
		}
	}
	if f := root.lookup("ssh_settings"); f != nil && f.val.kind == kindMap {
		ss := f.val
		if u := ss.lookup("admin_username"); u != nil {
			s.adminUser = u.val.text
		}
		if k := ss.lookup("ssh_key_value"); k != nil {
			s.sshKey = k.val.text
		}
		s.password = ss.lookup("admin_password") != nil
	}
	if f := root.lookup("network_settings"); f != nil && f.val.kind == kindMap {
		t.Fatal("no real-world file has network_settings; add get_subnet_str to the oracle first")
	}
	if f := root.lookup("identity"); f != nil && f.val.kind == kindMap {
		id := f.val
		if tf := id.lookup("type"); tf != nil {
			s.identity = map[string]string{"system_assigned": "SystemAssigned", "user_assigned": "UserAssigned"}[tf.val.text]
		}
		if uf := id.lookup("user_assigned_identities"); uf != nil {
			for _, e := range uf.val.elems {
				if e.kind == kindMap {
					s.identityIDs = append(s.identityIDs, e.lookup("resource_id").val.text)
				} else {
					s.identityIDs = append(s.identityIDs, e.text)
				}
			}
		}
	}
	return s
}

// clusterName is the cluster's name in a template resource's name.
func clusterName(t *testing.T, name string) string {
	t.Helper()
	_, cluster, ok := compiler.SplitChildName(name)
	if !ok {
		t.Fatalf("resource name %q is not one amlc writes", name)
	}
	return cluster
}
