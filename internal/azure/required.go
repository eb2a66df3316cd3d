package azure

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
)

// Fail closed on odd answers. The SDK decodes a missing member as its zero
// value: a compute list answered with an empty body, {} or {"value":
// null} read as "no clusters", and amlc planned creations for clusters
// that exist. Every answer amlc reads is checked here, in the pipeline,
// for the members amlc relies on, before the SDK decodes it; a missing
// one is an error that names it.
//
// What each answer must hold. Sources: [SW] the swagger of
// Microsoft.MachineLearningServices 2025-09-01 (machineLearningServices.json,
// Azure/azure-rest-api-specs), its "required" lists and its REST examples
// (Compute/list.json, Compute/get/AmlCompute.json, Usage/list.json,
// VirtualMachineSize/list.json); [PAGE] x-ms-pageable operations answer
// {"value": [...], "nextLink": ...} (autorest's x-ms-pageable, itemName
// "value" by default), so a page without "value" is not a page; [LOCKS]
// Microsoft.Authorization locks 2016-09-01 (ManagementLockObject requires
// properties, ManagementLockProperties requires level); [MSI] common-types
// v3 ManagedServiceIdentity requires type. A member marked (amlc) is not
// marked required in the swagger but is in every example, and without it
// amlc would plan a change that is not one (a missing vmSize or vmPriority
// reads as a create-only field changed: a replacement).
var answers = []answer{
	{
		op:     "Compute_List",
		method: http.MethodGet,
		path:   `/subscriptions/[^/]+/resourcegroups/[^/]+/providers/microsoft\.machinelearningservices/workspaces/[^/]+/computes/?`,
		shape:  listOf(computeResource),
	},
	{
		op:     "Compute_Get",
		method: http.MethodGet,
		path:   `/subscriptions/[^/]+/resourcegroups/[^/]+/providers/microsoft\.machinelearningservices/workspaces/[^/]+/computes/[^/]+/?`,
		shape:  computeResource,
	},
	{
		op:     "Workspaces_Get",
		method: http.MethodGet,
		path:   `/subscriptions/[^/]+/resourcegroups/[^/]+/providers/microsoft\.machinelearningservices/workspaces/[^/]+/?`,
		shape:  shape{"location": aString}, // (amlc) the region import writes
	},
	{
		op:     "VirtualMachineSizes_List",
		method: http.MethodGet,
		path:   `/subscriptions/[^/]+/providers/microsoft\.machinelearningservices/locations/[^/]+/vmsizes/?`,
		shape:  listOf(shape{"name": aString}), // [SW] example; the catalog keys by it
	},
	{
		op:     "Usages_List",
		method: http.MethodGet,
		path:   `/subscriptions/[^/]+/providers/microsoft\.machinelearningservices/locations/[^/]+/usages/?`,
		// (amlc) a missing limit would read as 0 and fail every quota
		// check; [SW] Usage/list.json has all three in every entry.
		shape: listOf(shape{"name": shape{"value": aString}, "currentValue": aNumber, "limit": aNumber}),
	},
	{
		op:     "ManagementLocks_ListAtResourceGroupLevel",
		method: http.MethodGet,
		path:   `/subscriptions/[^/]+/resourcegroups/[^/]+/providers/microsoft\.authorization/locks/?`,
		shape:  listOf(shape{"name": aString, "properties": shape{"level": aString}}), // [LOCKS]
	},
}

// computeResource is a ComputeResource: any compute needs its name and
// its type [SW: Compute requires computeType]; an AmlCompute what amlc
// compares.
var computeResource = shape{
	"name": aString, // (amlc) the key of every cluster
	"properties": shape{
		"computeType": aString, // [SW] required
	},
	"identity": optional(shape{"type": aString}), // [MSI]
	when: &condition{
		path:  "properties.computeType",
		value: "AmlCompute",
		then: shape{
			"location": aString, // (amlc) create-only: its absence would plan a replacement
			"properties": shape{
				"properties": shape{
					"vmSize":     aString, // (amlc) create-only
					"vmPriority": aString, // (amlc) create-only; no default in [SW]
					"scaleSettings": shape{
						"maxNodeCount": aNumber, // [SW] ScaleSettings requires it
					},
					"subnet":                 optional(shape{"id": aString}),            // [SW] ResourceId requires id
					"userAccountCredentials": optional(shape{"adminUserName": aString}), // [SW] required
				},
			},
		},
	},
}

// A shape lists the members an object must have, by name, with the
// shape of each: another shape, a kind (aString, aNumber), a list, an optional
// member. The key when holds a condition on further members.
type shape map[string]any

// when is the key of a shape's condition.
const when = "\x00when"

type condition struct {
	path, value string // a string member, dotted, and the value it takes
	then        shape
}

type kind string

const (
	aString kind = "a string"
	aNumber kind = "a number"
)

type list struct{ of any }

type opt struct{ of any }

// listOf is the shape of a page of a list: a "value" array of items.
func listOf(item any) shape { return shape{"value": list{item}} }

func optional(s any) opt { return opt{s} }

// answer is the operation of the requests matching method and path (a
// regular expression over the lower-cased URL path), and the shape of its
// successful answer.
type answer struct {
	op, method, path string
	shape            shape
	re               *regexp.Regexp
}

func init() {
	for i := range answers {
		answers[i].re = regexp.MustCompile("^" + answers[i].path + "$")
	}
}

// MissingMemberError is an answer that lacks what amlc relies on.
type MissingMemberError struct {
	Operation, Method, Path string
	// Member is the dotted path of the member that is missing, null or
	// of another kind ("value", "value[2].properties.computeType");
	// empty when the answer as a whole is not a JSON object.
	Member string
	// Got is what was there instead ("" when nothing was), and Want what
	// should have been.
	Got, Want string
}

func (e *MissingMemberError) Error() string {
	where := fmt.Sprintf("the answer to %s (%s %s)", e.Operation, e.Method, e.Path)
	switch {
	case e.Member == "":
		return fmt.Sprintf("%s is %s, where Azure always sends a JSON object; amlc stops rather than guess what it means", where, e.Got)
	case e.Got == "":
		return fmt.Sprintf("%s has no %q, which Azure always sends; amlc stops rather than read it as empty", where, e.Member)
	}
	return fmt.Sprintf("%s has %q as %s, where Azure sends %s; amlc stops rather than guess what it means", where, e.Member, e.Got, e.Want)
}

// requiredPolicy checks every successful answer of the operations in
// answers. It runs per call, after the retries.
type requiredPolicy struct{}

func (requiredPolicy) Do(req *policy.Request) (*http.Response, error) {
	resp, err := req.Next()
	if err != nil || resp.StatusCode != http.StatusOK {
		return resp, err
	}
	raw := req.Raw()
	path := strings.ToLower(raw.URL.Path)
	for i := range answers {
		a := &answers[i]
		if raw.Method != a.method || !a.re.MatchString(path) {
			continue
		}
		body, berr := runtime.Payload(resp)
		if berr != nil {
			return nil, berr
		}
		if err := checkAnswer(a, body); err != nil {
			err.Method, err.Path = raw.Method, raw.URL.Path
			return nil, err
		}
		break
	}
	return resp, nil
}

// checkAnswer checks a body against an answer's shape.
func checkAnswer(a *answer, body []byte) *MissingMemberError {
	e := &MissingMemberError{Operation: a.op}
	if len(bytes.TrimSpace(body)) == 0 {
		e.Got = "empty"
		return e
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		e.Got = "not JSON"
		return e
	}
	if _, ok := v.(map[string]any); !ok {
		e.Got = jsonKind(v)
		return e
	}
	if e.Member, e.Got, e.Want = check(v, a.shape, ""); e.Member != "" {
		return e
	}
	return nil
}

// check returns the first member of v, in name order, that its shape
// wants and v lacks or holds as another kind: its dotted path, what it
// holds ("" when absent or null) and what it should.
func check(v any, want any, at string) (member, got, wanted string) {
	switch w := want.(type) {
	case opt:
		if v == nil {
			return "", "", ""
		}
		return check(v, w.of, at)
	case kind:
		ok := false
		switch v.(type) {
		case string:
			ok = w == aString
		case json.Number:
			ok = w == aNumber
		}
		if !ok {
			return at, jsonKind(v), string(w)
		}
	case list:
		items, ok := v.([]any)
		if !ok {
			return at, jsonKind(v), "a list"
		}
		for i, it := range items {
			if m, g, w := check(it, w.of, fmt.Sprintf("%s[%d]", at, i)); m != "" {
				return m, g, w
			}
		}
	case shape:
		obj, ok := v.(map[string]any)
		if !ok {
			return at, jsonKind(v), "an object"
		}
		for _, name := range sortedMembers(w) {
			sub := join(at, name)
			m, present := memberOf(obj, name)
			if !present {
				if _, isOpt := w[name].(opt); isOpt {
					continue
				}
				return sub, "", ""
			}
			if m, g, w := check(m, w[name], sub); m != "" {
				return m, g, w
			}
		}
		if c, ok := w[when].(*condition); ok && stringAt(obj, c.path) == c.value {
			return check(v, c.then, at)
		}
	}
	return "", "", ""
}

// memberOf returns an object's member by name, matched exactly as the
// SDK's decoders match them; a null member is absent.
func memberOf(obj map[string]any, name string) (any, bool) {
	m, ok := obj[name]
	return m, ok && m != nil
}

// stringAt returns the string at a dotted path of obj, or "".
func stringAt(obj map[string]any, path string) string {
	var v any = obj
	for _, name := range strings.Split(path, ".") {
		o, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		v, _ = memberOf(o, name)
	}
	s, _ := v.(string)
	return s
}

func sortedMembers(s shape) []string {
	var names []string
	for k := range s {
		if k != when {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	return names
}

func join(at, name string) string {
	if at == "" {
		return name
	}
	return at + "." + name
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}
