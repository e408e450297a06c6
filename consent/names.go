package consent

import "github.com/custodianhq/custodian/internal/vocab"

// Name returns a plain-language name of the purpose, such as "treatment"
// for TREAT, or the code itself when it has none. The names are the
// module's one vocabulary, shared with the audit package's accounting.
func (p Purpose) Name() string {
	if n, ok := vocab.PurposeWords(string(p)); ok {
		return n
	}
	return string(p)
}

// Name returns a plain-language name of the category, such as "HIV/AIDS
// information" for HIV, or the code itself when it has none. The names are
// the module's one vocabulary, shared with the audit package's accounting.
func (c Category) Name() string {
	if n, ok := vocab.CategoryWords(string(c)); ok {
		return n
	}
	return string(c)
}

// roleNames are plain-language names of actor roles.
var roleNames = map[string]string{
	"IRCP": "recipient", "PRCP": "recipient", "TRC": "recipient of copies",
	"GRANTEE": "grantee", "DELEGATEE": "delegate",
	"CST": "custodian", "AUT": "author", "INF": "informant", "LA": "legal authenticator",
	"WIT": "witness", "CONSENTER": "consenter", "GRANTOR": "grantor",
}

func roleName(code string) string {
	if n, ok := roleNames[code]; ok {
		return n
	}
	return code
}
