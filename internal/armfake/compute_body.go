package armfake

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
)

// computeBody is a ComputeResource request body. Pointers tell a missing
// member from a zero one.
type computeBody struct {
	Location   *string            `json:"location"`
	Tags       *map[string]string `json:"tags"`
	Identity   *identityBody      `json:"identity"`
	Sku        json.RawMessage    `json:"sku"`
	Properties *computePropsBody  `json:"properties"`
}

type computePropsBody struct {
	ComputeType      string        `json:"computeType"`
	ComputeLocation  string        `json:"computeLocation"`
	Description      *string       `json:"description"`
	DisableLocalAuth *bool         `json:"disableLocalAuth"`
	ResourceID       *string       `json:"resourceId"`
	Properties       *amlPropsBody `json:"properties"`
}

type amlPropsBody struct {
	VMSize                      string           `json:"vmSize"`
	VMPriority                  string           `json:"vmPriority"`
	OSType                      string           `json:"osType"`
	VirtualMachineImage         *resourceIDJSON  `json:"virtualMachineImage"`
	IsolatedNetwork             *bool            `json:"isolatedNetwork"`
	ScaleSettings               *scaleBody       `json:"scaleSettings"`
	UserAccountCredentials      *credentialsBody `json:"userAccountCredentials"`
	Subnet                      *resourceIDJSON  `json:"subnet"`
	RemoteLoginPortPublicAccess string           `json:"remoteLoginPortPublicAccess"`
	EnableNodePublicIP          *bool            `json:"enableNodePublicIp"`
	PropertyBag                 json.RawMessage  `json:"propertyBag"`
}

type scaleBody struct {
	MaxNodeCount                *int    `json:"maxNodeCount"`
	MinNodeCount                *int    `json:"minNodeCount"`
	NodeIdleTimeBeforeScaleDown *string `json:"nodeIdleTimeBeforeScaleDown"`
}

type credentialsBody struct {
	AdminUserName         string `json:"adminUserName"`
	AdminUserSSHPublicKey string `json:"adminUserSshPublicKey"`
	AdminUserPassword     string `json:"adminUserPassword"`
}

// identityBody is a ManagedServiceIdentity in a request: each
// user-assigned ID maps to {} (keep or add) or null (remove, in a PATCH).
type identityBody struct {
	Type                   string                     `json:"type"`
	UserAssignedIdentities map[string]json.RawMessage `json:"userAssignedIdentities"`
}

const (
	amlCompute     = "AmlCompute"
	systemAssigned = "SystemAssigned"
	userAssigned   = "UserAssigned"
)

// The defaults the fake applies when a create leaves a member out. The
// swagger gives osType Linux, minNodeCount 0, enableNodePublicIp true and
// remoteLoginPortPublicAccess NotSpecified; it gives no default for the
// priority or the idle time, for which the fake takes Dedicated and the
// 120 s of CLI v2 and SDK v2.
const (
	defaultPriority = "Dedicated"
	defaultOSType   = "Linux"
	defaultIdle     = "PT2M"
)

// oneOf returns the allowed value that v equals ignoring case.
func oneOf(v string, allowed ...string) (string, bool) {
	for _, a := range allowed {
		if strings.EqualFold(v, a) {
			return a, true
		}
	}
	return "", false
}

var (
	// computeName is the documented rule: 3–24 letters, digits and '-',
	// starting with a letter [DOC-CC-2024].
	computeName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]{2,23}$`)
	subnetID    = regexp.MustCompile(`(?i)^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.Network/virtualNetworks/[^/]+/subnets/[^/]+$`)
	identityID  = regexp.MustCompile(`(?i)^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.ManagedIdentity/userAssignedIdentities/[^/]+$`)
)

// checkComputeName applies the documented name rules: also, a '-' must be
// followed later by a letter.
func checkComputeName(name string) *armError {
	ok := computeName.MatchString(name)
	if i := strings.LastIndexByte(name, '-'); ok && i >= 0 {
		ok = strings.IndexFunc(name[i+1:], isLetter) >= 0
	}
	if !ok {
		return badRequest("Compute name '%s' is invalid: it must be 3 to 24 characters long, hold only letters, digits and '-', start with a letter, and have a letter after its last '-'.", name)
	}
	return nil
}

func isLetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

// parseScale reads scale settings over the current ones (nil for a
// create): maxNodeCount is required, a missing minNodeCount is 0 (the
// swagger's default) and a missing idle time keeps the current one.
func parseScale(b *scaleBody, cur *Compute) (minN, maxN int, idle string, err *armError) {
	if b.MaxNodeCount == nil {
		return 0, 0, "", badRequest("properties.properties.scaleSettings.maxNodeCount is required.")
	}
	maxN = *b.MaxNodeCount
	if b.MinNodeCount != nil {
		minN = *b.MinNodeCount
	}
	switch {
	case minN < 0:
		return 0, 0, "", badRequest("scaleSettings.minNodeCount must not be negative (got %d).", minN)
	case maxN < minN:
		return 0, 0, "", badRequest("scaleSettings.maxNodeCount (%d) must not be less than minNodeCount (%d).", maxN, minN)
	}
	idle = defaultIdle
	if cur != nil {
		idle = cur.IdleTimeBeforeScaleDown
	}
	if b.NodeIdleTimeBeforeScaleDown != nil {
		n, derr := normalizeDuration(*b.NodeIdleTimeBeforeScaleDown)
		if derr != nil {
			return 0, 0, "", badRequest("scaleSettings.nodeIdleTimeBeforeScaleDown '%s' is invalid: it needs to be in the RFC format: %v.", *b.NodeIdleTimeBeforeScaleDown, derr)
		}
		idle = n
	}
	return minN, maxN, idle, nil
}

// parseIdentity reads an identity over the current one (nil for a create
// or a PUT). It returns nil for type None. User-assigned IDs are merged
// into a current user-assigned set: {} adds, null removes.
func parseIdentity(b *identityBody, cur *Identity) (*Identity, *armError) {
	if strings.TrimSpace(b.Type) == "" {
		return nil, badRequest("identity.type is required.")
	}
	typ := strings.ReplaceAll(b.Type, " ", "")
	if strings.EqualFold(typ, "SystemAssigned,UserAssigned") {
		return nil, badRequest("Azure Machine Learning compute clusters support only one system-assigned identity or multiple user-assigned identities, not both concurrently.")
	}
	t, ok := oneOf(typ, systemAssigned, userAssigned, "None")
	switch {
	case !ok:
		return nil, badRequest("identity.type '%s' is invalid: want SystemAssigned, UserAssigned or None.", b.Type)
	case t == "None":
		return nil, nil
	case t == systemAssigned:
		if len(b.UserAssignedIdentities) > 0 {
			return nil, badRequest("identity.userAssignedIdentities must be empty for type SystemAssigned.")
		}
		return &Identity{Type: systemAssigned}, nil
	}
	var ids []string
	if cur != nil && cur.Type == userAssigned {
		ids = append(ids, cur.UserAssignedIdentities...)
	}
	for id, v := range b.UserAssignedIdentities {
		if !identityID.MatchString(id) {
			return nil, badRequest("'%s' is not a user-assigned identity resource ID.", id)
		}
		ids = removeFold(ids, id)
		if string(v) != "null" {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil, badRequest("identity.userAssignedIdentities must name at least one identity for type UserAssigned.")
	}
	sortFold(ids)
	return &Identity{Type: userAssigned, UserAssignedIdentities: ids}, nil
}

// removeFold removes s from list, ignoring case.
func removeFold(list []string, s string) []string {
	return slices.DeleteFunc(list, func(x string) bool { return strings.EqualFold(x, s) })
}

// sortFold sorts ignoring case.
func sortFold(list []string) {
	slices.SortFunc(list, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
}
