package importer

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/amlc-dev/amlc/internal/catalog"

	"cuelang.org/go/cue/ast"
	"cuelang.org/go/cue/format"
	"cuelang.org/go/cue/literal"
	"cuelang.org/go/cue/parser"

	"github.com/amlc-dev/amlc/schema"
)

// Package is the CUE package of the files Format writes.
const Package = "clusters"

// FormatPackage is Format with the file in package pkg, which must be a
// valid package name (ValidPackage).
func FormatPackage(spec *schema.Spec, pkg string) ([]byte, error) {
	if err := ValidPackage(pkg); err != nil {
		return nil, err
	}
	return format1(spec, pkg)
}

// ValidPackage reports whether name can be the package of a spec file: a
// CUE identifier that is not hidden (_x) or a definition (#x), and not a
// keyword.
func ValidPackage(name string) error {
	if !packageRE.MatchString(name) {
		return fmt.Errorf("%q is not a CUE package name: use letters, digits and _, starting with a letter", name)
	}
	if _, err := parser.ParseFile("package.cue", "package "+name+"\n", parser.PackageClauseOnly); err != nil {
		return fmt.Errorf("%q is not a CUE package name: %v", name, err)
	}
	return nil
}

var packageRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)

// Format writes a model as a CUE spec file of package clusters that amlc
// vet reads back into the same model. The output is deterministic:
// workspaces by key, clusters by name, quotas by subscription and region,
// map keys sorted, and the fields of a cluster in the order of docs/spec.md.
// Every field with a default is written out (minNodes,
// idleTimeBeforeScaleDown, priority, osType, localAuth,
// network.nodePublicIp, ssh.publicAccess,
// largeScale.internodeCommunication, isolatedNetwork), except a cluster's location, written
// only when it differs from its workspace's. A password is written as the
// reference it is in the model, password: secret: "NAME".
func Format(spec *schema.Spec) ([]byte, error) { return format1(spec, Package) }

func format1(spec *schema.Spec, pkg string) ([]byte, error) {
	if spec == nil {
		return nil, errors.New("importer: no spec to format")
	}
	w := &writer{}
	w.line("package " + pkg)
	wss := slices.Clone(spec.Workspaces)
	slices.SortStableFunc(wss, func(a, b schema.Workspace) int {
		return strings.Compare(cmpOr(a.Key, a.Name), cmpOr(b.Key, b.Name))
	})
	for i := range wss {
		if err := w.workspace(&wss[i]); err != nil {
			return nil, err
		}
	}
	qs := slices.Clone(spec.Quotas)
	slices.SortStableFunc(qs, func(a, b schema.Quota) int {
		if c := strings.Compare(a.Subscription, b.Subscription); c != 0 {
			return c
		}
		return strings.Compare(a.Region, b.Region)
	})
	for i := range qs {
		if err := w.quota(&qs[i]); err != nil {
			return nil, err
		}
	}
	out, err := format.Source([]byte(w.b.String()))
	if err != nil {
		// The writer quotes every label and string; this is a bug.
		return nil, fmt.Errorf("importer: formatting the spec: %w", err)
	}
	return out, nil
}

// writer builds the unformatted CUE text; format.Source indents and
// aligns it.
type writer struct{ b strings.Builder }

func (w *writer) line(s string) { w.b.WriteString(s + "\n") }

func (w *writer) blank() { w.b.WriteString("\n") }

func (w *writer) open(labels ...string) {
	for i, l := range labels {
		labels[i] = label(l)
	}
	w.line(strings.Join(labels, ": ") + ": {")
}

func (w *writer) close() { w.line("}") }

func (w *writer) str(name, v string) { w.line(label(name) + ": " + quote(v)) }

func (w *writer) int(name string, v int) { w.line(label(name) + ": " + strconv.Itoa(v)) }

func (w *writer) bool(name string, v bool) { w.line(label(name) + ": " + strconv.FormatBool(v)) }

// strMap writes a struct of strings with sorted keys.
func (w *writer) strMap(name string, m map[string]string) {
	w.open(name)
	for _, k := range slices.Sorted(maps.Keys(m)) {
		w.str(k, m[k])
	}
	w.close()
}

func (w *writer) workspace(ws *schema.Workspace) error {
	key := cmpOr(ws.Key, ws.Name)
	if key == "" {
		return errors.New("importer: a workspace without a key or name")
	}
	w.blank()
	w.open("workspaces", key)
	w.str("subscription", ws.Subscription)
	w.str("resourceGroup", ws.ResourceGroup)
	w.str("location", ws.Location)
	w.str("name", cmpOr(ws.Name, key))
	cs := slices.Clone(ws.Clusters)
	slices.SortStableFunc(cs, func(a, b schema.Cluster) int { return strings.Compare(a.Name, b.Name) })
	for i := range cs {
		c := &cs[i]
		if c.Name == "" {
			return fmt.Errorf("importer: a cluster without a name in workspace %s", key)
		}
		w.blank()
		w.cluster(ws, c)
	}
	w.close()
	return nil
}

// cluster writes the fields in the order of docs/spec.md.
func (w *writer) cluster(ws *schema.Workspace, c *schema.Cluster) {
	w.open("clusters", c.Name)
	w.str("vmSize", c.VMSize)
	w.int("maxNodes", c.MaxNodes)
	w.int("minNodes", c.MinNodes)
	w.str("idleTimeBeforeScaleDown", FormatDuration(c.IdleTimeBeforeScaleDown))
	w.str("priority", cmpOr(c.Priority, schema.Dedicated))
	w.str("osType", cmpOr(c.OSType, "Linux"))
	if c.Location != "" && !catalog.SameRegion(c.Location, ws.Location) {
		w.str("location", c.Location)
	}
	if c.Description != "" {
		w.str("description", c.Description)
	}
	if len(c.Tags) > 0 {
		w.strMap("tags", c.Tags)
	}
	if id := c.Identity; id != nil {
		w.open("identity")
		w.str("type", id.Type)
		if id.IDs != nil || id.Type == schema.UserAssigned {
			w.line("ids: [")
			for _, x := range id.IDs {
				w.line(quote(x) + ",")
			}
			w.line("]")
		}
		w.close()
	}
	if n := c.Network; n != nil {
		w.open("network")
		if n.Subnet != "" {
			w.str("subnet", n.Subnet)
		}
		w.bool("nodePublicIp", n.NodePublicIP)
		w.close()
	}
	if s := c.SSH; s != nil {
		w.open("ssh")
		if s.AdminUser != "" {
			// Without one (az ml's open port without ssh_settings) vet
			// reports the missing admin user.
			w.str("adminUser", s.AdminUser)
		}
		if s.PublicKey != "" {
			w.str("publicKey", s.PublicKey)
		}
		if s.PasswordSecret != "" {
			w.line("password: secret: " + quote(s.PasswordSecret))
		}
		w.str("publicAccess", cmpOr(s.PublicAccess, "Disabled"))
		w.close()
	}
	w.bool("localAuth", c.LocalAuth)
	if ls := c.LargeScale; ls != nil {
		w.open("largeScale")
		w.str("supportTicket", ls.SupportTicket)
		w.bool("internodeCommunication", ls.InternodeCommunication)
		w.close()
	}
	if c.VirtualMachineImage != "" {
		w.line("virtualMachineImage: id: " + quote(c.VirtualMachineImage))
	}
	w.bool("isolatedNetwork", c.IsolatedNetwork)
	w.close()
}

func (w *writer) quota(q *schema.Quota) error {
	if q.Subscription == "" || q.Region == "" {
		return errors.New("importer: a quota without a subscription or region")
	}
	w.blank()
	w.open("quotas", q.Subscription, q.Region)
	if q.DedicatedTotal != nil || len(q.Families) > 0 {
		w.open("dedicated")
		if q.DedicatedTotal != nil {
			w.int("total", *q.DedicatedTotal)
		}
		if len(q.Families) > 0 {
			w.open("families")
			for _, k := range slices.Sorted(maps.Keys(q.Families)) {
				w.int(k, q.Families[k])
			}
			w.close()
		}
		w.close()
	}
	if q.LowPriority != nil {
		w.int("lowPriority", *q.LowPriority)
	}
	if q.Clusters != nil {
		w.int("clusters", *q.Clusters)
	}
	w.close()
	return nil
}

// label writes a field label, quoted unless it is a plain identifier.
func label(s string) string {
	if ast.StringLabelNeedsQuoting(s) || keywords[s] {
		return quote(s)
	}
	return s
}

// keywords are quoted as labels although CUE would read most of them as
// plain labels there: the output should not make a reader wonder.
var keywords = map[string]bool{
	"package": true, "import": true, "for": true, "in": true, "if": true, "let": true,
	"true": true, "false": true, "null": true, "div": true, "mod": true, "quo": true, "rem": true,
}

func quote(s string) string { return literal.String.Quote(s) }

// FormatDuration writes a duration in the shortest clear form amlc reads:
// whole hours, minutes or seconds ("1h", "30m", "90s"), or hours, minutes
// and seconds together ("1h30m") when that is no longer than the seconds.
// A duration that is not whole seconds, or is negative, is written as Go
// prints it.
func FormatDuration(d time.Duration) string {
	if d < 0 || d%time.Second != 0 {
		return d.String()
	}
	secs := int64(d / time.Second)
	seconds := strconv.FormatInt(secs, 10) + "s"
	if secs == 0 {
		return seconds
	}
	var b strings.Builder
	if h := secs / 3600; h > 0 {
		b.WriteString(strconv.FormatInt(h, 10) + "h")
	}
	if m := secs % 3600 / 60; m > 0 {
		b.WriteString(strconv.FormatInt(m, 10) + "m")
	}
	if s := secs % 60; s > 0 {
		b.WriteString(strconv.FormatInt(s, 10) + "s")
	}
	if compound := b.String(); len(compound) <= len(seconds) {
		return compound
	}
	return seconds
}
