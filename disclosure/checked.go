package disclosure

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"

	"cel.dev/cel-go/cel"
	exprpb "google.golang.org/genproto/googleapis/api/expr/v1alpha1"
	"google.golang.org/protobuf/proto"
)

// The built-in policy's conditions are shipped parsed and type-checked, so
// that a process starts without running the CEL parser on them: the parser
// is most of the cost of loading a policy, and far more on its first use in
// a process. policies/hipaa.checked holds, for every condition of
// policies/hipaa.yaml, its text and its checked AST as a protobuf
// CheckedExpr. A condition whose text is not in the table (a host's policy,
// or a layer) is parsed and checked as usual, with the same errors and
// positions. The table is regenerated with
//
//	go test ./disclosure -run TestBuiltInPolicyChecked -update
//
// and the test fails while it is stale.
//
//go:embed policies/hipaa.checked
var hipaaChecked []byte

// checkedMagic starts a table of checked conditions; the number changes
// when the environment of conditions changes incompatibly.
const checkedMagic = "custodian checked conditions 1\n"

// checkedTable maps a condition's text to its checked AST.
type checkedTable map[string]*cel.Ast

// decodeChecked reads a table of checked conditions.
func decodeChecked(data []byte) (checkedTable, error) {
	rest, ok := bytes.CutPrefix(data, []byte(checkedMagic))
	if !ok {
		return nil, errors.New("not a table of checked conditions")
	}
	t := checkedTable{}
	for len(rest) > 0 {
		text, r, err := chunk(rest)
		if err != nil {
			return nil, err
		}
		pb, r, err := chunk(r)
		if err != nil {
			return nil, err
		}
		rest = r
		var ce exprpb.CheckedExpr
		if err := proto.Unmarshal(pb, &ce); err != nil {
			return nil, fmt.Errorf("condition %q: %w", text, err)
		}
		t[string(text)] = cel.CheckedExprToAst(&ce)
	}
	return t, nil
}

func chunk(b []byte) ([]byte, []byte, error) {
	n, k := binary.Uvarint(b)
	if k <= 0 || uint64(len(b)-k) < n {
		return nil, nil, errors.New("truncated table of checked conditions")
	}
	return b[k : k+int(n)], b[k+int(n):], nil
}

// encodeChecked writes the checked conditions of p as a table.
func encodeChecked(p *Policy) ([]byte, error) {
	buf := bytes.NewBufferString(checkedMagic)
	seen := map[string]bool{}
	for i, r := range p.rules {
		if seen[r.When] {
			continue
		}
		seen[r.When] = true
		ce, err := cel.AstToCheckedExpr(p.asts[i])
		if err != nil {
			return nil, fmt.Errorf("rule %s: %w", r.ID, err)
		}
		pb, err := proto.MarshalOptions{Deterministic: true}.Marshal(ce)
		if err != nil {
			return nil, fmt.Errorf("rule %s: %w", r.ID, err)
		}
		for _, b := range [][]byte{[]byte(r.When), pb} {
			buf.Write(binary.AppendUvarint(nil, uint64(len(b))))
			buf.Write(b)
		}
	}
	return buf.Bytes(), nil
}
