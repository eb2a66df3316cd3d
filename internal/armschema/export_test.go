package armschema

// NewUnfixed is [New] without the in-memory fix of the Compute definition,
// to show that the fix is still needed.
func NewUnfixed(dir string) (*Validator, error) { return newValidator(dir, false) }
