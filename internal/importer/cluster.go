package importer

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/amlc-dev/amlc/internal/catalog"
	"github.com/amlc-dev/amlc/schema"
)

// cluster maps the compute of one file. Errors and notes go to m; the
// cluster is only used when there are no errors.
func (m *mapper) cluster(root *node) *schema.Cluster {
	m.unmapped(root, "", topFields, topReadOnly)
	c := &schema.Cluster{
		Priority: schema.Dedicated,
		OSType:   "Linux",
		Location: m.ws.Location,
	}
	if f := present(root, "name"); f == nil {
		m.errorf(root.line, "name is missing; every compute needs one")
	} else if s, ok := m.str(f, "name"); ok {
		if s == "" {
			m.errorf(f.line, "name is empty")
		}
		c.Name, m.nameLine = s, f.line
	}
	if f := present(root, "description"); f != nil {
		c.Description, _ = m.text(f, "description")
	}
	if f := present(root, "location"); f != nil {
		if loc, ok := m.str(f, "location"); ok && loc != "" {
			norm := strings.ToLower(strings.Join(strings.Fields(loc), ""))
			if norm != loc {
				m.note(f.line, "location %q read as %q, the ARM spelling", loc, norm)
			}
			if !strings.EqualFold(norm, strings.Join(strings.Fields(m.ws.Location), "")) {
				c.Location = norm
			}
		}
	}
	m.size(root, c)
	m.tier(root, c)
	m.scale(root, c)
	if f := present(root, "tags"); f != nil {
		if t, ok := m.mapping(f, "tags"); ok {
			for _, tf := range t.fields {
				if v, ok := m.text(tf, "tags."+tf.key); ok {
					if c.Tags == nil {
						c.Tags = map[string]string{}
					}
					c.Tags[tf.key] = v
				}
			}
		}
	}
	m.identity(root, c)
	m.network(root, c)
	m.ssh(root, c)
	m.note(0, "localAuth is not in the az ml YAML: wrote amlc's default, localAuth: false; it cannot change after creation, so for an existing cluster check that it matches")
	return c
}

func (m *mapper) size(root *node, c *schema.Cluster) {
	f := present(root, "size")
	if f == nil {
		c.VMSize = DefaultSize
		m.note(0, "size not given: wrote the az ml default, vmSize: %q", DefaultSize)
		return
	}
	s, ok := m.str(f, "size")
	if !ok {
		return
	}
	c.VMSize = s
	if size, ok := catalog.Default().Lookup(s); ok {
		c.VMSize = size.Name
	}
}

func (m *mapper) tier(root *node, c *schema.Cluster) {
	f := present(root, "tier")
	if f == nil {
		m.note(0, "tier not given: wrote the az ml default, priority: %q", schema.Dedicated)
		return
	}
	s, ok := m.str(f, "tier")
	if !ok {
		return
	}
	// The CLI's enum is dedicated | low_priority; Azure's own examples
	// also write lowpriority.
	switch strings.NewReplacer("_", "", "-", "", " ", "").Replace(strings.ToLower(s)) {
	case "dedicated":
		c.Priority = schema.Dedicated
	case "lowpriority":
		c.Priority = schema.LowPriority
		m.note(f.line, "tier %s: priority: %q; since 2026-03-31 Azure ML allocates low-priority nodes as Spot VMs: the price varies (at most pay-as-you-go), nodes can be evicted, and evicted nodes are billed while they are still on", s, schema.LowPriority)
	default:
		m.errorf(f.line, "tier %q is not dedicated or low_priority", s)
	}
}

// scale maps the scale settings as azure-ai-ml sends them
// (AmlCompute.__init__ and _to_rest_object at 066f201e): min_instances
// "or 0", max_instances "or 1" (so 0 sends 1), and no
// nodeIdleTimeBeforeScaleDown when idle_time_before_scale_down is absent
// or 0, which leaves the service's default, 120 seconds per the az ml
// YAML reference.
func (m *mapper) scale(root *node, c *schema.Cluster) {
	if f := present(root, "min_instances"); f == nil {
		c.MinNodes = DefaultMinNodes
		m.note(0, "min_instances not given: wrote the az ml default, minNodes: %d", DefaultMinNodes)
	} else if n, ok := m.count(f, "min_instances"); ok {
		c.MinNodes = n
	}
	if f := present(root, "max_instances"); f == nil {
		c.MaxNodes = DefaultMaxNodes
		m.note(0, "max_instances not given: az ml sends maxNodeCount %d (its YAML reference agrees; the CLI's help and newer SDKs say 4), so wrote maxNodes: %d", DefaultMaxNodes, DefaultMaxNodes)
	} else if n, ok := m.count(f, "max_instances"); ok {
		c.MaxNodes = n
		if n == 0 {
			c.MaxNodes = DefaultMaxNodes
			m.note(f.line, "max_instances: 0: az ml sends maxNodeCount %d instead (it takes 0 as not given), so wrote maxNodes: %d", DefaultMaxNodes, DefaultMaxNodes)
		}
	}
	f := present(root, "idle_time_before_scale_down")
	if f == nil {
		c.IdleTimeBeforeScaleDown = DefaultIdleSeconds * time.Second
		m.note(0, "idle_time_before_scale_down not given: az ml sends no idle time, which leaves the default of %d seconds; wrote it, idleTimeBeforeScaleDown: %q",
			DefaultIdleSeconds, FormatDuration(c.IdleTimeBeforeScaleDown))
		return
	}
	n, ok := m.integer(f, "idle_time_before_scale_down")
	switch {
	case !ok:
	case n < 0:
		m.errorf(f.line, "idle_time_before_scale_down must not be negative")
	case n > math.MaxInt64/int64(time.Second):
		m.errorf(f.line, "idle_time_before_scale_down is too large")
	case n == 0:
		c.IdleTimeBeforeScaleDown = DefaultIdleSeconds * time.Second
		m.note(f.line, "idle_time_before_scale_down: 0: az ml sends no idle time for 0 (it takes 0 as not given), which leaves the default of %d seconds; wrote it, idleTimeBeforeScaleDown: %q",
			DefaultIdleSeconds, FormatDuration(c.IdleTimeBeforeScaleDown))
	default:
		c.IdleTimeBeforeScaleDown = time.Duration(n) * time.Second
	}
}

// count reads a node count: a whole number from 0 to Azure's int32 limit.
func (m *mapper) count(f *field, path string) (int, bool) {
	n, ok := m.integer(f, path)
	switch {
	case !ok:
		return 0, false
	case n < 0:
		m.errorf(f.line, "%s must not be negative", path)
		return 0, false
	case n > math.MaxInt32:
		m.errorf(f.line, "%s is larger than Azure allows (%d)", path, math.MaxInt32)
		return 0, false
	}
	return int(n), true
}

func (m *mapper) identity(root *node, c *schema.Cluster) {
	f := present(root, "identity")
	if f == nil {
		return
	}
	id, ok := m.mapping(f, "identity")
	if !ok {
		return
	}
	m.unmapped(id, "identity.", identityFields, identityReadOnly)
	var ids []string
	var idsLine int
	if uf := present(id, "user_assigned_identities"); uf != nil {
		idsLine = uf.line
		if uf.val.kind != kindList {
			m.errorf(uf.line, "identity.user_assigned_identities must be a list, not %s", uf.val.kind)
			return
		}
		for i, e := range uf.val.elems {
			path := fmt.Sprintf("identity.user_assigned_identities[%d]", i)
			switch e.kind {
			case kindString: // as the CLI's --user-assigned-identities flag takes them
				ids = append(ids, e.text)
			case kindMap:
				m.unmapped(e, path+".", uaiFields, uaiReadOnly)
				rf := present(e, "resource_id")
				if rf == nil {
					m.note(e.line, "not mapped: %s has no resource_id", path)
					continue
				}
				if s, ok := m.str(rf, path+".resource_id"); ok {
					ids = append(ids, s)
				}
			default:
				m.errorf(e.line, "%s must be a mapping with resource_id, not %s", path, e.kind)
			}
		}
	}
	tf := present(id, "type")
	if tf == nil {
		if len(ids) > 0 {
			c.Identity = &schema.Identity{Type: schema.UserAssigned, IDs: ids}
			m.note(f.line, "identity has no type: wrote type: %q for its user_assigned_identities", schema.UserAssigned)
			return
		}
		m.note(f.line, "not mapped: identity without a type")
		return
	}
	typ, ok := m.str(tf, "identity.type")
	if !ok {
		return
	}
	parts := strings.Split(strings.NewReplacer("_", "", "-", "", " ", "").Replace(strings.ToLower(typ)), ",")
	has := func(p string) bool {
		for _, x := range parts {
			if x == p {
				return true
			}
		}
		return false
	}
	switch {
	case len(parts) == 1 && parts[0] == "none":
		if len(ids) > 0 {
			m.note(idsLine, "not mapped: identity.user_assigned_identities, because identity.type is none")
		}
	case len(parts) == 1 && has("systemassigned"):
		c.Identity = &schema.Identity{Type: schema.SystemAssigned}
		if len(ids) > 0 {
			m.note(idsLine, "not mapped: identity.user_assigned_identities, because identity.type is %s", typ)
		}
	case len(parts) == 1 && has("userassigned"):
		c.Identity = &schema.Identity{Type: schema.UserAssigned, IDs: ids}
		if len(ids) == 0 {
			m.note(tf.line, "identity type %s without user_assigned_identities: wrote ids: []; add the identity resource IDs (amlc vet requires one)", typ)
		}
	case len(parts) == 2 && has("systemassigned") && has("userassigned"):
		if len(ids) == 0 {
			c.Identity = &schema.Identity{Type: schema.SystemAssigned}
			m.note(tf.line, "identity type %s without user_assigned_identities: wrote type: %q", typ, schema.SystemAssigned)
			return
		}
		c.Identity = &schema.Identity{Type: schema.UserAssigned, IDs: ids}
		m.note(tf.line, "not mapped: the system-assigned identity of type %s; an amlc cluster has a system-assigned identity or user-assigned ones, not both, so only the user-assigned identities were written", typ)
	default:
		m.errorf(tf.line, "identity.type %q is not system_assigned, user_assigned, \"system_assigned,user_assigned\" or none", typ)
	}
}

func (m *mapper) network(root *node, c *schema.Cluster) {
	var (
		n      *schema.Network
		netw   = present(root, "network_settings")
		public = present(root, "enable_node_public_ip")
	)
	if netw != nil {
		ns, ok := m.mapping(netw, "network_settings")
		if !ok {
			return
		}
		m.unmapped(ns, "network_settings.", networkFields, networkReadOnly)
		var subnet, vnet string
		sf, vf := present(ns, "subnet"), present(ns, "vnet_name")
		if sf != nil {
			if subnet, ok = m.str(sf, "network_settings.subnet"); !ok {
				return
			}
		}
		if vf != nil {
			if vnet, ok = m.str(vf, "network_settings.vnet_name"); !ok {
				return
			}
		}
		switch {
		case subnet != "" && strings.Contains(subnet, "/"):
			n = &schema.Network{Subnet: subnet}
			if in := vnetOf(subnet); vnet != "" && in != "" && !strings.EqualFold(in, vnet) {
				m.note(vf.line, "not mapped: network_settings.vnet_name %q, because subnet is a resource ID in virtual network %q", vnet, in)
			}
		case subnet != "" && vnet != "":
			n = &schema.Network{Subnet: "/subscriptions/" + m.ws.Subscription + "/resourceGroups/" + m.ws.ResourceGroup +
				"/providers/Microsoft.Network/virtualNetworks/" + vnet + "/subnets/" + subnet}
			m.note(sf.line, "network_settings: built the subnet resource ID from vnet_name %q and subnet %q in the workspace's subscription and resource group %s; if the virtual network is elsewhere, write its subnet resource ID in network.subnet",
				vnet, subnet, m.ws.ResourceGroup)
		case subnet != "":
			m.note(sf.line, "not mapped: network_settings.subnet %q without vnet_name; write the subnet resource ID in network.subnet", subnet)
		case vnet != "":
			m.note(vf.line, "not mapped: network_settings.vnet_name %q without a subnet; write the subnet resource ID in network.subnet", vnet)
		}
	}
	if public != nil {
		b, ok := m.boolean(public, "enable_node_public_ip")
		if !ok {
			return
		}
		if n == nil {
			n = &schema.Network{}
		}
		n.NodePublicIP = b
	} else if n != nil {
		n.NodePublicIP = true
	}
	c.Network = n
}

// vnetOf returns the virtual network of a subnet resource ID, or "".
func vnetOf(id string) string {
	parts := strings.Split(id, "/")
	for i := 0; i+1 < len(parts); i++ {
		if strings.EqualFold(parts[i], "virtualNetworks") {
			return parts[i+1]
		}
	}
	return ""
}

// publicKeyRE matches the OpenSSH public keys amlc vet accepts.
var publicKeyRE = regexp.MustCompile(`^(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/]+={0,3}( .*)?$`)

// pathRE matches what the CLI reads as a key file rather than key text:
// "@file", "~/…", absolute and relative paths, Windows paths, "*.pub".
var pathRE = regexp.MustCompile(`^(@|~|/|\./|\.\./|[A-Za-z]:[\\/])|^\S+\.pub$`)

// ssh maps ssh_public_access_enabled and ssh_settings the way azure-ai-ml
// sends them (AmlCompute._to_rest_object, azure-sdk-for-python
// sdk/ml/azure-ai-ml/azure/ai/ml/entities/_compute/aml_compute.py at
// 066f201e): remoteLoginPortPublicAccess is "Enabled" or "Disabled" for
// true or false and "NotSpecified" when the field is absent, with or
// without ssh_settings. The service turns NotSpecified into an open port
// without a virtual network ("NotSpecified - Indicates that the public
// ssh port is closed on all nodes of the cluster if VNet is defined, else
// is open all public nodes", AmlComputeProperties).
func (m *mapper) ssh(root *node, c *schema.Cluster) {
	access := present(root, "ssh_public_access_enabled")
	publicAccess := "NotSpecified"
	if access != nil {
		enabled, ok := m.boolean(access, "ssh_public_access_enabled")
		if !ok {
			return
		}
		publicAccess = "Disabled"
		if enabled {
			publicAccess = "Enabled"
		}
	}
	f := present(root, "ssh_settings")
	if f == nil {
		switch publicAccess {
		case "Enabled":
			// Kept, so that nothing the file says is lost; amlc vet refuses
			// it (SPEC.md §2: publicAccess "Enabled" needs SSH credentials).
			c.SSH = &schema.SSH{PublicAccess: publicAccess}
			m.note(access.line, "ssh_public_access_enabled: true without ssh_settings: az ml sends remoteLoginPortPublicAccess Enabled, an open SSH port without an admin account; kept as ssh: publicAccess: \"Enabled\", which amlc vet refuses until ssh has an adminUser and a publicKey or password (or write publicAccess: \"Disabled\")")
		case "NotSpecified":
			m.note(0, "ssh_public_access_enabled and ssh_settings not given: az ml sends remoteLoginPortPublicAccess NotSpecified, which Azure turns into an open SSH port without a virtual network, though no admin account exists; amlc writes no ssh block, which creates the cluster with the port closed (Disabled)")
		}
		return
	}
	ss, ok := m.mapping(f, "ssh_settings")
	if !ok {
		return
	}
	m.unmapped(ss, "ssh_settings.", sshFields, nil)
	s := &schema.SSH{PublicAccess: publicAccess}
	uf := present(ss, "admin_username")
	if uf != nil {
		s.AdminUser, _ = m.str(uf, "ssh_settings.admin_username")
	}
	if kf := present(ss, "ssh_key_value"); kf != nil {
		if key, ok := m.str(kf, "ssh_settings.ssh_key_value"); ok {
			key = strings.TrimSpace(key)
			switch {
			case publicKeyRE.MatchString(key):
				s.PublicKey = key
			case pathRE.MatchString(key):
				m.note(kf.line, "ssh_settings.ssh_key_value %q is a file path and could not be read (amlc import reads no files); write the public key text in ssh.publicKey", key)
			case key != "":
				m.note(kf.line, "not mapped: ssh_settings.ssh_key_value is not an OpenSSH public key (ssh-rsa, ssh-ed25519 or ecdsa-sha2-nistp…); write the public key text in ssh.publicKey")
			}
		}
	}
	pf := present(ss, "admin_password")
	if pf != nil {
		switch pf.val.kind {
		case kindString, kindInt, kindFloat, kindBool:
			if pf.val.text == "" {
				pf = nil
			}
		default:
			// Never say more about the value than its kind.
			m.errorf(pf.line, "ssh_settings.admin_password must be a string, not %s", pf.val.kind)
			return
		}
	}
	if s.AdminUser == "" {
		m.note(f.line, "not mapped: ssh_settings without admin_username; amlc writes SSH settings only for an admin user, so none were written")
		return
	}
	if pf != nil {
		s.PasswordSecret = m.secretName(c.Name)
		m.note(pf.line, "ssh_settings.admin_password: written as password: secret: %q, never as a value; set AMLC_SECRET_%s to the password (or pass --secret %s=@FILE) when you build or apply",
			s.PasswordSecret, s.PasswordSecret, s.PasswordSecret)
	}
	if access == nil {
		m.note(0, "ssh_public_access_enabled not given: az ml sends remoteLoginPortPublicAccess NotSpecified, so wrote ssh.publicAccess: \"NotSpecified\"; Azure then opens the SSH port unless the cluster has a subnet (amlc vet warns); write \"Disabled\" or \"Enabled\" to decide")
	}
	if s.PublicKey == "" && s.PasswordSecret == "" {
		m.note(f.line, "ssh for %s has no public key or password: add ssh.publicKey or password: secret: \"NAME\" (amlc vet requires one)", s.AdminUser)
	}
	c.SSH = s
}

// secretName names the secret of a cluster's admin password: the cluster
// name in camel case followed by AdminPassword ("gpu-cluster" →
// "gpuClusterAdminPassword"), made unique within the import and valid as
// an amlc secret name (a letter, then letters, digits and '_', at most 64).
func (m *mapper) secretName(cluster string) string {
	base := camelCase(cluster)
	if base == "" || !unicode.IsLetter(rune(base[0])) {
		base = "cluster" + upperFirst(base)
	}
	const suffix = "AdminPassword"
	if len(base) > 64-len(suffix)-3 {
		base = base[:64-len(suffix)-3]
	}
	name := base + suffix
	for i := 2; m.secrets[name]; i++ {
		name = base + suffix + strconv.Itoa(i)
	}
	m.secrets[name] = true
	return name
}

// camelCase joins the ASCII letter-and-digit runs of s: the first as
// written with its first letter in lower case, the others with their first
// letter in upper case.
func camelCase(s string) string {
	var b strings.Builder
	for i, w := range strings.FieldsFunc(s, func(r rune) bool {
		return !(r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)))
	}) {
		if i == 0 {
			if strings.ToUpper(w) == w {
				b.WriteString(strings.ToLower(w)) // "GPU-x" → "gpuX"
			} else {
				b.WriteString(strings.ToLower(w[:1]) + w[1:])
			}
			continue
		}
		b.WriteString(upperFirst(w))
	}
	return b.String()
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
