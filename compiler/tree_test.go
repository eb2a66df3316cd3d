package compiler

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
)

// referenceJSON is what [ARMTemplate.JSON] must equal: the template through
// encoding/json, indented, without HTML escaping.
func referenceJSON(t *ARMTemplate) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(t); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// decodeTree reads JSON into a tree, objects in document order: the tree
// the ARM data has when it is read back, to compare with the one built
// from the typed template. Numbers must be integers.
func decodeTree(data []byte) (value, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return decodeValue(dec)
}

func decodeValue(dec *json.Decoder) (value, error) {
	tok, err := dec.Token()
	if err != nil {
		return value{}, err
	}
	switch tok := tok.(type) {
	case json.Delim:
		v := value{kind: kindArray}
		if tok == '{' {
			v.kind = kindObject
		}
		for dec.More() {
			var key string
			if v.kind == kindObject {
				k, err := dec.Token()
				if err != nil {
					return value{}, err
				}
				key = k.(string)
			}
			e, err := decodeValue(dec)
			if err != nil {
				return value{}, err
			}
			v.elems = append(v.elems, member{key, e})
		}
		_, err := dec.Token()
		return v, err
	case string:
		return stringValue(tok), nil
	case json.Number:
		n, err := tok.Int64()
		return numberValue(int(n)), err
	case bool:
		return boolValue(tok), nil
	case nil:
		return value{kind: kindNull}, nil
	}
	return value{}, fmt.Errorf("unexpected token %v", tok)
}

// sameTree reports whether tree, as JSON, is the data back, which was read
// from JSON: nil and empty member lists alike, and each byte of invalid
// UTF-8 in tree as the U+FFFD it is in the JSON.
func sameTree(tree, back *value) bool {
	valid := func(s string) string { return string([]rune(s)) }
	if tree.kind != back.kind || valid(tree.str) != back.str || tree.num != back.num || len(tree.elems) != len(back.elems) {
		return false
	}
	for i := range tree.elems {
		if valid(tree.elems[i].key) != back.elems[i].key || !sameTree(&tree.elems[i].val, &back.elems[i].val) {
			return false
		}
	}
	return true
}

// checkTree checks that the template's tree is its JSON data, and that
// ARMTemplate.JSON prints the bytes encoding/json does.
func checkTree(t *testing.T, name string, tmpl *ARMTemplate) {
	t.Helper()
	want, err := referenceJSON(tmpl)
	if err != nil {
		t.Fatalf("%s: encoding/json: %v", name, err)
	}
	got, err := tmpl.JSON()
	if err != nil {
		t.Fatalf("%s: JSON: %v", name, err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s: JSON differs from encoding/json:\n got: %s\nwant: %s", name, got, want)
	}
	back, err := decodeTree(want)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if tree := tmpl.tree(); !sameTree(&tree, &back) {
		t.Errorf("%s: the tree is not the JSON data:\n got: %+v\nwant: %+v", name, tree, back)
	}
}

// TestTreeIsTheJSON holds the tree (and so both printers) to encoding/json
// and the json tags: on every golden template, and on hand-made templates
// with every optional field both empty and set, nil slices, and strings
// that need escaping.
func TestTreeIsTheJSON(t *testing.T) {
	for _, g := range loadGoldens(t) {
		for i := range g.spec.Workspaces {
			ws := &g.spec.Workspaces[i]
			var names []string
			for _, c := range ws.Clusters {
				names = append(names, c.Name)
			}
			tmpl, err := Template(ws, names)
			if err != nil {
				continue
			}
			checkTree(t, g.path+": "+ws.Key, tmpl)
		}
	}

	odd := "<&> \"q\" \\ \b\f\n\r\t\x00\x1f\x7f \u2028\u2029 \xff\xfe wörd 😀 ${x} [x]"
	full := Resource{
		Type: odd, APIVersion: odd, Name: odd, Location: odd,
		Tags:     Object[string]{{odd, odd}, {"b", ""}, {"b", "twice"}},
		Identity: &Identity{Type: odd, UserAssignedIdentities: Object[struct{}]{{Key: odd}, {Key: "/id/2"}}},
		Properties: ComputeProperties{
			ComputeType: odd, ComputeLocation: odd, Description: odd, DisableLocalAuth: true,
			Properties: AmlComputeProperties{
				VMSize: odd, VMPriority: odd, OSType: odd,
				VirtualMachineImage: &ResourceID{ID: odd}, IsolatedNetwork: true,
				ScaleSettings:               ScaleSettings{MaxNodeCount: -1 << 62, MinNodeCount: 1 << 62, NodeIdleTimeBeforeScaleDown: odd},
				UserAccountCredentials:      &UserAccountCredentials{AdminUserName: odd, AdminUserSSHPublicKey: odd, AdminUserPassword: odd},
				Subnet:                      &ResourceID{ID: odd},
				RemoteLoginPortPublicAccess: odd,
				EnableNodePublicIP:          true,
			},
		},
	}
	bare := Resource{
		Tags:     Object[string]{},
		Identity: &Identity{UserAssignedIdentities: Object[struct{}]{}},
		Properties: ComputeProperties{Properties: AmlComputeProperties{
			UserAccountCredentials: &UserAccountCredentials{},
		}},
	}
	for name, tmpl := range map[string]*ARMTemplate{
		"zero":            {},
		"empty slices":    {Parameters: Object[Parameter]{}, Resources: []Resource{}, Outputs: Object[Output]{}},
		"zero resource":   {Resources: []Resource{{}}},
		"bare optionals":  {Resources: []Resource{bare}},
		"every field set": {Resources: []Resource{full, bare, {}}},
		"every member": {
			Schema: odd, ContentVersion: odd,
			Metadata:   &TemplateMetadata{GeneratorInfo{odd}},
			Parameters: Object[Parameter]{{odd, Parameter{Type: odd, Metadata: &ParameterMetadata{odd}}}, {"p", Parameter{}}},
			Resources:  []Resource{full},
			Outputs:    Object[Output]{{odd, Output{odd, odd}}, {"", Output{}}},
		},
	} {
		checkTree(t, name, tmpl)
	}
}

// TestTreeFields fails when a field is added to a template type: the tree
// builder (tree.go) needs a line for it, and this list a new count.
func TestTreeFields(t *testing.T) {
	for _, tc := range []struct {
		v    any
		want int
	}{
		{ARMTemplate{}, 10}, // 6 exported, 4 for the Bicep printer
		{TemplateMetadata{}, 1},
		{GeneratorInfo{}, 1},
		{Parameter{}, 2},
		{ParameterMetadata{}, 1},
		{Output{}, 2},
		{Resource{}, 7},
		{Identity{}, 2},
		{ComputeProperties{}, 5},
		{AmlComputeProperties{}, 10},
		{ScaleSettings{}, 3},
		{UserAccountCredentials{}, 3},
		{ResourceID{}, 1},
	} {
		if got := numFields(tc.v); got != tc.want {
			t.Errorf("%T has %d fields, want %d: give the new ones a line in tree.go", tc.v, got, tc.want)
		}
	}
}

func numFields(v any) int { return reflect.TypeOf(v).NumField() }
