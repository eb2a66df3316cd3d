package importer

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/amlc-dev/amlc/schema"
)

// WorkspaceRef names the workspace the imported clusters belong to. The
// compute YAML of az ml has no workspace (the CLI takes it from flags), so
// the caller supplies it.
type WorkspaceRef struct {
	// Key is the key under `workspaces`; it defaults to Name.
	Key string
	// Subscription is the subscription GUID.
	Subscription  string
	ResourceGroup string
	// Name is the Azure workspace name; it defaults to Key.
	Name string
	// Location is the workspace's region.
	Location string
}

// Note is something the import decided for the user: a default it wrote,
// a value it turned into another form, a file it skipped, or a field it
// could not map. Notes never hold a password.
type Note struct {
	File string
	// Line is the line of the field the note is about, 0 when the note is
	// about something the file leaves out.
	Line int
	Text string
}

// String formats the note as "file:line: text", or "file: text".
func (n Note) String() string {
	if n.Line > 0 {
		return n.File + ":" + strconv.Itoa(n.Line) + ": " + n.Text
	}
	return n.File + ": " + n.Text
}

// Error is a problem with one input file that stops the import: YAML that
// does not parse, a value of the wrong type, a value outside an enum of
// the az ml schema. Its message never holds a password.
type Error struct {
	File string
	Line int // 0 when unknown
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return e.File + ":" + strconv.Itoa(e.Line) + ": " + e.Msg
	}
	return e.File + ": " + e.Msg
}

// Errors is every [Error] of one import, in file and line order.
type Errors []*Error

func (es Errors) Error() string {
	s := make([]string, len(es))
	for i, e := range es {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// The defaults of the az ml compute YAML (CLI v2) that FromYAML writes
// when a file leaves the field out.
const (
	DefaultSize        = "Standard_DS3_v2"
	DefaultMinNodes    = 0
	DefaultMaxNodes    = 1
	DefaultIdleSeconds = 120
)

// FromYAML converts az ml compute YAML files, one compute each, keyed by
// file name, into a model of one workspace. Files whose type is not
// amlcompute, and empty files, are skipped with a note. The returned
// notes say what was filled in, converted or left out; when the error is
// not nil it is an [Errors] (or, for a bad WorkspaceRef, a plain error)
// and the spec is nil.
func FromYAML(files map[string][]byte, ws WorkspaceRef) (*schema.Spec, []Note, error) {
	w, err := workspace(ws)
	if err != nil {
		return nil, nil, err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)

	var (
		notes   []Note
		errs    Errors
		seen    = map[string]string{} // compute name (lower case) → file
		secrets = map[string]bool{}
	)
	for _, file := range names {
		m := &mapper{file: file, ws: w, secrets: secrets}
		c, ok := m.file1(files[file])
		if ok && len(m.errs) == 0 {
			key := strings.ToLower(c.Name)
			if first, dup := seen[key]; dup {
				m.errorf(m.nameLine, "compute %q is also defined in %s", c.Name, first)
			} else {
				seen[key] = file
			}
		}
		// The notes of a file with errors would only distract from them.
		if len(m.errs) > 0 {
			errs = append(errs, m.errs...)
			continue
		}
		notes = append(notes, m.notes...)
		if ok {
			w.Clusters = append(w.Clusters, *c)
		}
	}
	slices.SortStableFunc(notes, func(a, b Note) int {
		if a.File != b.File {
			return strings.Compare(a.File, b.File)
		}
		return a.Line - b.Line
	})
	if len(errs) > 0 {
		slices.SortStableFunc(errs, func(a, b *Error) int {
			if a.File != b.File {
				return strings.Compare(a.File, b.File)
			}
			return a.Line - b.Line
		})
		return nil, notes, errs
	}
	slices.SortFunc(w.Clusters, func(a, b schema.Cluster) int { return strings.Compare(a.Name, b.Name) })
	return &schema.Spec{Workspaces: []schema.Workspace{*w}}, notes, nil
}

// workspace checks the reference and fills in Key and Name from each other.
func workspace(ws WorkspaceRef) (*schema.Workspace, error) {
	w := &schema.Workspace{
		Key:           cmpOr(ws.Key, ws.Name),
		Name:          cmpOr(ws.Name, ws.Key),
		Subscription:  ws.Subscription,
		ResourceGroup: ws.ResourceGroup,
		Location:      ws.Location,
	}
	var missing []string
	if w.Key == "" {
		missing = append(missing, "name")
	}
	if w.Subscription == "" {
		missing = append(missing, "subscription")
	}
	if w.ResourceGroup == "" {
		missing = append(missing, "resource group")
	}
	if w.Location == "" {
		missing = append(missing, "location")
	}
	if len(missing) > 0 {
		return nil, errors.New("importer: the workspace needs a " + strings.Join(missing, ", a ") +
			"; the az ml compute YAML does not say which workspace it belongs to")
	}
	return w, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// mapper maps one file and collects its notes and errors.
type mapper struct {
	file     string
	ws       *schema.Workspace
	secrets  map[string]bool // secret names already used in this import
	notes    []Note
	errs     Errors
	nameLine int
}

func (m *mapper) note(line int, format string, args ...any) {
	m.notes = append(m.notes, Note{File: m.file, Line: line, Text: fmt.Sprintf(format, args...)})
}

func (m *mapper) errorf(line int, format string, args ...any) {
	m.errs = append(m.errs, posError(m.file, line, format, args...))
}

// file1 maps one file; ok is false when the file holds no cluster.
func (m *mapper) file1(src []byte) (c *schema.Cluster, ok bool) {
	root, err := parseYAML(m.file, src)
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			e = &Error{File: m.file, Msg: err.Error()}
		}
		m.errs = append(m.errs, e)
		return nil, false
	}
	if root == nil {
		m.note(0, "skipped: the file is empty")
		return nil, false
	}
	if root.kind != kindMap {
		m.errorf(root.line, "the file holds %s; a compute YAML file is a mapping with type: amlcompute", root.kind)
		return nil, false
	}
	t := root.lookup("type")
	if t == nil || t.val.kind == kindNull {
		m.note(0, "skipped: no type; amlc imports computes of type amlcompute")
		return nil, false
	}
	typ, ok := m.str(t, "type")
	if !ok {
		return nil, false
	}
	if !strings.EqualFold(typ, "amlcompute") {
		m.note(t.line, "skipped: type %s is not amlcompute", typ)
		return nil, false
	}
	return m.cluster(root), true
}

// The fields of the compute YAML. Read-only ones are what `az ml compute
// show` prints besides them.
var (
	topFields = []string{"$schema", "type", "name", "description", "location", "size", "tier",
		"min_instances", "max_instances", "idle_time_before_scale_down", "ssh_public_access_enabled",
		"ssh_settings", "network_settings", "identity", "enable_node_public_ip", "tags"}
	topReadOnly      = []string{"id", "provisioning_state", "provisioning_errors", "created_on"}
	sshFields        = []string{"admin_username", "admin_password", "ssh_key_value"}
	networkFields    = []string{"vnet_name", "subnet"}
	networkReadOnly  = []string{"public_ip_address", "private_ip_address"}
	identityFields   = []string{"type", "user_assigned_identities"}
	identityReadOnly = []string{"principal_id", "tenant_id"}
	uaiFields        = []string{"resource_id"}
	uaiReadOnly      = []string{"principal_id", "client_id"}
)

// unmapped notes the fields of a mapping that the import does not map.
func (m *mapper) unmapped(n *node, path string, known, readOnly []string) {
	for _, f := range n.fields {
		switch {
		case slices.Contains(known, f.key):
		case slices.Contains(readOnly, f.key):
			m.note(f.line, "ignored: %s is read-only state that az ml compute show prints", path+f.key)
		default:
			m.note(f.line, "not mapped: field %s", path+f.key)
		}
	}
}

// present returns the field with the given key unless it is missing or null.
func present(n *node, key string) *field {
	if f := n.lookup(key); f != nil && f.val.kind != kindNull {
		return f
	}
	return nil
}

// str reads a string field.
func (m *mapper) str(f *field, path string) (string, bool) {
	if f.val.kind != kindString {
		m.errorf(f.line, "%s must be a string, not %s", path, f.val.kind)
		return "", false
	}
	return f.val.text, true
}

// text reads a scalar field as text: tags and descriptions take numbers
// and booleans as written.
func (m *mapper) text(f *field, path string) (string, bool) {
	switch f.val.kind {
	case kindString, kindInt, kindFloat, kindBool:
		return f.val.text, true
	case kindNull:
		return "", true
	}
	m.errorf(f.line, "%s must be a string, not %s", path, f.val.kind)
	return "", false
}

// integer reads a whole number. Like the CLI, it takes one written as a
// string too ("4").
func (m *mapper) integer(f *field, path string) (int64, bool) {
	t := strings.TrimPrefix(strings.TrimSpace(f.val.text), "+")
	var (
		n   int64
		err error
	)
	switch f.val.kind {
	case kindInt, kindString:
		base := 0
		if d := strings.TrimPrefix(t, "-"); len(d) > 1 && d[0] == '0' && strings.Trim(d, "0123456789") == "" {
			base = 10 // YAML 1.2: a leading zero is not octal
		}
		n, err = strconv.ParseInt(t, base, 64)
	case kindFloat:
		var x float64
		x, err = strconv.ParseFloat(t, 64)
		if err == nil && (x != float64(int64(x)) || x > 1<<53 || x < -(1<<53)) {
			err = errors.New("not whole")
		}
		n = int64(x)
	default:
		err = errors.New("wrong kind")
	}
	if err != nil {
		m.errorf(f.line, "%s must be a whole number", path)
		return 0, false
	}
	return n, true
}

// boolean reads a boolean; like the CLI's schema it takes the usual
// spellings written as strings too.
func (m *mapper) boolean(f *field, path string) (bool, bool) {
	switch f.val.kind {
	case kindBool:
		return f.val.text == "true", true
	case kindString, kindInt:
		switch strings.ToLower(strings.TrimSpace(f.val.text)) {
		case "true", "yes", "on", "1":
			return true, true
		case "false", "no", "off", "0":
			return false, true
		}
	}
	m.errorf(f.line, "%s must be true or false", path)
	return false, false
}

// mapping reads a mapping field.
func (m *mapper) mapping(f *field, path string) (*node, bool) {
	if f.val.kind != kindMap {
		m.errorf(f.line, "%s must be a mapping, not %s", path, f.val.kind)
		return nil, false
	}
	return f.val, true
}
