package compiler

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/amlc-dev/amlc/internal/catalog"

	"github.com/amlc-dev/amlc/schema"
)

// The constants of every template amlc writes.
const (
	// TemplateSchema is the classic (not languageVersion 2.0) deployment
	// template schema, the one the published ARM schemas validate.
	TemplateSchema = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"
	// ContentVersion is the template's fixed content version.
	ContentVersion = "1.0.0.0"
	// ComputeResourceType is the resource type of a cluster.
	ComputeResourceType = "Microsoft.MachineLearningServices/workspaces/computes"
	// WorkspaceResourceType is the resource type of the (existing) workspace.
	WorkspaceResourceType = "Microsoft.MachineLearningServices/workspaces"
	// APIVersion is the Microsoft.MachineLearningServices API version of
	// everything amlc writes and sends: both resource types of the
	// templates (JSON and Bicep) and every REST call to a compute, a
	// workspace, the usages and the VM sizes (package azure passes it to
	// the Go SDK through arm.ClientOptions.APIVersion). It is the newest
	// stable version for which both the official ARM template schema
	// (Azure/azure-resource-manager-schemas
	// schemas/2026-05-01/Microsoft.MachineLearningServices.json) and
	// Bicep's type table (Azure/bicep-types-az generated/
	// machinelearningservices/microsoft.machinelearningservices/2026-05-01)
	// exist; the REST spec has it as stable/2026-05-01/openapi.json
	// (Azure/azure-rest-api-specs). A test fails once it is more than 730
	// days old, the age at which ARM-TTK's apiVersions-Should-Be-Recent and
	// Bicep's use-recent-api-versions flag it.
	APIVersion = "2026-05-01"
	// Generator is the name in the template's metadata._generator.
	Generator = "amlc"
)

// ARMTemplate is a classic ARM deployment template that creates clusters in
// an existing workspace. It is ordered data: marshalling it (or calling
// [ARMTemplate.JSON]) always gives the same bytes. String values are in ARM
// form: a literal that would read as an expression ("[…]") is escaped as
// "[[…]", and "[parameters('…')]" is a reference to a parameter.
type ARMTemplate struct {
	Schema         string            `json:"$schema"`
	ContentVersion string            `json:"contentVersion"`
	Metadata       *TemplateMetadata `json:"metadata,omitempty"`
	Parameters     Object[Parameter] `json:"parameters"`
	Resources      []Resource        `json:"resources"`
	Outputs        Object[Output]    `json:"outputs"`

	// What the Bicep printer needs besides the ARM data; unexported, so a
	// template read back from JSON has none and cannot be printed as Bicep.
	workspace *symbol  // the existing workspace: ident and name
	clusters  []symbol // per resource: ident and compute name
	secrets   []secret // per parameter, in the order of Parameters
	outputs   []string // per output: the ident of the resource it refers to
}

// TemplateMetadata is the template's metadata block: only a fixed
// generator name, so that the bytes never change from one build to the next.
type TemplateMetadata struct {
	Generator GeneratorInfo `json:"_generator"`
}

// GeneratorInfo names the tool that wrote a template.
type GeneratorInfo struct {
	Name string `json:"name"`
}

// Parameter is a template parameter; amlc declares only securestring ones.
type Parameter struct {
	Type     string             `json:"type"`
	Metadata *ParameterMetadata `json:"metadata,omitempty"`
}

// ParameterMetadata describes a parameter.
type ParameterMetadata struct {
	Description string `json:"description"`
}

// Output is a template output: the resource ID of a created cluster.
type Output struct {
	Type  string `json:"type"`
	Value string `json:"value"`
}

// Resource is one Microsoft.MachineLearningServices/workspaces/computes
// resource of compute type AmlCompute.
type Resource struct {
	Type       string            `json:"type"`
	APIVersion string            `json:"apiVersion"`
	Name       string            `json:"name"` // "<workspace>/<cluster>"
	Location   string            `json:"location"`
	Tags       Object[string]    `json:"tags,omitempty"`
	Identity   *Identity         `json:"identity,omitempty"`
	Properties ComputeProperties `json:"properties"`
}

// Identity is the managed identity of a cluster.
type Identity struct {
	Type                   string           `json:"type"`
	UserAssignedIdentities Object[struct{}] `json:"userAssignedIdentities,omitempty"`
}

// ComputeProperties is the resource's properties (the Compute base type).
type ComputeProperties struct {
	ComputeType      string               `json:"computeType"`
	ComputeLocation  string               `json:"computeLocation,omitempty"`
	Description      string               `json:"description,omitempty"`
	DisableLocalAuth bool                 `json:"disableLocalAuth"`
	Properties       AmlComputeProperties `json:"properties"`
}

// AmlComputeProperties is properties.properties. The fields the create
// example of the REST API has come in its order; the others in the order
// of the API's definition.
type AmlComputeProperties struct {
	VMSize                      string                  `json:"vmSize"`
	VMPriority                  string                  `json:"vmPriority"`
	OSType                      string                  `json:"osType"`
	VirtualMachineImage         *ResourceID             `json:"virtualMachineImage,omitempty"`
	IsolatedNetwork             bool                    `json:"isolatedNetwork"`
	ScaleSettings               ScaleSettings           `json:"scaleSettings"`
	UserAccountCredentials      *UserAccountCredentials `json:"userAccountCredentials,omitempty"`
	Subnet                      *ResourceID             `json:"subnet,omitempty"`
	RemoteLoginPortPublicAccess string                  `json:"remoteLoginPortPublicAccess"`
	EnableNodePublicIP          bool                    `json:"enableNodePublicIp"`
}

// ScaleSettings is the cluster's autoscale range.
type ScaleSettings struct {
	MaxNodeCount                int    `json:"maxNodeCount"`
	MinNodeCount                int    `json:"minNodeCount"`
	NodeIdleTimeBeforeScaleDown string `json:"nodeIdleTimeBeforeScaleDown"`
}

// UserAccountCredentials is the nodes' admin account. The password is
// always a reference to a securestring parameter, never a value.
type UserAccountCredentials struct {
	AdminUserName         string `json:"adminUserName"`
	AdminUserSSHPublicKey string `json:"adminUserSshPublicKey,omitempty"`
	AdminUserPassword     string `json:"adminUserPassword,omitempty"`
}

// ResourceID refers to another resource by its ID.
type ResourceID struct {
	ID string `json:"id"`
}

// symbol is a Bicep symbolic name and the resource name it stands for.
type symbol struct {
	ident string
	name  string
}

// secret is a securestring parameter and the secret that fills it.
type secret struct {
	param  string
	secret string
}

// The defaults of the spec language, applied when a hand-built model leaves
// a field empty, so that it compiles as the same spec would.
const (
	defaultPublicAccess = "Disabled"
	linux               = "Linux"
)

// Template returns the ARM template that creates the named clusters of ws
// (in the workspace's cluster order; repeated names count once). clusters
// must name at least one cluster: an empty list is an error rather than
// "all", because a create template deployed over an existing cluster
// overwrites it.
//
// Parameter, resource and output names are derived from the whole
// workspace, so a cluster has the same names whichever subset it is
// compiled in.
func Template(ws *schema.Workspace, clusters []string) (*ARMTemplate, error) {
	b, err := newBuilder(ws)
	if err != nil {
		return nil, err
	}
	return b.template(clusters)
}

// Parameters returns the securestring parameters of Template(ws, clusters)
// and, for each, the name of the secret whose value it takes (amlc apply
// reads it from AMLC_SECRET_<NAME> or --secret NAME=@FILE).
func Parameters(ws *schema.Workspace, clusters []string) (map[string]string, error) {
	t, err := Template(ws, clusters)
	if err != nil {
		return nil, err
	}
	params := make(map[string]string, len(t.secrets))
	for _, s := range t.secrets {
		params[s.param] = s.secret
	}
	return params, nil
}

// builder holds one workspace's clusters in name order and the names
// derived from all of them.
type builder struct {
	ws       *schema.Workspace
	clusters []*schema.Cluster // sorted by name
	wsIdent  string
	idents   map[string]string // cluster name → resource ident
	params   map[string]string // secret name → parameter name
}

func newBuilder(ws *schema.Workspace) (*builder, error) {
	if ws == nil {
		return nil, fmt.Errorf("compiler: no workspace")
	}
	if ws.Name == "" {
		return nil, fmt.Errorf("compiler: workspace %q has no name", ws.Key)
	}
	b := &builder{
		ws:       ws,
		clusters: make([]*schema.Cluster, 0, len(ws.Clusters)),
		idents:   make(map[string]string, len(ws.Clusters)),
		params:   map[string]string{},
	}
	for i := range ws.Clusters {
		b.clusters = append(b.clusters, &ws.Clusters[i])
	}
	slices.SortStableFunc(b.clusters, func(x, y *schema.Cluster) int { return strings.Compare(x.Name, y.Name) })
	var secrets []string
	for i, c := range b.clusters {
		if c.Name == "" {
			return nil, fmt.Errorf("compiler: workspace %q has a cluster without a name", ws.Key)
		}
		if i > 0 && b.clusters[i-1].Name == c.Name {
			return nil, fmt.Errorf("compiler: workspace %q has two clusters named %q", ws.Key, c.Name)
		}
		if c.SSH != nil && c.SSH.PasswordSecret != "" {
			secrets = append(secrets, c.SSH.PasswordSecret)
		}
	}
	slices.Sort(secrets)
	secrets = slices.Compact(secrets)

	// The workspace first, then the parameters (their names are what a
	// user passing them by hand sees), then the clusters.
	n := newNamer()
	b.wsIdent = n.name("workspace", "workspace")
	for _, s := range secrets {
		b.params[s] = n.name(s, "secret")
	}
	for _, c := range b.clusters {
		b.idents[c.Name] = n.name(c.Name, "cluster")
	}
	return b, nil
}

func (b *builder) template(names []string) (*ARMTemplate, error) {
	want := make(map[string]bool, len(names))
	for _, n := range names {
		want[n] = true
	}
	var missing []string
	for n := range want {
		if _, ok := b.idents[n]; !ok { // every cluster has an ident
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return nil, fmt.Errorf("compiler: workspace %q has no cluster %s", b.ws.Key, strings.Join(quoteAll(missing), ", "))
	}
	if len(want) == 0 {
		return nil, fmt.Errorf("compiler: no clusters selected in workspace %q", b.ws.Key)
	}

	t := &ARMTemplate{
		Schema:         TemplateSchema,
		ContentVersion: ContentVersion,
		Metadata:       &TemplateMetadata{GeneratorInfo{Generator}},
		Parameters:     Object[Parameter]{},
		Resources:      make([]Resource, 0, len(want)),
		Outputs:        make(Object[Output], 0, len(want)),
		workspace:      &symbol{b.wsIdent, b.ws.Name},
		clusters:       make([]symbol, 0, len(want)),
		outputs:        make([]string, 0, len(want)),
	}
	users := map[string][]string{} // secret → clusters that use it
	for _, c := range b.clusters {
		if !want[c.Name] {
			continue
		}
		r, err := b.resource(c)
		if err != nil {
			return nil, err
		}
		ident := b.idents[c.Name]
		t.Resources = append(t.Resources, r)
		t.clusters = append(t.clusters, symbol{ident, c.Name})
		t.Outputs = append(t.Outputs, Member[Output]{ident + "Id", Output{
			Type:  "string",
			Value: "[resourceId(" + quotedComputeType + ", " + armQuote(b.ws.Name) + ", " + armQuote(c.Name) + ")]",
		}})
		t.outputs = append(t.outputs, ident)
		if c.SSH != nil && c.SSH.PasswordSecret != "" {
			users[c.SSH.PasswordSecret] = append(users[c.SSH.PasswordSecret], c.Name)
		}
	}
	secrets := make([]string, 0, len(users))
	for s := range users {
		secrets = append(secrets, s)
	}
	// Parameters in the order of their names, as a reader looks them up.
	slices.SortFunc(secrets, func(x, y string) int { return strings.Compare(b.params[x], b.params[y]) })
	for _, s := range secrets {
		p := b.params[s]
		t.Parameters = append(t.Parameters, Member[Parameter]{p, Parameter{
			Type:     "securestring",
			Metadata: &ParameterMetadata{Description: passwordDescription(s, users[s])},
		}})
		t.secrets = append(t.secrets, secret{p, s})
	}
	return t, nil
}

func passwordDescription(secret string, clusters []string) string {
	noun := "cluster"
	if len(clusters) > 1 {
		noun = "clusters"
	}
	return fmt.Sprintf("Password of the SSH admin user of %s %s; amlc fills it from the secret %s.",
		noun, strings.Join(clusters, ", "), secret)
}

func (b *builder) resource(c *schema.Cluster) (Resource, error) {
	ws := b.ws
	if c.IdleTimeBeforeScaleDown < 0 {
		return Resource{}, fmt.Errorf("compiler: cluster %s: negative idleTimeBeforeScaleDown %v", schema.Address(ws, c), c.IdleTimeBeforeScaleDown)
	}
	location := cmp.Or(c.Location, ws.Location)
	if location == "" {
		return Resource{}, fmt.Errorf("compiler: cluster %s has no location", schema.Address(ws, c))
	}
	r := Resource{
		Type:       ComputeResourceType,
		APIVersion: APIVersion,
		Name:       childName(ws.Name, c.Name),
		Location:   armLiteral(location),
		Properties: ComputeProperties{
			ComputeType:      "AmlCompute",
			Description:      armLiteral(c.Description),
			DisableLocalAuth: !c.LocalAuth,
			Properties: AmlComputeProperties{
				VMSize:     armLiteral(c.VMSize),
				VMPriority: cmp.Or(c.Priority, schema.Dedicated),
				OSType:     cmp.Or(c.OSType, linux),
				ScaleSettings: ScaleSettings{
					MaxNodeCount:                c.MaxNodes,
					MinNodeCount:                c.MinNodes,
					NodeIdleTimeBeforeScaleDown: ISODuration(c.IdleTimeBeforeScaleDown),
				},
				// No ssh block means no admin credentials, so nobody can log
				// in; say "Disabled" rather than leave it to the service,
				// whose default (NotSpecified) opens the port when there is
				// no virtual network.
				RemoteLoginPortPublicAccess: defaultPublicAccess,
				EnableNodePublicIP:          true,
				IsolatedNetwork:             c.IsolatedNetwork,
			},
		},
	}
	if location != ws.Location && !catalog.SameRegion(location, ws.Location) {
		r.Properties.ComputeLocation = armLiteral(location)
	}
	if len(c.Tags) > 0 {
		keys := make([]string, 0, len(c.Tags))
		for k := range c.Tags {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		r.Tags = make(Object[string], 0, len(keys))
		for _, k := range keys {
			r.Tags = append(r.Tags, Member[string]{armLiteral(k), armLiteral(c.Tags[k])})
		}
	}
	if id := c.Identity; id != nil {
		switch id.Type {
		case schema.SystemAssigned:
			if len(id.IDs) > 0 {
				return Resource{}, fmt.Errorf("compiler: cluster %s: a system-assigned identity with user-assigned identity IDs", schema.Address(ws, c))
			}
			r.Identity = &Identity{Type: schema.SystemAssigned}
		case schema.UserAssigned:
			if len(id.IDs) == 0 {
				return Resource{}, fmt.Errorf("compiler: cluster %s: a user-assigned identity without IDs", schema.Address(ws, c))
			}
			r.Identity = &Identity{Type: schema.UserAssigned, UserAssignedIdentities: Object[struct{}]{}}
			seen := map[string]bool{}
			for _, s := range id.IDs {
				// Resource IDs compare case-insensitively.
				if seen[strings.ToLower(s)] {
					return Resource{}, fmt.Errorf("compiler: cluster %s: user-assigned identity %q listed twice", schema.Address(ws, c), s)
				}
				seen[strings.ToLower(s)] = true
				r.Identity.UserAssignedIdentities = append(r.Identity.UserAssignedIdentities, Member[struct{}]{Key: armLiteral(s)})
			}
		default:
			return Resource{}, fmt.Errorf("compiler: cluster %s: unknown identity type %q", schema.Address(ws, c), id.Type)
		}
	}
	p := &r.Properties.Properties
	if c.VirtualMachineImage != "" {
		p.VirtualMachineImage = &ResourceID{armLiteral(c.VirtualMachineImage)}
	}
	if n := c.Network; n != nil {
		p.EnableNodePublicIP = n.NodePublicIP
		if n.Subnet != "" {
			p.Subnet = &ResourceID{armLiteral(n.Subnet)}
		}
	}
	if s := c.SSH; s != nil {
		p.RemoteLoginPortPublicAccess = cmp.Or(s.PublicAccess, defaultPublicAccess)
		p.UserAccountCredentials = &UserAccountCredentials{
			AdminUserName:         armLiteral(s.AdminUser),
			AdminUserSSHPublicKey: armLiteral(s.PublicKey),
		}
		if s.PasswordSecret != "" {
			p.UserAccountCredentials.AdminUserPassword = "[parameters(" + armQuote(b.params[s.PasswordSecret]) + ")]"
		}
	}
	return r, nil
}

// childName is the name of a cluster resource as bicep build writes a
// child of a parent resource: "[format('{0}/{1}', 'ws', 'cluster')]". A
// literal "ws/cluster" would fail the schema of 2026-05-01, which puts the
// compute-name pattern on name; an expression is not matched against it.
func childName(workspace, cluster string) string {
	return "[format('{0}/{1}', " + armQuote(workspace) + ", " + armQuote(cluster) + ")]"
}

// SplitChildName reads the name of a cluster resource as childName writes
// it, "[format('{0}/{1}', 'ws', 'cluster')]", and returns the workspace
// and cluster names; false for any other name.
func SplitChildName(name string) (workspace, cluster string, ok bool) {
	const head, sep, tail = "[format('{0}/{1}', '", "', '", "')]"
	rest, ok := strings.CutPrefix(name, head)
	if !ok {
		return "", "", false
	}
	rest, ok = strings.CutSuffix(rest, tail)
	if !ok {
		return "", "", false
	}
	// Both names are quoted with '' for a quote; the separator is the
	// first ', ' not inside a doubled quote.
	for i := 0; i+len(sep) <= len(rest); i++ {
		if rest[i] != '\'' {
			continue
		}
		if strings.HasPrefix(rest[i:], "''") {
			i++
			continue
		}
		if !strings.HasPrefix(rest[i:], sep) {
			return "", "", false
		}
		ws, cl := rest[:i], rest[i+len(sep):]
		if strings.Count(strings.ReplaceAll(cl, "''", ""), "'") > 0 {
			return "", "", false
		}
		return strings.ReplaceAll(ws, "''", "'"), strings.ReplaceAll(cl, "''", "'"), true
	}
	return "", "", false
}

// armLiteral writes a literal string so that ARM does not read it as an
// expression: one that starts with "[" and ends with "]" gets a second "[".
func armLiteral(s string) string {
	if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
		return "[" + s
	}
	return s
}

// quotedComputeType is armQuote(ComputeResourceType).
const quotedComputeType = "'" + ComputeResourceType + "'"

// armQuote writes s as a string literal inside an ARM expression.
func armQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

func quoteAll(ss []string) []string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return q
}
