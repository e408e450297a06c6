package minimize

import "errors"

// zip3Census2000 lists the 3-digit ZIP prefixes whose areas held 20,000
// people or fewer in the 2000 Census, as published in the HHS OCR guidance
// on de-identification.
var zip3Census2000 = [...]string{
	"036", "059", "063", "102", "203", "556", "692", "790", "821",
	"823", "830", "831", "878", "879", "884", "890", "893",
}

// zip3Census2020 lists the 3-digit ZIP prefixes of 20,000 people or fewer
// by the 2020 Census, as quoted by HRSA for UDS+ reporting.
var zip3Census2020 = [...]string{
	"036", "059", "102", "202", "203", "204", "205", "369", "556",
	"692", "753", "772", "821", "823", "878", "879", "884", "893",
}

// defaultZIP3 indexes zip3Census2000 once; views share it read-only.
var defaultZIP3 = mustZipSet(zip3Census2000[:])

// ZIP3Census2000 returns the 3-digit ZIP prefixes whose areas held 20,000
// people or fewer in the 2000 Census, as published in the HHS OCR guidance
// on de-identification. The "zip3" transform turns them into "000" by
// default. HHS advises to use newer census data where it exists; see
// [ZIP3Census2020] and [WithRestrictedZIP3]. Each call returns a new slice:
// changing it changes no view.
func ZIP3Census2000() []string { return append([]string(nil), zip3Census2000[:]...) }

// ZIP3Census2020 returns the 3-digit ZIP prefixes of 20,000 people or fewer
// by the 2020 Census, as quoted by HRSA for UDS+ reporting; HHS OCR has not
// published it. Select it with WithRestrictedZIP3(ZIP3Census2020()). Each
// call returns a new slice.
func ZIP3Census2020() []string { return append([]string(nil), zip3Census2020[:]...) }

// zipSet marks restricted 3-digit prefixes by their numeric value.
type zipSet [1000]bool

// newZipSet checks that every prefix is three digits and indexes them.
func newZipSet(prefixes []string) (*zipSet, error) {
	var s zipSet
	for _, p := range prefixes {
		if len(p) != 3 || !isDigit(p[0]) || !isDigit(p[1]) || !isDigit(p[2]) {
			return nil, errors.New("minimize: restricted ZIP3 prefixes must be three digits")
		}
		s[zipIndex(p)] = true
	}
	return &s, nil
}

func mustZipSet(prefixes []string) *zipSet {
	s, err := newZipSet(prefixes)
	if err != nil {
		panic(err)
	}
	return s
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// zipIndex returns the value of three digits.
func zipIndex(p string) int {
	return int(p[0]-'0')*100 + int(p[1]-'0')*10 + int(p[2]-'0')
}

// isUSZIP reports whether s is a US ZIP code: five digits, optionally
// followed by four more, with or without a hyphen.
func isUSZIP(s string) bool {
	switch len(s) {
	case 5, 9:
	case 10:
		if s[5] != '-' {
			return false
		}
	default:
		return false
	}
	for i := 0; i < len(s); i++ {
		if i == 5 && len(s) == 10 {
			continue
		}
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}
