package armfake

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// computeJSON is a ComputeResource as Compute_Get returns it: every field
// in the order of the API's get example, unset ones as null, and no
// secrets [SW] [EX-get].
type computeJSON struct {
	ID         string            `json:"id"`
	Type       string            `json:"type"`
	Name       string            `json:"name"`
	Location   string            `json:"location"`
	Tags       map[string]string `json:"tags,omitempty"`
	Identity   *identityJSON     `json:"identity,omitempty"`
	Sku        json.RawMessage   `json:"sku,omitempty"`
	Properties computePropsJSON  `json:"properties"`
}

type computePropsJSON struct {
	ComputeLocation    string         `json:"computeLocation"`
	Description        *string        `json:"description"`
	CreatedOn          string         `json:"createdOn"`
	ModifiedOn         string         `json:"modifiedOn"`
	ResourceID         *string        `json:"resourceId"`
	ComputeType        string         `json:"computeType"`
	ProvisioningState  string         `json:"provisioningState"`
	ProvisioningErrors []errorWrapper `json:"provisioningErrors"`
	IsAttachedCompute  bool           `json:"isAttachedCompute"`
	DisableLocalAuth   bool           `json:"disableLocalAuth"`
	Properties         amlPropsJSON   `json:"properties"`
}

type errorWrapper struct {
	Error *armError `json:"error"`
}

type amlPropsJSON struct {
	VMSize                        string           `json:"vmSize"`
	VMPriority                    string           `json:"vmPriority"`
	OSType                        string           `json:"osType"`
	VirtualMachineImage           *resourceIDJSON  `json:"virtualMachineImage"`
	IsolatedNetwork               bool             `json:"isolatedNetwork"`
	Subnet                        *resourceIDJSON  `json:"subnet"`
	ScaleSettings                 scaleJSON        `json:"scaleSettings"`
	UserAccountCredentials        *credentialsJSON `json:"userAccountCredentials"`
	RemoteLoginPortPublicAccess   string           `json:"remoteLoginPortPublicAccess"`
	AllocationState               string           `json:"allocationState"`
	AllocationStateTransitionTime string           `json:"allocationStateTransitionTime"`
	Errors                        []errorWrapper   `json:"errors"`
	CurrentNodeCount              int              `json:"currentNodeCount"`
	TargetNodeCount               int              `json:"targetNodeCount"`
	NodeStateCounts               nodeCountsJSON   `json:"nodeStateCounts"`
	EnableNodePublicIP            bool             `json:"enableNodePublicIp"`
	PropertyBag                   json.RawMessage  `json:"propertyBag"`
}

type resourceIDJSON struct {
	ID string `json:"id"`
}

type scaleJSON struct {
	MaxNodeCount                int    `json:"maxNodeCount"`
	MinNodeCount                int    `json:"minNodeCount"`
	NodeIdleTimeBeforeScaleDown string `json:"nodeIdleTimeBeforeScaleDown"`
}

// credentialsJSON is userAccountCredentials without its x-ms-secret
// members, which Compute_Get never returns.
type credentialsJSON struct {
	AdminUserName string `json:"adminUserName"`
}

type nodeCountsJSON struct {
	PreparingNodeCount int `json:"preparingNodeCount"`
	RunningNodeCount   int `json:"runningNodeCount"`
	IdleNodeCount      int `json:"idleNodeCount"`
	UnusableNodeCount  int `json:"unusableNodeCount"`
	LeavingNodeCount   int `json:"leavingNodeCount"`
	PreemptedNodeCount int `json:"preemptedNodeCount"`
}

// azureTime formats t as the examples do: "2021-04-01T22:00:00.0000000+00:00".
func azureTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.0000000") + "+00:00"
}

// computeView is the full resource, as GET and list return it.
func (s *Server) computeView(c *Compute) computeJSON {
	p := computePropsJSON{
		ComputeLocation:   c.ComputeLocation,
		CreatedOn:         azureTime(c.CreatedOn),
		ModifiedOn:        azureTime(c.ModifiedOn),
		ComputeType:       amlCompute,
		ProvisioningState: c.ProvisioningState,
		DisableLocalAuth:  c.DisableLocalAuth,
	}
	if c.Description != "" {
		p.Description = &c.Description
	}
	for _, e := range c.errors {
		p.ProvisioningErrors = append(p.ProvisioningErrors, errorWrapper{e})
	}
	a := amlPropsJSON{
		VMSize:     c.VMSize,
		VMPriority: c.VMPriority,
		OSType:     c.OSType,
		ScaleSettings: scaleJSON{
			MaxNodeCount:                c.MaxNodes,
			MinNodeCount:                c.MinNodes,
			NodeIdleTimeBeforeScaleDown: c.IdleTimeBeforeScaleDown,
		},
		IsolatedNetwork:               c.IsolatedNetwork,
		RemoteLoginPortPublicAccess:   c.RemoteLoginPortPublicAccess,
		AllocationState:               "Steady",
		AllocationStateTransitionTime: azureTime(c.ModifiedOn),
		TargetNodeCount:               c.MinNodes,
		EnableNodePublicIP:            c.EnableNodePublicIP,
		PropertyBag:                   c.PropertyBag,
	}
	if c.VirtualMachineImage != "" {
		a.VirtualMachineImage = &resourceIDJSON{c.VirtualMachineImage}
	}
	if c.Subnet != "" {
		a.Subnet = &resourceIDJSON{c.Subnet}
	}
	if c.AdminUserName != "" {
		a.UserAccountCredentials = &credentialsJSON{c.AdminUserName}
	}
	p.Properties = a
	return computeJSON{
		ID:         c.ID,
		Type:       ComputeType,
		Name:       c.Name,
		Location:   c.Location,
		Tags:       c.Tags,
		Identity:   s.identityView(c),
		Sku:        c.SKU,
		Properties: p,
	}
}

// acceptedJSON is the body of the first response of a long-running PUT or
// PATCH: the envelope and the state only, as in the createOrUpdate and
// patch examples [EX-create] [EX-patch].
type acceptedJSON struct {
	ID         string            `json:"id"`
	Type       string            `json:"type"`
	Name       string            `json:"name"`
	Location   string            `json:"location"`
	Tags       map[string]string `json:"tags,omitempty"`
	Identity   *identityJSON     `json:"identity,omitempty"`
	Properties struct {
		Description       string `json:"description,omitempty"`
		ComputeType       string `json:"computeType"`
		ProvisioningState string `json:"provisioningState"`
	} `json:"properties"`
}

func (s *Server) acceptedView(c *Compute) acceptedJSON {
	v := acceptedJSON{ID: c.ID, Type: ComputeType, Name: c.Name, Location: c.Location, Tags: c.Tags, Identity: s.identityView(c)}
	v.Properties.Description = c.Description
	v.Properties.ComputeType = amlCompute
	v.Properties.ProvisioningState = c.ProvisioningState
	return v
}

// identityJSON is a ManagedServiceIdentity with the read-only IDs filled in.
type identityJSON struct {
	Type                   string                  `json:"type"`
	PrincipalID            string                  `json:"principalId,omitempty"`
	TenantID               string                  `json:"tenantId,omitempty"`
	UserAssignedIdentities map[string]uaiValueJSON `json:"userAssignedIdentities,omitempty"`
}

type uaiValueJSON struct {
	PrincipalID string `json:"principalId"`
	ClientID    string `json:"clientId"`
}

// identityView fills in principal and client IDs, derived from the IDs of
// the compute and the identity so that they are stable.
func (s *Server) identityView(c *Compute) *identityJSON {
	if c.Identity == nil {
		return nil
	}
	v := &identityJSON{Type: c.Identity.Type}
	if c.Identity.Type == systemAssigned {
		v.PrincipalID = stableUUID("principal", c.ID)
		v.TenantID = s.opts.TenantID
		return v
	}
	v.UserAssignedIdentities = map[string]uaiValueJSON{}
	for _, id := range c.Identity.UserAssignedIdentities {
		v.UserAssignedIdentities[id] = uaiValueJSON{
			PrincipalID: stableUUID("principal", strings.ToLower(id)),
			ClientID:    stableUUID("client", strings.ToLower(id)),
		}
	}
	return v
}

// stableUUID is a version 5 style UUID of its parts.
func stableUUID(parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}
