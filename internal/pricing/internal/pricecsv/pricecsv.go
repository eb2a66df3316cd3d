// Package pricecsv reads the price table format of amlc: a CSV file with the
// header armRegionName,armSkuName,retailPriceUSDPerHour (in any order) and
// one row per region and VM size, the hourly USD pay-as-you-go price of one
// Linux VM. It is shared by the generator of the embedded table and by
// `--prices FILE`, so that both read the same format the same way.
package pricecsv

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// The columns of the format, as the Azure Retail Prices API names them.
const (
	ColRegion = "armRegionName"
	ColSize   = "armSkuName"
	ColPrice  = "retailPriceUSDPerHour"
)

// Table is a parsed price table, dense: Prices[r*len(Sizes)+s] is the price
// of Sizes[s] in Regions[r], and 0 means the table has none.
type Table struct {
	Regions []string  // lower case without spaces, sorted
	Sizes   []string  // as written, sorted by Less
	Prices  []float64 // USD per hour
	// Rows counts the rows with a price; Zero the rows whose price was 0,
	// which are dropped: a price of 0 is a gap in the data, not a price.
	Rows, Zero int
}

// Less orders VM size names ignoring case, then by their bytes.
func Less(a, b string) int {
	return cmp.Or(CompareFold(a, b), strings.Compare(a, b))
}

// CompareFold compares two ASCII names ignoring case, without allocating.
func CompareFold(a, b string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		x, y := lower(a[i]), lower(b[i])
		if x != y {
			return cmp.Compare(x, y)
		}
	}
	return cmp.Compare(len(a), len(b))
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + ('a' - 'A')
	}
	return c
}

// NormRegion is a region's ARM spelling: lower case without spaces. A
// name already spelt so is returned as it is, without allocating.
func NormRegion(r string) string {
	plain := true
	for i := 0; i < len(r); i++ {
		if c := r[i]; c == ' ' || c >= 'A' && c <= 'Z' || c >= 0x80 || c < ' ' {
			plain = false
			break
		}
	}
	if plain {
		return r
	}
	return strings.ToLower(strings.Join(strings.Fields(r), ""))
}

// Parse reads a price table. name prefixes every error, which gives the
// line (and the column where it helps) of the offending value.
func Parse(data []byte, name string) (*Table, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	header, err := r.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s: empty: want a CSV header %s,%s,%s", name, ColRegion, ColSize, ColPrice)
	}
	if err != nil {
		return nil, csvError(name, err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		for _, want := range []string{ColRegion, ColSize, ColPrice} {
			if strings.EqualFold(h, want) {
				if _, dup := col[want]; dup {
					return nil, fmt.Errorf("%s:1: column %s is given twice", name, want)
				}
				col[want] = i
			}
		}
	}
	for _, want := range []string{ColRegion, ColSize, ColPrice} {
		if _, ok := col[want]; !ok {
			return nil, fmt.Errorf("%s:1: no column %s: want the header %s,%s,%s", name, want, ColRegion, ColSize, ColPrice)
		}
	}
	width := len(header)

	type row struct {
		region, size string
		price        float64
		line         int
	}
	var rows []row
	t := &Table{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		line, _ := r.FieldPos(0)
		if len(rec) != width {
			return nil, fmt.Errorf("%s:%d: %d fields, want %d as in the header", name, line, len(rec), width)
		}
		region := NormRegion(rec[col[ColRegion]])
		size := strings.TrimSpace(rec[col[ColSize]])
		text := strings.TrimSpace(rec[col[ColPrice]])
		switch {
		case region == "":
			return nil, fmt.Errorf("%s:%d: empty %s", name, line, ColRegion)
		case size == "":
			return nil, fmt.Errorf("%s:%d: empty %s", name, line, ColSize)
		}
		price, err := strconv.ParseFloat(text, 64)
		if err != nil || math.IsNaN(price) || math.IsInf(price, 0) {
			_, c := r.FieldPos(col[ColPrice])
			return nil, fmt.Errorf("%s:%d:%d: %s %q is not a number", name, line, c, ColPrice, text)
		}
		if price < 0 {
			_, c := r.FieldPos(col[ColPrice])
			return nil, fmt.Errorf("%s:%d:%d: %s %s is negative", name, line, c, ColPrice, text)
		}
		if price == 0 {
			t.Zero++
			continue
		}
		rows = append(rows, row{strings.Clone(region), strings.Clone(size), price, line})
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s: no prices: every row is missing or 0", name)
	}

	sizeSet := map[string]string{} // lower case → first spelling
	regionSet := map[string]bool{}
	for _, rw := range rows {
		k := strings.ToLower(rw.size)
		if _, ok := sizeSet[k]; !ok {
			sizeSet[k] = rw.size
		}
		regionSet[rw.region] = true
	}
	for _, s := range sizeSet {
		t.Sizes = append(t.Sizes, s)
	}
	slices.SortFunc(t.Sizes, Less)
	for r := range regionSet {
		t.Regions = append(t.Regions, r)
	}
	slices.Sort(t.Regions)
	t.Prices = make([]float64, len(t.Regions)*len(t.Sizes))
	seen := make([]int, len(t.Prices)) // line of the price, to report duplicates
	for _, rw := range rows {
		ri, _ := slices.BinarySearch(t.Regions, rw.region)
		si, _ := slices.BinarySearchFunc(t.Sizes, rw.size, CompareFold)
		i := ri*len(t.Sizes) + si
		if seen[i] != 0 {
			return nil, fmt.Errorf("%s:%d: %s in %s is priced twice (also on line %d)", name, rw.line, rw.size, rw.region, seen[i])
		}
		seen[i] = rw.line
		t.Prices[i] = rw.price
		t.Rows++
	}
	return t, nil
}

// csvError words an error of encoding/csv as name:line:col: message.
func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s:%d:%d: %v", name, pe.Line, pe.Column, pe.Err)
	}
	return fmt.Errorf("%s: %v", name, err)
}
