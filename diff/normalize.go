package diff

import (
	"cmp"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/amlc-dev/amlc/schema"
)

// Normalisation: the rules that decide when a desired and a base value are
// the same although they are spelled differently. Every comparison in the
// mutability table goes through one of these.
//
//   - Durations compare as time.Duration: "120s" = "PT2M" = "PT120S".
//   - VM sizes, priorities, OS types, identity types and public-access
//     values compare ignoring case; regions ignoring case and spaces
//     ("West Europe" = "westeurope"); resource IDs (subnets, user-assigned
//     identities) ignoring case, as ARM compares them; user-assigned
//     identities as sets.
//   - Absent equals empty: no tags = empty tags, no identity = identity type
//     "None", no network = {subnet: none, nodePublicIp: true}, no ssh block
//     = no credentials and publicAccess "Disabled", an empty priority or OS
//     type = the spec default ("Dedicated", "Linux").
//   - Values the service fills in: the service turns a remoteLoginPortPublicAccess
//     of "NotSpecified" into "Enabled" or "Disabled" at creation (closed when
//     the cluster has a subnet, open otherwise) [SW]. So a desired
//     "NotSpecified" matches any base value, and a base "NotSpecified" (from
//     an older spec) matches the value it resolves to.
//   - Secrets: the model holds only secret names, and a plan never holds a
//     value. A base may also say [Unobserved] for a value the service never
//     returns (the SSH public key and password, [SW] Compute_Get); it
//     matches any desired value.

// Unobserved, as the base's SSH.PublicKey or SSH.PasswordSecret, says that
// the base could not see the value: the service returns neither the admin
// password nor the SSH public key ("Any secrets … are not returned", [SW]).
// An observer of live clusters sets it when the cluster has an admin
// account, so that a plan against live state does not replace every
// cluster with SSH credentials. It compares equal to any desired value.
const Unobserved = "(unobserved)"

// The spec defaults the comparisons fill in for empty values.
const (
	defaultPriority     = schema.Dedicated
	defaultOSType       = "Linux"
	defaultPublicAccess = "Disabled"
	notSpecified        = "NotSpecified"
	identityNone        = "None"
)

// ParseDuration parses a duration written either as a Go duration ("90s",
// "30m", "1h30m") or in ISO 8601 ("PT2M", "PT120S", "PT1H30M", "P1D",
// "P1DT12H", "PT1.5S"). ISO designators may be lower case; a leading "-"
// negates. Of the date parts only days are accepted, as 24 hours each:
// years, months and weeks have no fixed length. A fraction is allowed on
// the last part only.
func ParseDuration(s string) (time.Duration, error) {
	body := strings.TrimLeft(s, "+-")
	if len(s)-len(body) > 1 {
		return 0, fmt.Errorf("invalid duration %q", s)
	}
	if body == "" || (body[0] != 'P' && body[0] != 'p') {
		d, err := time.ParseDuration(s)
		if err != nil {
			return 0, fmt.Errorf("invalid duration %q: not a Go duration (\"90s\") or ISO 8601 duration (\"PT90S\")", s)
		}
		return d, nil
	}
	total, err := parseISO(strings.ToUpper(body[1:]))
	if err != nil {
		return 0, fmt.Errorf("invalid ISO 8601 duration %q: %w", s, err)
	}
	if strings.HasPrefix(s, "-") {
		total.Neg(total)
	}
	if !total.IsInt64() {
		return 0, fmt.Errorf("invalid ISO 8601 duration %q: out of range", s)
	}
	return time.Duration(total.Int64()), nil
}

// parseISO parses what follows the "P" of an ISO 8601 duration into
// nanoseconds.
func parseISO(s string) (*big.Int, error) {
	if s == "" {
		return nil, errors.New("no parts")
	}
	total := new(big.Int)
	inTime := false
	parts := 0
	last := byte(0) // the designator of the previous part, for the order check
	fraction := false
	for len(s) > 0 {
		if s[0] == 'T' {
			if inTime {
				return nil, errors.New("a second T")
			}
			inTime = true
			s = s[1:]
			if s == "" {
				return nil, errors.New("T without a time part")
			}
			last = 0
			continue
		}
		if fraction {
			return nil, errors.New("a fraction is allowed on the last part only")
		}
		i := 0
		for i < len(s) && ('0' <= s[i] && s[i] <= '9' || s[i] == '.' || s[i] == ',') {
			i++
		}
		if i == len(s) {
			return nil, fmt.Errorf("number %q without a designator", s)
		}
		num, unit := s[:i], s[i]
		s = s[i+1:]
		var size time.Duration
		switch {
		case !inTime && unit == 'D':
			size = 24 * time.Hour
		case !inTime && (unit == 'Y' || unit == 'M' || unit == 'W'):
			return nil, fmt.Errorf("%c: of the date parts only days (D) are supported", unit)
		case inTime && unit == 'H':
			size = time.Hour
		case inTime && unit == 'M':
			size = time.Minute
		case inTime && unit == 'S':
			size = time.Second
		default:
			return nil, fmt.Errorf("unexpected designator %q", string(unit))
		}
		if last != 0 && order(unit) <= order(last) {
			return nil, fmt.Errorf("%c after %c", unit, last)
		}
		last = unit
		n, frac, err := splitNumber(num)
		if err != nil {
			return nil, err
		}
		fraction = frac != nil
		total.Add(total, n.Mul(n, big.NewInt(int64(size))))
		if frac != nil {
			total.Add(total, frac.Mul(frac, big.NewInt(int64(size))).Quo(frac, pow10(len(num)-strings.IndexAny(num, ".,")-1)))
		}
		parts++
	}
	if parts == 0 {
		return nil, errors.New("no parts")
	}
	return total, nil
}

// order ranks the time designators; D is before T, which resets the check.
func order(unit byte) int { return strings.IndexByte("DHMS", unit) }

// splitNumber splits "12.5" into 12 and 5 (the fraction's digits, nil when
// there is no fraction).
func splitNumber(num string) (n, frac *big.Int, err error) {
	whole, f, hasFrac := strings.Cut(strings.ReplaceAll(num, ",", "."), ".")
	if whole == "" || (hasFrac && f == "") || strings.ContainsAny(f, ".") {
		return nil, nil, fmt.Errorf("bad number %q", num)
	}
	n, ok := new(big.Int).SetString(whole, 10)
	if !ok {
		return nil, nil, fmt.Errorf("bad number %q", num)
	}
	if hasFrac {
		frac, ok = new(big.Int).SetString(f, 10)
		if !ok {
			return nil, nil, fmt.Errorf("bad number %q", num)
		}
	}
	return n, frac, nil
}

func pow10(n int) *big.Int { return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil) }

// isoDuration formats d as the ISO 8601 duration amlc sends: hours,
// minutes and seconds, each only when not zero ("PT0S" for zero), fractions
// of a second with their significant digits only, and a leading "-" when
// negative. It is the spelling the compiler writes into templates.
func isoDuration(d time.Duration) string {
	if d == 0 {
		return "PT0S"
	}
	var b strings.Builder
	u := uint64(d)
	if d < 0 {
		b.WriteByte('-')
		u = -u
	}
	b.WriteString("PT")
	if h := u / uint64(time.Hour); h > 0 {
		b.WriteString(strconv.FormatUint(h, 10) + "H")
	}
	u %= uint64(time.Hour)
	if m := u / uint64(time.Minute); m > 0 {
		b.WriteString(strconv.FormatUint(m, 10) + "M")
	}
	u %= uint64(time.Minute)
	if u > 0 {
		b.WriteString(strconv.FormatUint(u/uint64(time.Second), 10))
		if frac := u % uint64(time.Second); frac > 0 {
			digits := strconv.FormatUint(frac+uint64(time.Second), 10)[1:]
			b.WriteString("." + strings.TrimRight(digits, "0"))
		}
		b.WriteByte('S')
	}
	return b.String()
}

// sameRegion compares region names ignoring case and spaces.
func sameRegion(a, b string) bool { return normRegion(a) == normRegion(b) }

func normRegion(s string) string { return strings.ToLower(strings.ReplaceAll(s, " ", "")) }

// orDefault returns s, or def when s is empty.
func orDefault(s, def string) string { return cmp.Or(s, def) }

// identityType is the cluster's identity type, "None" when it has none.
func identityType(c *schema.Cluster) string {
	if c.Identity == nil || c.Identity.Type == "" {
		return identityNone
	}
	return c.Identity.Type
}

func hasIdentity(c *schema.Cluster) bool { return !strings.EqualFold(identityType(c), identityNone) }

// identityIDs returns the user-assigned identity IDs deduplicated ignoring
// case (the first spelling wins) and sorted ignoring case; nil when none.
func identityIDs(c *schema.Cluster) []string {
	if c.Identity == nil || len(c.Identity.IDs) == 0 {
		return nil
	}
	seen := map[string]bool{}
	var ids []string
	for _, id := range c.Identity.IDs {
		k := strings.ToLower(id)
		if !seen[k] {
			seen[k] = true
			ids = append(ids, id)
		}
	}
	slices.SortFunc(ids, func(x, y string) int {
		return cmp.Or(strings.Compare(strings.ToLower(x), strings.ToLower(y)), strings.Compare(x, y))
	})
	return ids
}

// sameIDs compares two ID lists as sets, ignoring case.
func sameIDs(a, b []string) bool {
	set := func(ids []string) map[string]bool {
		m := map[string]bool{}
		for _, id := range ids {
			m[strings.ToLower(id)] = true
		}
		return m
	}
	x, y := set(a), set(b)
	if len(x) != len(y) {
		return false
	}
	for k := range x {
		if !y[k] {
			return false
		}
	}
	return true
}

// subnet is the cluster's subnet ID, "" when none.
func subnet(c *schema.Cluster) string {
	if c.Network == nil {
		return ""
	}
	return c.Network.Subnet
}

// nodePublicIP is the cluster's enableNodePublicIp, true without a network
// block (the spec default).
func nodePublicIP(c *schema.Cluster) bool { return c.Network == nil || c.Network.NodePublicIP }

// sshField returns one field of the SSH block, "" without one.
func sshField(c *schema.Cluster, f func(*schema.SSH) string) string {
	if c.SSH == nil {
		return ""
	}
	return f(c.SSH)
}

// publicAccess is the cluster's remoteLoginPortPublicAccess as the compiler
// writes it: "Disabled" without an ssh block or a value.
func publicAccess(c *schema.Cluster) string {
	return orDefault(sshField(c, func(s *schema.SSH) string { return s.PublicAccess }), defaultPublicAccess)
}

// samePublicAccess applies the NotSpecified rule (see the top of this file).
func samePublicAccess(desired, base *schema.Cluster) bool {
	d, b := publicAccess(desired), publicAccess(base)
	switch {
	case strings.EqualFold(d, b):
		return true
	case strings.EqualFold(d, notSpecified):
		return true // the service fills it in; any value will do
	case strings.EqualFold(b, notSpecified):
		return strings.EqualFold(d, resolvedPublicAccess(base))
	}
	return false
}

// resolvedPublicAccess is what the service makes of NotSpecified: the port
// is closed when the cluster has a subnet and open otherwise [SW].
func resolvedPublicAccess(c *schema.Cluster) string {
	if subnet(c) != "" {
		return "Disabled"
	}
	return "Enabled"
}

// sameSecretish compares a value the service may hide: a base value of
// [Unobserved] matches anything.
func sameSecretish(desired, base string) bool { return base == Unobserved || desired == base }
