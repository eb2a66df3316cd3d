package armfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// Redacted replaces secret values in the request log.
const Redacted = "<redacted>"

// secretMembers are the x-ms-secret members of AmlCompute [SW].
var secretMembers = []string{"adminUserPassword", "adminUserSshPublicKey"}

// redactBody returns body as the log keeps it: JSON with the values of
// secretMembers and, in a deployment, of its secure parameters (and of
// parameters the inline template does not declare) replaced by Redacted.
// A body that is not JSON is not kept at all.
func redactBody(path string, body []byte) []byte {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	var v any
	if err := decodeNumbers(body, &v); err != nil {
		return fmt.Appendf(nil, "<%d bytes that are not JSON, not logged>", len(body))
	}
	changed := redactMembers(v)
	if strings.Contains(strings.ToLower(path), "/microsoft.resources/deployments/") {
		changed = redactParameters(v) || changed
	}
	if !changed {
		return bytes.Clone(body)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return []byte("<not logged>")
	}
	return bytes.TrimRight(buf.Bytes(), "\n")
}

// redactMembers replaces the values of secretMembers anywhere in v.
func redactMembers(v any) bool {
	changed := false
	switch x := v.(type) {
	case map[string]any:
		for k, m := range x {
			if isSecretMember(k) && m != nil {
				x[k] = Redacted
				changed = true
				continue
			}
			changed = redactMembers(m) || changed
		}
	case []any:
		for _, m := range x {
			changed = redactMembers(m) || changed
		}
	}
	return changed
}

func isSecretMember(k string) bool {
	for _, s := range secretMembers {
		if strings.EqualFold(k, s) {
			return true
		}
	}
	return false
}

// redactParameters replaces the values of a deployment's secure
// parameters, and the default values of secure template parameters.
func redactParameters(v any) bool {
	props, _ := member(asMap(v), "properties").(map[string]any)
	tplParams := asMap(member(asMap(member(props, "template")), "parameters"))
	secure := func(name string) bool {
		decl := asMap(member(tplParams, name))
		typ, _ := member(decl, "type").(string)
		return decl == nil || isSecureType(typ)
	}
	changed := false
	for name, p := range asMap(member(props, "parameters")) {
		if pm := asMap(p); pm != nil && secure(name) {
			for k := range pm {
				if strings.EqualFold(k, "value") {
					pm[k] = Redacted
					changed = true
				}
			}
		}
	}
	for name, p := range tplParams {
		if pm := asMap(p); pm != nil && secure(name) {
			for k := range pm {
				if strings.EqualFold(k, "defaultValue") {
					pm[k] = Redacted
					changed = true
				}
			}
		}
	}
	return changed
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}
