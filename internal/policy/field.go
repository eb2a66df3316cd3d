package policy

import (
	"fmt"
	"strings"
)

// fieldRef is a field a condition reads: a field every resource has, a
// tag, or an alias.
type fieldRef struct {
	name string // as written
	top  string // lower case: type, name, fullname, kind, location, id, identity.type, …; "" for tags and aliases
	// topPath is top split at dots.
	topPath []string
	tag     string   // tags['x']
	tags    bool     // tags or tags['x']
	path    []string // an alias of ComputeType: its resource path, "[*]" a segment
	// other: an alias of another resource type, which a cluster never has.
	other bool
	// at is where path leads in resourceShape, and rest what is left of
	// the path below it, found once; nil when path leaves the tree.
	at   *shape
	rest []string
}

// array reports whether the field selects a collection ([*]).
func (f *fieldRef) array() bool {
	for _, s := range f.path {
		if s == "[*]" {
			return true
		}
	}
	return false
}

// parseFieldRef reads a field name; the error says why it is not one.
func parseFieldRef(name string) (*fieldRef, error) {
	f := &fieldRef{name: name}
	lower := strings.ToLower(name)
	for _, t := range topFields {
		if lower == strings.ToLower(t) {
			if lower == "tags" {
				f.tags = true
			} else {
				f.top, f.topPath = lower, strings.Split(lower, ".")
			}
			return f, nil
		}
	}
	if tag, ok := tagName(name); ok {
		f.tags, f.tag = true, tag
		return f, nil
	}
	if isComputeAlias(name) {
		a, ok := lookupAlias(name)
		if !ok {
			return nil, fmt.Errorf("%s is not an alias of %s", name, ComputeType)
		}
		f.path = splitPath(a.path)
		if !f.array() {
			f.at, f.rest = locate(f.path)
		}
		return f, nil
	}
	if strings.Contains(name, "/") {
		f.other = true
		return f, nil
	}
	return nil, fmt.Errorf("%q is not a field: want one of %s, tags['name'], or an alias such as %svmSize", name, strings.Join(topFields, ", "), aliasPrefix)
}

// tagName reads tags['x'], tags[”'x”'], tags[x] and tags.x.
func tagName(name string) (string, bool) {
	if len(name) < 5 || !strings.EqualFold(name[:4], "tags") {
		return "", false
	}
	rest := name[4:]
	switch {
	case strings.HasPrefix(rest, "."):
		return rest[1:], len(rest) > 1
	case strings.HasPrefix(rest, "[") && strings.HasSuffix(rest, "]"):
		in := rest[1 : len(rest)-1]
		if len(in) >= 2 && in[0] == '\'' && in[len(in)-1] == '\'' {
			in = strings.ReplaceAll(in[1:len(in)-1], "''", "'")
		}
		return in, in != ""
	}
	return "", false
}

// splitPath splits a resource path into segments, "[*]" on its own:
// "a.b[*].c" is a, b, [*], c.
func splitPath(p string) []string {
	var out []string
	for _, s := range strings.Split(p, ".") {
		for strings.HasSuffix(s, "[*]") {
			out = append(out, strings.TrimSuffix(s, "[*]"), "[*]")
			s = ""
		}
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// specField is the spec field a resource path reads: the path below a
// cluster, nil when none (the resource type, the compute type, its name).
func specField(f *fieldRef) []string {
	switch {
	case f == nil || f.other:
		return nil
	case f.tags && f.tag != "":
		return []string{"tags", f.tag}
	case f.tags:
		return []string{"tags"}
	case f.top == "location":
		return []string{"location"}
	case f.top == "identity.type":
		return []string{"identity", "type"}
	case f.top == "identity.userassignedidentities":
		return []string{"identity", "ids"}
	case f.top != "":
		return nil
	}
	return specPaths[strings.ToLower(strings.Join(f.path, "."))]
}

// specPaths map the resource paths the template writes to spec fields.
var specPaths = map[string][]string{
	"location":                                                           {"location"},
	"properties.computelocation":                                         {"location"},
	"properties.description":                                             {"description"},
	"properties.disablelocalauth":                                        {"localAuth"},
	"properties.properties.vmsize":                                       {"vmSize"},
	"properties.properties.vmpriority":                                   {"priority"},
	"properties.properties.ostype":                                       {"osType"},
	"properties.properties.virtualmachineimage":                          {"virtualMachineImage"},
	"properties.properties.virtualmachineimage.id":                       {"virtualMachineImage", "id"},
	"properties.properties.isolatednetwork":                              {"isolatedNetwork"},
	"properties.properties.scalesettings.maxnodecount":                   {"maxNodes"},
	"properties.properties.scalesettings.minnodecount":                   {"minNodes"},
	"properties.properties.scalesettings.nodeidletimebeforescaledown":    {"idleTimeBeforeScaleDown"},
	"properties.properties.subnet":                                       {"network", "subnet"},
	"properties.properties.subnet.id":                                    {"network", "subnet"},
	"properties.properties.enablenodepublicip":                           {"network", "nodePublicIp"},
	"properties.properties.remoteloginportpublicaccess":                  {"ssh", "publicAccess"},
	"properties.properties.useraccountcredentials":                       {"ssh"},
	"properties.properties.useraccountcredentials.adminusername":         {"ssh", "adminUser"},
	"properties.properties.useraccountcredentials.adminusersshpublickey": {"ssh", "publicKey"},
	"properties.properties.useraccountcredentials.adminuserpassword":     {"ssh", "password"},
}
