package armfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// newCompute validates the body of a create and returns the compute it
// makes, in state Creating. A compute of the same name that was detached
// (deleted with underlyingResourceAction=Detach) comes back with its old
// create-only settings, whatever the body says: the behaviour behind
// "compute cluster doesn't recreate with updated vmSize" [ISS-18889],
// which made Terraform delete with Delete instead [TF-PR].
func (s *Server) newCompute(ws *Workspace, name string, b *computeBody, now time.Time) (*Compute, *armError) {
	if err := checkComputeName(name); err != nil {
		return nil, err
	}
	return s.buildCompute(ws, name, b, now)
}

// buildCompute is newCompute without the name rule, for a seeded compute
// that was created when the service allowed its name (SeedCompute).
func (s *Server) buildCompute(ws *Workspace, name string, b *computeBody, now time.Time) (*Compute, *armError) {
	if err := checkComputeType(b); err != nil {
		return nil, err
	}
	p := b.Properties.Properties
	if p == nil {
		return nil, badRequest("properties.properties is required for computeType AmlCompute.")
	}
	c := &Compute{
		ID: computeID(ws, name), Subscription: ws.Subscription, ResourceGroup: ws.ResourceGroup, Workspace: ws.Name, Name: name,
		Location: ws.Location, ProvisioningState: StateCreating, CreatedOn: now, ModifiedOn: now,
		EnableNodePublicIP: true,
	}
	if b.Location != nil && *b.Location != "" {
		c.Location = *b.Location
	}
	c.ComputeLocation = c.Location
	if loc := b.Properties.ComputeLocation; loc != "" {
		c.ComputeLocation = loc
	}
	if d := b.Properties.Description; d != nil {
		c.Description = *d
	}
	if v := b.Properties.DisableLocalAuth; v != nil {
		c.DisableLocalAuth = *v
	}
	if b.Tags != nil && len(*b.Tags) > 0 {
		c.Tags = *b.Tags
	}
	if b.Identity != nil {
		id, err := parseIdentity(b.Identity, nil)
		if err != nil {
			return nil, err
		}
		c.Identity = id
	}
	c.SKU = jsonOrNil(b.Sku)
	c.PropertyBag = jsonOrNil(p.PropertyBag)
	if err := s.setAmlProperties(c, p); err != nil {
		return nil, err
	}
	if old := s.st.detached[key(ws.Subscription, ws.ResourceGroup, ws.Name, name)]; old != nil {
		keepCreateOnly(c, old)
	}
	return c, nil
}

// checkComputeType requires properties.computeType AmlCompute.
func checkComputeType(b *computeBody) *armError {
	if b.Properties == nil {
		return badRequest("properties is required.")
	}
	switch t := b.Properties.ComputeType; {
	case t == "":
		return badRequest("properties.computeType is required.")
	case !strings.EqualFold(t, amlCompute):
		return badRequest("computeType '%s' is not supported by this fake: it simulates AmlCompute clusters only.", t)
	}
	return nil
}

// setAmlProperties validates properties.properties of a create into c.
func (s *Server) setAmlProperties(c *Compute, p *amlPropsBody) *armError {
	if p.VMSize == "" {
		return badRequest("properties.properties.vmSize is required.")
	}
	size, ok := s.cat.sizes.Lookup(p.VMSize)
	if !ok || !size.SupportsAmlCompute() {
		return badRequest("The VM size '%s' is not supported for AmlCompute in this region; list the supported sizes with the VirtualMachineSizes API.", p.VMSize)
	}
	c.VMSize = p.VMSize
	var good bool
	if c.VMPriority, good = oneOf(orDefault(p.VMPriority, defaultPriority), "Dedicated", "LowPriority"); !good {
		return badRequest("properties.properties.vmPriority '%s' is invalid: want Dedicated or LowPriority.", p.VMPriority)
	}
	if c.VMPriority == "LowPriority" && !size.LowPriorityCapable {
		return badRequest("The VM size '%s' cannot be used with vmPriority LowPriority.", p.VMSize)
	}
	if c.OSType, good = oneOf(orDefault(p.OSType, defaultOSType), "Linux", "Windows"); !good {
		return badRequest("properties.properties.osType '%s' is invalid: want Linux or Windows.", p.OSType)
	}
	if p.ScaleSettings == nil {
		return badRequest("properties.properties.scaleSettings is required.")
	}
	var err *armError
	if c.MinNodes, c.MaxNodes, c.IdleTimeBeforeScaleDown, err = parseScale(p.ScaleSettings, nil); err != nil {
		return err
	}
	if img := p.VirtualMachineImage; img != nil {
		if img.ID == "" {
			return badRequest("properties.properties.virtualMachineImage.id is required.")
		}
		c.VirtualMachineImage = img.ID
	}
	if p.IsolatedNetwork != nil {
		c.IsolatedNetwork = *p.IsolatedNetwork
	}
	if p.EnableNodePublicIP != nil {
		c.EnableNodePublicIP = *p.EnableNodePublicIP
	}
	if sn := p.Subnet; sn != nil {
		if !subnetID.MatchString(sn.ID) {
			return badRequest("properties.properties.subnet.id '%s' is not a subnet resource ID.", sn.ID)
		}
		c.Subnet = sn.ID
	}
	if cr := p.UserAccountCredentials; cr != nil {
		if cr.AdminUserName == "" {
			return badRequest("properties.properties.userAccountCredentials.adminUserName is required.")
		}
		c.AdminUserName, c.AdminUserPassword, c.AdminUserSSHPublicKey = cr.AdminUserName, cr.AdminUserPassword, cr.AdminUserSSHPublicKey
	}
	access, good := oneOf(orDefault(p.RemoteLoginPortPublicAccess, "NotSpecified"), "Enabled", "Disabled", "NotSpecified")
	if !good {
		return badRequest("properties.properties.remoteLoginPortPublicAccess '%s' is invalid: want Enabled, Disabled or NotSpecified.", p.RemoteLoginPortPublicAccess)
	}
	if access == "NotSpecified" {
		// "after creation it will be either enabled or disabled": closed
		// in a VNet, open otherwise [SW].
		access = "Enabled"
		if c.Subnet != "" {
			access = "Disabled"
		}
	}
	c.RemoteLoginPortPublicAccess = access
	return nil
}

// keepCreateOnly copies the create-only settings of old into c.
func keepCreateOnly(c, old *Compute) {
	c.ComputeLocation, c.DisableLocalAuth = old.ComputeLocation, old.DisableLocalAuth
	c.VMSize, c.VMPriority, c.OSType = old.VMSize, old.VMPriority, old.OSType
	c.Subnet, c.EnableNodePublicIP, c.IsolatedNetwork = old.Subnet, old.EnableNodePublicIP, old.IsolatedNetwork
	c.RemoteLoginPortPublicAccess, c.VirtualMachineImage = old.RemoteLoginPortPublicAccess, old.VirtualMachineImage
	c.AdminUserName, c.AdminUserPassword, c.AdminUserSSHPublicKey = old.AdminUserName, old.AdminUserPassword, old.AdminUserSSHPublicKey
}

// overwriteCompute applies a PUT over an existing compute, to a copy.
// "This call will overwrite a compute if it exists" [SW]; what a changed
// create-only setting does then is undocumented (the "Update a AML
// Compute" example's answer and [ISS-18889] show the old settings kept).
// The fake takes the settings clients change this way, each when the body
// has it: scale settings, description, tags and identity (az ml compute
// update and Terraform re-PUT the whole compute for these). A create-only
// setting the body has must equal the compute's (checkCreateOnly): one
// that differs is refused, so that no client comes to rely on a change
// that Azure may ignore. A create-only setting the body leaves out is
// kept, as az ml's re-PUT leaves out osType and the SSH settings.
func (s *Server) overwriteCompute(cur *Compute, b *computeBody, now time.Time) (*Compute, *armError) {
	if err := checkComputeType(b); err != nil {
		return nil, err
	}
	if err := checkCreateOnly(cur, b); err != nil {
		return nil, err
	}
	c := cur.clone()
	c.ModifiedOn = now
	c.errors = nil
	if p := b.Properties.Properties; p != nil && p.ScaleSettings != nil {
		var err *armError
		if c.MinNodes, c.MaxNodes, c.IdleTimeBeforeScaleDown, err = parseScale(p.ScaleSettings, cur); err != nil {
			return nil, err
		}
	}
	if d := b.Properties.Description; d != nil {
		c.Description = *d
	}
	if b.Tags != nil {
		c.Tags = nil
		if len(*b.Tags) > 0 {
			c.Tags = *b.Tags
		}
	}
	if b.Identity != nil {
		id, err := parseIdentity(b.Identity, nil)
		if err != nil {
			return nil, err
		}
		c.Identity = id
	}
	return c, nil
}

// checkCreateOnly refuses a PUT over cur whose body changes a setting
// that can only be set at creation: 400 BadRequest, ARM's error envelope,
// naming the property.
func checkCreateOnly(cur *Compute, b *computeBody) *armError {
	changed := func(prop, was, now string) *armError {
		return badRequest("Property '%s' of the existing compute '%s' cannot be changed: it is set when the compute is created (it is '%s', the request says '%s'). Delete the compute and create it again.",
			prop, cur.Name, was, now)
	}
	fold := func(prop, was string, now *string) *armError {
		if now != nil && !strings.EqualFold(strings.ReplaceAll(was, " ", ""), strings.ReplaceAll(*now, " ", "")) {
			return changed(prop, was, *now)
		}
		return nil
	}
	boolean := func(prop string, was bool, now *bool) *armError {
		if now != nil && *now != was {
			return changed(prop, fmt.Sprint(was), fmt.Sprint(*now))
		}
		return nil
	}
	str := func(v string) *string {
		if v == "" {
			return nil
		}
		return &v
	}
	pr := b.Properties
	errs := []*armError{
		fold("location", cur.Location, b.Location),
		fold("properties.computeLocation", cur.ComputeLocation, str(pr.ComputeLocation)),
		boolean("properties.disableLocalAuth", cur.DisableLocalAuth, pr.DisableLocalAuth),
	}
	if p := pr.Properties; p != nil {
		errs = append(errs,
			fold("properties.properties.vmSize", cur.VMSize, str(p.VMSize)),
			fold("properties.properties.vmPriority", cur.VMPriority, str(p.VMPriority)),
			fold("properties.properties.osType", cur.OSType, str(p.OSType)),
			boolean("properties.properties.enableNodePublicIp", cur.EnableNodePublicIP, p.EnableNodePublicIP),
			boolean("properties.properties.isolatedNetwork", cur.IsolatedNetwork, p.IsolatedNetwork),
			fold("properties.properties.remoteLoginPortPublicAccess", cur.RemoteLoginPortPublicAccess, str(p.RemoteLoginPortPublicAccess)),
		)
		if p.Subnet != nil {
			errs = append(errs, fold("properties.properties.subnet.id", cur.Subnet, &p.Subnet.ID))
		}
		if p.VirtualMachineImage != nil {
			errs = append(errs, fold("properties.properties.virtualMachineImage.id", cur.VirtualMachineImage, &p.VirtualMachineImage.ID))
		}
		if cr := p.UserAccountCredentials; cr != nil {
			errs = append(errs, fold("properties.properties.userAccountCredentials.adminUserName", cur.AdminUserName, &cr.AdminUserName))
			// Secrets: compared, never printed.
			if cr.AdminUserPassword != "" && cr.AdminUserPassword != cur.AdminUserPassword ||
				cr.AdminUserSSHPublicKey != "" && cr.AdminUserSSHPublicKey != cur.AdminUserSSHPublicKey {
				errs = append(errs, badRequest("Property 'properties.properties.userAccountCredentials' of the existing compute '%s' cannot be changed: it is set when the compute is created. Delete the compute and create it again.", cur.Name))
			}
		}
	}
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// jsonOrNil returns a copy of a member as sent, nil when it was absent or
// null.
func jsonOrNil(raw json.RawMessage) json.RawMessage {
	if t := bytes.TrimSpace(raw); len(t) == 0 || bytes.Equal(t, []byte("null")) {
		return nil
	}
	return bytes.Clone(raw)
}
