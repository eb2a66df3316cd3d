package compiler

import (
	"strconv"
	"strings"
)

// Bicep symbolic names and ARM parameter and output names.
//
// A Bicep identifier is ASCII: a letter or "_" first, then letters, digits
// and "_". Parameters, variables and resources share one namespace; ARM
// compares parameter and output names case-insensitively, so amlc keeps all
// of its names unique ignoring case. Names never take the spelling of a
// Bicep keyword, type, namespace or built-in function or decorator: a symbol
// named "description" would shadow the @description decorator the file
// itself uses, and the others would shadow what a reader expects.

// reserved lists the names no derived identifier takes. Bicep resolves them
// case-sensitively ("resourceID" is not "resourceId"), and so does this set.
var reserved = setOf(
	// Keywords and contextual keywords.
	"metadata", "targetScope", "param", "var", "resource", "module", "output",
	"type", "func", "import", "using", "extends", "extension", "provider",
	"existing", "if", "for", "in", "as", "with", "assert", "test",
	"true", "false", "null",
	// Types and namespaces.
	"string", "int", "bool", "object", "array", "any", "resourceInput",
	"resourceOutput", "sys", "az",
	// Decorators.
	"description", "secure", "allowed", "minLength", "maxLength", "minValue",
	"maxValue", "batchSize", "export", "sealed", "discriminator", "nullable",
	"onlyIfNotExists", "retryOn", "waitUntil",
	// sys functions.
	"base64", "base64ToJson", "base64ToString", "cidrHost", "cidrSubnet",
	"concat", "contains", "dataUri", "dataUriToString", "dateTimeAdd",
	"dateTimeFromEpoch", "dateTimeToEpoch", "empty", "endsWith", "fail",
	"filter", "first", "flatten", "format", "groupBy", "guid", "indexOf",
	"intersection", "items", "join", "json", "lambda", "last", "lastIndexOf",
	"length", "loadDirectoryFileInfo", "loadFileAsBase64", "loadJsonContent",
	"loadTextContent", "loadYamlContent", "map", "mapValue", "max", "min",
	"newGuid", "objectKeys", "padLeft", "parseCidr", "parseUri", "range",
	"readEnvironmentVariable", "reduce", "replace", "shallowMerge", "skip",
	"sort", "split", "startsWith", "substring", "take", "toLower", "toObject",
	"toUpper", "trim", "tryGet", "union", "uniqueString", "uri",
	"uriComponent", "uriComponentToString", "utcNow",
	// az functions.
	"deployer", "deployment", "environment", "extensionResourceId",
	"getSecret", "list", "listKeys", "listSecrets", "managementGroup",
	"managementGroupResourceId", "pickZones", "providers", "reference",
	"resourceGroup", "resourceId", "subscription", "subscriptionResourceId",
	"tenant", "tenantResourceId", "toLogicalZone", "toLogicalZones",
	"toPhysicalZone", "toPhysicalZones",
)

func setOf(names ...string) map[string]bool {
	s := make(map[string]bool, len(names))
	for _, n := range names {
		s[n] = true
	}
	return s
}

// isIdentifier reports whether s is a Bicep identifier token.
func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '_', 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case '0' <= c && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// baseIdentifier derives a valid identifier from a compute or secret name in
// camelCase: ASCII letters, digits and "_" are kept, non-ASCII characters
// are dropped, every other character separates words, and each word after
// the first starts upper case ("cpu-cluster" → "cpuCluster",
// "GPU_ADMIN_PASSWORD" stays as it is). A name that starts with a digit gets
// prefix in front ("1gpu" → prefix+"1gpu"); a name with no usable character
// becomes prefix alone. The result may still be reserved or taken; [namer]
// settles that.
func baseIdentifier(name, prefix string) string {
	var b strings.Builder
	b.Grow(len(name))
	upper := false
	for i := 0; i < len(name); i++ {
		c := name[i]
		word := c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
		if c >= 0x80 {
			// A byte of a non-ASCII character, which no identifier can hold:
			// dropped, without ending the word ("wörd" → "wrd").
			continue
		}
		if !word {
			upper = b.Len() > 0
			continue
		}
		if upper && 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		upper = false
		b.WriteByte(c)
	}
	s := b.String()
	switch {
	case s == "":
		return prefix
	case '0' <= s[0] && s[0] <= '9':
		return prefix + s
	}
	return s
}

// namer hands out identifiers that are valid, not reserved and unique,
// ignoring case, among those it has handed out.
type namer struct {
	taken map[string]bool // lower-cased
}

func newNamer() *namer { return &namer{taken: map[string]bool{}} }

// name returns the identifier for name: its base identifier, or when that
// is reserved or taken, the first free one of base2, base3, … (base_2, base_3,
// … when base ends in a digit, so "gpu1" does not become "gpu12").
func (n *namer) name(name, prefix string) string {
	base := baseIdentifier(name, prefix)
	sep := ""
	if c := base[len(base)-1]; '0' <= c && c <= '9' {
		sep = "_"
	}
	cand := base
	for i := 2; reserved[cand] || n.taken[strings.ToLower(cand)]; i++ {
		cand = base + sep + strconv.Itoa(i)
	}
	n.taken[strings.ToLower(cand)] = true
	return cand
}
