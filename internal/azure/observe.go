package azure

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"

	"github.com/amlc-dev/amlc/internal/catalog"
	"github.com/amlc-dev/amlc/internal/jsontree"
	"github.com/amlc-dev/amlc/schema"
)

// WorkspaceRef names one Azure ML workspace, and the key the specs give it.
type WorkspaceRef struct {
	Key           string `json:"key"`
	Subscription  string `json:"subscription"`
	ResourceGroup string `json:"resourceGroup"`
	Name          string `json:"name"`
	Location      string `json:"location"`
}

// ID returns the workspace's ARM ID.
func (w WorkspaceRef) ID() string {
	return "/subscriptions/" + w.Subscription + "/resourceGroups/" + w.ResourceGroup +
		"/providers/Microsoft.MachineLearningServices/workspaces/" + w.Name
}

// id is the ID as ARM compares it: ignoring case.
func (w WorkspaceRef) id() string { return strings.ToLower(w.ID()) }

// Refs returns the workspaces of a spec, in key order.
func Refs(spec *schema.Spec) []WorkspaceRef {
	var refs []WorkspaceRef
	for _, w := range spec.Workspaces {
		refs = append(refs, WorkspaceRef{Key: w.Key, Subscription: w.Subscription, ResourceGroup: w.ResourceGroup, Name: w.Name, Location: w.Location})
	}
	slices.SortFunc(refs, func(a, b WorkspaceRef) int { return strings.Compare(a.Key, b.Key) })
	return refs
}

// Observation is what Azure holds in a set of workspaces.
type Observation struct {
	// Workspaces are the distinct Azure workspaces observed (two keys
	// naming one workspace are observed once), in ID order.
	Workspaces []ObservedWorkspace
}

// ObservedWorkspace is the computes of one workspace.
type ObservedWorkspace struct {
	Ref WorkspaceRef
	// Clusters are its AmlCompute computes, normalised, by name.
	Clusters []ObservedCluster
	// Others are the names of its computes of other types (compute
	// instances, attached computes): never managed, but their names are
	// taken.
	Others map[string]string // name → compute type
}

// ObservedCluster is one live AmlCompute cluster.
type ObservedCluster struct {
	// Cluster is the normalised model. Azure never returns secrets, so
	// SSH.PublicKey and SSH.PasswordSecret are empty; HasAdmin says
	// whether the cluster has an admin account at all.
	Cluster schema.Cluster
	// State is properties.provisioningState ("Succeeded", "Failed", …).
	State string
	// Resource is the compute as Azure returned it, in its observed form
	// (see ObservedForm): what a re-PUT of the compute keeps, and what a
	// saved plan records and apply re-reads.
	Resource map[string]any
	// Unmanaged are the properties Azure holds for the cluster that the
	// spec cannot express (see unmanaged.go), in path order.
	Unmanaged []Unmanaged `json:",omitempty"`
}

// Failed reports whether the cluster's provisioning failed: it exists but
// cannot run anything.
func (o *ObservedCluster) Failed() bool { return strings.EqualFold(o.State, "Failed") }

// Observe lists the computes of every workspace in refs (each distinct
// workspace once, concurrently within the client's bound) and normalises
// the AmlCompute ones. A workspace that does not exist is an error.
func (c *Client) Observe(ctx context.Context, refs []WorkspaceRef) (*Observation, error) {
	var unique []WorkspaceRef
	seen := map[string]bool{}
	for _, r := range refs {
		if !seen[r.id()] {
			seen[r.id()] = true
			unique = append(unique, r)
		}
	}
	slices.SortFunc(unique, func(a, b WorkspaceRef) int { return strings.Compare(a.id(), b.id()) })
	obs := &Observation{Workspaces: make([]ObservedWorkspace, len(unique))}
	errs := make([]error, len(unique))
	var wg sync.WaitGroup
	for i, r := range unique {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := c.acquire(ctx); err != nil {
				errs[i] = err
				return
			}
			defer c.release()
			obs.Workspaces[i], errs[i] = c.observeWorkspace(ctx, r)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return obs, nil
}

func (c *Client) observeWorkspace(ctx context.Context, ref WorkspaceRef) (ObservedWorkspace, error) {
	ow := ObservedWorkspace{Ref: ref, Others: map[string]string{}}
	cc, err := c.computeClient(ref.Subscription)
	if err != nil {
		return ow, err
	}
	pager := cc.NewListPager(ref.ResourceGroup, ref.Name, nil)
	for pager.More() {
		// The raw page: the SDK's model drops members it does not know,
		// and a re-PUT must keep every member Azure returned.
		var raw *http.Response
		_, err := pager.NextPage(policy.WithCaptureResponse(ctx, &raw))
		if err != nil {
			var re *azcore.ResponseError
			if errors.As(err, &re) && re.StatusCode == http.StatusNotFound {
				return ow, fmt.Errorf("workspace %s (%s) not found: %s", ref.Key, ref.ID(), Describe(err))
			}
			return ow, fmt.Errorf("listing the computes of workspace %s: %s", ref.Key, Describe(err))
		}
		items, err := pageItems(raw)
		if err != nil {
			return ow, fmt.Errorf("listing the computes of workspace %s: %v", ref.Key, err)
		}
		for _, item := range items {
			oc, typ, err := observeItem(item)
			switch {
			case err != nil:
				return ow, fmt.Errorf("listing the computes of workspace %s: %v", ref.Key, err)
			case typ != "":
				ow.Others[oc.Cluster.Name] = typ
			default:
				ow.Clusters = append(ow.Clusters, oc)
			}
		}
	}
	slices.SortFunc(ow.Clusters, func(a, b ObservedCluster) int { return strings.Compare(a.Cluster.Name, b.Cluster.Name) })
	return ow, nil
}

// pageItems returns the raw items of a Compute_List page.
func pageItems(resp *http.Response) ([]json.RawMessage, error) {
	if resp == nil {
		return nil, errors.New("no answer was captured")
	}
	data, err := runtime.Payload(resp)
	if err != nil {
		return nil, err
	}
	var page struct {
		Value []json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(data, &page); err != nil {
		return nil, fmt.Errorf("the answer is not a page of computes: %v", err)
	}
	return page.Value, nil
}

// observeItem reads one compute of a list: an AmlCompute cluster, or the
// name (in oc.Cluster.Name) and type of a compute of another type.
func observeItem(item json.RawMessage) (oc ObservedCluster, otherType string, err error) {
	var res armmachinelearning.ComputeResource
	if err := json.Unmarshal(item, &res); err != nil {
		return oc, "", fmt.Errorf("a compute of the answer cannot be read: %v", err)
	}
	if res.Name == nil || *res.Name == "" {
		return oc, "", errors.New("a compute of the answer has no name")
	}
	aml, ok := res.Properties.(*armmachinelearning.AmlCompute)
	if !ok {
		typ := "unknown"
		if res.Properties != nil && res.Properties.GetCompute().ComputeType != nil {
			typ = string(*res.Properties.GetCompute().ComputeType)
		}
		oc.Cluster.Name = *res.Name
		return oc, typ, nil
	}
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(item))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return oc, "", fmt.Errorf("compute %s cannot be read: %v", *res.Name, err)
	}
	oc = normalise(&res, aml)
	oc.Resource = ObservedForm(m)
	return oc, "", nil
}

// volatile are the read-only members of a ComputeResource that change by
// themselves (timestamps, allocation, node counts, node errors, identity
// principals): the observed form leaves them out, so that a plan is stale
// only when someone changed the compute. The provisioning state and the
// admin user name, read-only too, stay: they change what a plan does.
var volatile = map[string][]string{
	"":                      {"id", "type", "systemData"},
	"identity":              {"principalId", "tenantId"},
	"properties":            {"createdOn", "modifiedOn", "provisioningErrors", "isAttachedCompute"},
	"properties.properties": {"allocationState", "allocationStateTransitionTime", "errors", "currentNodeCount", "targetNodeCount", "nodeStateCounts"},
}

// ObservedForm is a compute as Azure returned it (decoded from JSON),
// without the members that change by themselves and without nulls. Every
// other member stays, those amlc does not model too, so that a re-PUT
// keeps them (diff.PutBase(ObservedForm(r)) is diff.PutBase(r)).
func ObservedForm(resource map[string]any) map[string]any {
	out := jsontree.WithoutNulls(resource).(map[string]any)
	for path, names := range volatile {
		obj := jsontree.Object(out, path)
		for _, n := range names {
			delete(obj, n)
		}
	}
	if uai, ok := jsontree.Object(out, "identity")["userAssignedIdentities"].(map[string]any); ok {
		for id := range uai {
			uai[id] = map[string]any{}
		}
	}
	return out
}

// normalise turns a live AmlCompute into the model a spec decodes to.
func normalise(res *armmachinelearning.ComputeResource, aml *armmachinelearning.AmlCompute) ObservedCluster {
	oc := ObservedCluster{State: str(aml.ProvisioningState)}
	c := &oc.Cluster
	c.Name = *res.Name
	c.Location = cmp.Or(str(aml.ComputeLocation), str(res.Location))
	c.Description = str(aml.Description)
	// disableLocalAuth absent: the spec default (local auth off).
	c.LocalAuth = aml.DisableLocalAuth != nil && !*aml.DisableLocalAuth
	if len(res.Tags) > 0 {
		c.Tags = map[string]string{}
		for k, v := range res.Tags {
			c.Tags[k] = str(v)
		}
	}
	if id := res.Identity; id != nil && id.Type != nil && !strings.EqualFold(string(*id.Type), "None") {
		c.Identity = &schema.Identity{Type: string(*id.Type)}
		switch {
		case strings.EqualFold(c.Identity.Type, schema.SystemAssigned):
			c.Identity.Type = schema.SystemAssigned
		case strings.EqualFold(c.Identity.Type, schema.UserAssigned):
			c.Identity.Type = schema.UserAssigned
		}
		c.Identity.IDs = slices.Sorted(maps.Keys(id.UserAssignedIdentities))
	}
	p := aml.Properties
	if p == nil {
		p = &armmachinelearning.AmlComputeProperties{}
	}
	c.VMSize = str(p.VMSize)
	if s, ok := catalog.Default().Lookup(c.VMSize); ok {
		c.VMSize = s.Name
	}
	c.Priority = str(p.VMPriority)
	switch {
	case strings.EqualFold(c.Priority, schema.Dedicated):
		c.Priority = schema.Dedicated
	case strings.EqualFold(c.Priority, schema.LowPriority):
		c.Priority = schema.LowPriority
	}
	// osType absent: the service's default, Linux ([SW]
	// AmlComputeProperties.osType "default": "Linux"), never "" (which
	// would read as a change of a create-only field).
	c.OSType = cmp.Or(str(p.OSType), "Linux")
	c.IsolatedNetwork = val(p.IsolatedNetwork)
	if img := p.VirtualMachineImage; img != nil {
		c.VirtualMachineImage = str(img.ID)
	}
	if ss := p.ScaleSettings; ss != nil {
		c.MaxNodes = int(val(ss.MaxNodeCount))
		c.MinNodes = int(val(ss.MinNodeCount))
		c.IdleTimeBeforeScaleDown = idle(str(ss.NodeIdleTimeBeforeScaleDown))
	}
	subnet := ""
	if p.Subnet != nil {
		subnet = str(p.Subnet.ID)
	}
	publicIP := p.EnableNodePublicIP == nil || *p.EnableNodePublicIP
	if subnet != "" || !publicIP {
		c.Network = &schema.Network{Subnet: subnet, NodePublicIP: publicIP}
	}
	access := str(p.RemoteLoginPortPublicAccess)
	if cr := p.UserAccountCredentials; cr != nil && str(cr.AdminUserName) != "" {
		// The public key is returned by some API versions; the password
		// never is, and amlc never reads it.
		c.SSH = &schema.SSH{AdminUser: str(cr.AdminUserName), PublicKey: strings.TrimSpace(str(cr.AdminUserSSHPublicKey)), PublicAccess: access}
	}
	oc.Unmanaged = unmanaged(res, aml, p, c.SSH == nil)
	return oc
}

// idle parses the idle time as Azure returns it (ISO 8601); a value it
// cannot read counts as zero, which shows as a change.
func idle(s string) time.Duration {
	if s == "" {
		return 0
	}
	if d, err := schema.ParseDuration(s); err == nil {
		return d
	}
	return 0
}

func val[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func str[T ~string](p *T) string {
	if p == nil {
		return ""
	}
	return string(*p)
}
