// Package policy evaluates Azure Policy definitions against AmlCompute
// clusters before they are deployed: each cluster's resource as amlc's
// template would create it (resource.go), read through the aliases of
// Microsoft.MachineLearningServices/workspaces/computes (the table in
// zz_aliases.go, generated from testdata/policy/aliases).
//
// It implements the part of the policy language that the built-ins and
// common custom definitions for this type use: the logical operators
// allOf, anyOf and not; field, value and count conditions (count over a
// [*] alias, or over an array value with current()); the conditions
// equals, notEquals, in, notIn, like, notLike, contains, notContains,
// containsKey, notContainsKey, exists, greater, greaterOrEquals, less and
// lessOrEquals; and the template functions field(), parameters(), empty(),
// concat(), toLower(), toUpper(), length() and current(). Comparisons
// ignore case, as Azure's InvariantCultureIgnoreCase does. A definition
// that needs anything else is reported as not evaluated, naming the
// construct and where it is written; it is never silently passed. Sources:
// MicrosoftDocs/azure-docs, articles/governance/policy/concepts/
// definition-structure-policy-rule.md (ms.date 2025-03-19) and
// how-to/author-policies-for-arrays.md.
//
// Effects become findings: deny an error, audit and auditIfNotExists a
// warning, modify and append a note saying what Azure would change, and
// disabled nothing. Each finding names the definition's display name and
// ID and points at the spec field its alias reads.
//
// The Azure built-ins on workspaces/computes are embedded (builtin/) and
// evaluated as advice.
package policy
