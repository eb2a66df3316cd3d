// Package diag holds amlc's diagnostics as data: a severity, a stable code, a
// one-line summary, an optional detail, the CUE path of the offending value
// and its position in the user's file. Every layer of amlc reports problems
// with these values; printing them (text, JSON, SARIF, GitHub annotations) is
// done by the renderers in this package and never mixed with checking.
package diag
