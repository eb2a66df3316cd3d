// Package specjson writes the validated model of a spec ([schema.Spec])
// back in the spec language, as JSON that amlc vet reads like any JSON
// spec file. A saved plan records its desired clusters this way, so that
// amlc apply can run the spec checks on them again, through the same
// entry point as vet, before it trusts the plan (docs/plans.md).
//
// Every value is written explicitly (defaults too), so that vetting the
// output gives back the same model: Encode(Vet(Encode(s))) = Encode(s).
package specjson

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/amlc-dev/amlc/schema"
)

// Spec is the top level of the spec language.
type Spec struct {
	Workspaces map[string]Workspace         `json:"workspaces,omitempty"`
	Quotas     map[string]map[string]*Quota `json:"quotas,omitempty"`
}

// Workspace is one workspace and its clusters.
type Workspace struct {
	Name          string             `json:"name"`
	Subscription  string             `json:"subscription"`
	ResourceGroup string             `json:"resourceGroup"`
	Location      string             `json:"location"`
	Budget        *Budget            `json:"budget,omitempty"`
	Clusters      map[string]Cluster `json:"clusters,omitempty"`
}

// Budget is a workspace's monthly budget in USD.
type Budget struct {
	Monthly float64 `json:"monthly"`
}

// Cluster is one cluster, every field written.
type Cluster struct {
	VMSize                  string            `json:"vmSize"`
	MaxNodes                int               `json:"maxNodes"`
	MinNodes                int               `json:"minNodes"`
	IdleTimeBeforeScaleDown string            `json:"idleTimeBeforeScaleDown"`
	Priority                string            `json:"priority,omitempty"`
	OSType                  string            `json:"osType,omitempty"`
	Location                string            `json:"location,omitempty"`
	Description             string            `json:"description,omitempty"`
	Tags                    map[string]string `json:"tags,omitempty"`
	Identity                *Identity         `json:"identity,omitempty"`
	Network                 *Network          `json:"network,omitempty"`
	SSH                     *SSH              `json:"ssh,omitempty"`
	LocalAuth               bool              `json:"localAuth"`
	LargeScale              *LargeScale       `json:"largeScale,omitempty"`
	VirtualMachineImage     *ResourceID       `json:"virtualMachineImage,omitempty"`
	IsolatedNetwork         bool              `json:"isolatedNetwork"`
}

// ResourceID refers to a resource by its ID.
type ResourceID struct {
	ID string `json:"id"`
}

// Identity is a cluster's managed identity.
type Identity struct {
	Type string   `json:"type"`
	IDs  []string `json:"ids,omitempty"`
}

// Network places the nodes.
type Network struct {
	Subnet       string `json:"subnet,omitempty"`
	NodePublicIP bool   `json:"nodePublicIp"`
}

// SSH is the admin account; the password is a secret's name, never a
// value.
type SSH struct {
	AdminUser    string     `json:"adminUser"`
	PublicKey    string     `json:"publicKey,omitempty"`
	Password     *SecretRef `json:"password,omitempty"`
	PublicAccess string     `json:"publicAccess,omitempty"`
}

// SecretRef names a secret.
type SecretRef struct {
	Secret string `json:"secret"`
}

// LargeScale is the support-ticket exception.
type LargeScale struct {
	SupportTicket          string `json:"supportTicket"`
	InternodeCommunication bool   `json:"internodeCommunication"`
}

// Quota is one subscription's quota in one region.
type Quota struct {
	Dedicated   *Dedicated `json:"dedicated,omitempty"`
	LowPriority *int       `json:"lowPriority,omitempty"`
	Clusters    *int       `json:"clusters,omitempty"`
}

// Dedicated is the dedicated part of a quota.
type Dedicated struct {
	Total    *int           `json:"total,omitempty"`
	Families map[string]int `json:"families,omitempty"`
}

// From converts the model to the spec language.
func From(s *schema.Spec) (*Spec, error) {
	out := &Spec{}
	for _, w := range s.Workspaces {
		if out.Workspaces == nil {
			out.Workspaces = map[string]Workspace{}
		}
		if _, dup := out.Workspaces[w.Key]; dup {
			return nil, fmt.Errorf("specjson: workspace key %q twice", w.Key)
		}
		ow := Workspace{Name: w.Name, Subscription: w.Subscription, ResourceGroup: w.ResourceGroup, Location: w.Location}
		if w.Budget != nil {
			ow.Budget = &Budget{Monthly: w.Budget.Monthly}
		}
		for _, c := range w.Clusters {
			if ow.Clusters == nil {
				ow.Clusters = map[string]Cluster{}
			}
			if _, dup := ow.Clusters[c.Name]; dup {
				return nil, fmt.Errorf("specjson: cluster %s/%s twice", w.Key, c.Name)
			}
			if c.IdleTimeBeforeScaleDown%time.Second != 0 || c.IdleTimeBeforeScaleDown < 0 {
				return nil, fmt.Errorf("specjson: cluster %s/%s: idle time %v is not a whole, non-negative number of seconds", w.Key, c.Name, c.IdleTimeBeforeScaleDown)
			}
			ow.Clusters[c.Name] = cluster(&c)
		}
		out.Workspaces[w.Key] = ow
	}
	for _, q := range s.Quotas {
		if out.Quotas == nil {
			out.Quotas = map[string]map[string]*Quota{}
		}
		if out.Quotas[q.Subscription] == nil {
			out.Quotas[q.Subscription] = map[string]*Quota{}
		}
		oq := &Quota{LowPriority: q.LowPriority, Clusters: q.Clusters}
		if q.DedicatedTotal != nil || len(q.Families) > 0 {
			oq.Dedicated = &Dedicated{Total: q.DedicatedTotal, Families: q.Families}
		}
		out.Quotas[q.Subscription][q.Region] = oq
	}
	return out, nil
}

func cluster(c *schema.Cluster) Cluster {
	oc := Cluster{
		VMSize:                  c.VMSize,
		MaxNodes:                c.MaxNodes,
		MinNodes:                c.MinNodes,
		IdleTimeBeforeScaleDown: fmt.Sprintf("%ds", int64(c.IdleTimeBeforeScaleDown/time.Second)),
		Priority:                c.Priority,
		OSType:                  c.OSType,
		Location:                c.Location,
		Description:             c.Description,
		Tags:                    c.Tags,
		LocalAuth:               c.LocalAuth,
		IsolatedNetwork:         c.IsolatedNetwork,
	}
	if c.VirtualMachineImage != "" {
		oc.VirtualMachineImage = &ResourceID{ID: c.VirtualMachineImage}
	}
	if id := c.Identity; id != nil {
		oc.Identity = &Identity{Type: id.Type, IDs: id.IDs}
	}
	if n := c.Network; n != nil {
		oc.Network = &Network{Subnet: n.Subnet, NodePublicIP: n.NodePublicIP}
	}
	if s := c.SSH; s != nil {
		oc.SSH = &SSH{AdminUser: s.AdminUser, PublicKey: s.PublicKey, PublicAccess: s.PublicAccess}
		if s.PasswordSecret != "" {
			oc.SSH.Password = &SecretRef{Secret: s.PasswordSecret}
		}
	}
	if l := c.LargeScale; l != nil {
		oc.LargeScale = &LargeScale{SupportTicket: l.SupportTicket, InternodeCommunication: l.InternodeCommunication}
	}
	return oc
}

// Encode writes the model in the spec language, as compact JSON with
// sorted keys.
func Encode(s *schema.Spec) (json.RawMessage, error) {
	out, err := From(s)
	if err != nil {
		return nil, err
	}
	return json.Marshal(out)
}
