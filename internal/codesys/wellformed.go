package codesys

// WellFormed reports whether code, already stripped of surrounding
// whitespace, is written in the syntax of the canonical system, so that a
// lookup that finds nothing means the code is not listed rather than
// misspelt:
//
//   - ICD-10-CM: a letter, a digit, then one to five letters or digits,
//     in either case, with at most one dot and only after the third
//     character ("F11.20", "f1120", "B20.");
//   - LOINC: one to seven digits without a leading zero, '-', and the
//     check digit the LOINC Mod 10 algorithm gives ("20447-9"); or an
//     answer, part or group code: "LA", "LP" or "LG", one to seven digits,
//     '-' and one digit ("LA6576-8");
//   - RxNorm: one to ten digits without a leading zero;
//   - SNOMED CT: 6 to 18 digits without a leading zero;
//   - any other system: a non-empty code without space or control
//     characters.
//
// It does not allocate.
func WellFormed(canonical, code string) bool {
	switch canonical {
	case ICD10CM:
		return icd10cmWellFormed(code)
	case LOINC:
		return loincWellFormed(code)
	case RxNorm:
		return digitsWellFormed(code, 1, 10)
	case SNOMED:
		return digitsWellFormed(code, 6, 18)
	}
	if code == "" {
		return false
	}
	for i := 0; i < len(code); i++ {
		if c := code[i]; c <= ' ' || c == 0x7f {
			return false
		}
	}
	return true
}

// icd10cmWellFormed reports whether code is an ICD-10-CM code: a letter,
// a digit, one to five more letters or digits, and at most one dot, right
// after the category (the first three characters).
func icd10cmWellFormed(code string) bool {
	n := 0 // characters other than the dot
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case c == '.':
			if i != 3 {
				return false
			}
			continue
		case n == 0:
			if !isLetter(c) {
				return false
			}
		case n == 1:
			if !isDigit(c) {
				return false
			}
		default:
			if !isLetter(c) && !isDigit(c) {
				return false
			}
		}
		n++
	}
	return 3 <= n && n <= 7
}

// loincWellFormed reports whether code is a LOINC code with its check
// digit, or a LOINC answer, part or group code.
func loincWellFormed(code string) bool {
	if len(code) > 2 && code[0] == 'L' && (code[1] == 'A' || code[1] == 'P' || code[1] == 'G') {
		num, check, ok := splitCheck(code[2:])
		return ok && 1 <= len(num) && len(num) <= 7 && allDigits(num) && isDigit(check)
	}
	num, check, ok := splitCheck(code)
	if !ok || !digitsWellFormed(num, 1, 7) || !isDigit(check) {
		return false
	}
	return mod10(num) == check
}

// splitCheck splits "12345-6" into "12345" and '6'.
func splitCheck(s string) (num string, check byte, ok bool) {
	if len(s) < 3 || s[len(s)-2] != '-' {
		return "", 0, false
	}
	return s[:len(s)-2], s[len(s)-1], true
}

// mod10 returns the LOINC check digit of the digits num: from the right,
// every other digit, starting with the last, is doubled (a two-digit
// product counts the sum of its digits), and the check digit brings the
// sum to a multiple of ten.
func mod10(num string) byte {
	sum := 0
	for i := 0; i < len(num); i++ {
		d := int(num[len(num)-1-i] - '0')
		if i%2 == 0 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return byte('0' + (10-sum%10)%10)
}

// digitsWellFormed reports whether s is lo to hi digits without a leading
// zero.
func digitsWellFormed(s string, lo, hi int) bool {
	return lo <= len(s) && len(s) <= hi && s[0] != '0' && allDigits(s)
}

// allDigits reports whether every byte of s is an ASCII digit.
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
func isLetter(c byte) bool { return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' }
