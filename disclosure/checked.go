package disclosure

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"

	"cel.dev/cel-go/cel"
	exprpb "google.golang.org/genproto/googleapis/api/expr/v1alpha1"
	"google.golang.org/protobuf/proto"
)

// The built-in policy ships parsed: hipaa_shipped.go holds the policy as
// policies/hipaa.yaml parses, with what loading derives from each checked
// condition (its cost estimate, the variables it reads, the guards of the
// rule index), and policies/hipaa.checked holds, for every condition, its
// text and its checked AST as a protobuf CheckedExpr, decoded and planned
// into a program only when the rule is first evaluated. So a process gets
// the policy without running the YAML parser, the CEL parser, the checker
// or the cost estimator, nearly all the cost of loading a policy. A host's
// policy, and a layer, are parsed and checked as usual. Both files are
// regenerated with
//
//	go test ./disclosure -run TestBuiltInPolicy -update
//
// and that test fails while it is stale.
//
//go:embed policies/hipaa.checked
var hipaaChecked []byte

// checkedMagic starts a table of checked conditions; its number changes
// whenever the environment of conditions or the table's layout changes.
const checkedMagic = "custodian checked conditions 4\n"

// checkedTable maps a condition's text to its checked AST, a protobuf
// CheckedExpr decoded on first use.
type checkedTable map[string][]byte

// decodeChecked reads a table of checked conditions. It decodes no AST.
func decodeChecked(data []byte) (checkedTable, error) {
	rest, ok := bytes.CutPrefix(data, []byte(checkedMagic))
	if !ok {
		return nil, errors.New("not a table of checked conditions")
	}
	d := decoder{b: rest}
	t := checkedTable{}
	for len(d.b) > 0 && d.err == nil {
		text := d.bytes()
		t[string(text)] = d.bytes()
	}
	if d.err != nil {
		return nil, d.err
	}
	return t, nil
}

// encodeChecked writes the checked conditions of p as a table.
func encodeChecked(p *Policy) ([]byte, error) {
	b := []byte(checkedMagic)
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
		ce.SourceInfo = nil // positions serve parse errors only
		pb, err := proto.MarshalOptions{Deterministic: true}.Marshal(ce)
		if err != nil {
			return nil, fmt.Errorf("rule %s: %w", r.ID, err)
		}
		b = appendBytes(b, []byte(r.When))
		b = appendBytes(b, pb)
	}
	return b, nil
}

func appendBytes(b, s []byte) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// decoder reads what the append functions write; the first error sticks.
type decoder struct {
	b   []byte
	err error
}

var errTruncated = errors.New("truncated table of checked conditions")

func (d *decoder) uint() uint64 {
	if d.err != nil {
		return 0
	}
	n, k := binary.Uvarint(d.b)
	if k <= 0 {
		d.err = errTruncated
		return 0
	}
	d.b = d.b[k:]
	return n
}

func (d *decoder) bytes() []byte {
	n := d.uint()
	if d.err != nil || uint64(len(d.b)) < n {
		d.err = errTruncated
		return nil
	}
	s := d.b[:n:n]
	d.b = d.b[n:]
	return s
}

// attachChecked gives a policy generated from its file (hipaa_shipped.go)
// the checked conditions of the table, or returns nil when the table lacks
// one: then the file is parsed instead. The generated policy and the table
// are both kept in step with the file by TestBuiltInPolicyShipped and
// TestBuiltInPolicyChecked.
func attachChecked(p *Policy, t checkedTable) *Policy {
	p.asts = make([]*cel.Ast, len(p.rules))
	p.shipped = make([][]byte, len(p.rules))
	for i, r := range p.rules {
		pb, ok := t[r.When]
		if !ok {
			return nil
		}
		p.shipped[i] = pb
	}
	return p
}

// program returns the rule's program, planning a shipped condition on
// first use.
func (p *program) program() (cel.Program, error) {
	if p.prg != nil {
		return p.prg, nil
	}
	prg, err := p.lazy.program()
	if err != nil {
		return nil, fmt.Errorf("the shipped condition cannot be planned: %w", err)
	}
	return prg, nil
}

// lazyProgram plans a shipped checked condition into a program the first
// time its rule is evaluated.
type lazyProgram struct {
	once sync.Once
	pb   []byte
	env  *cel.Env
	opts []cel.ProgramOption
	prg  cel.Program
	err  error
}

func (l *lazyProgram) program() (cel.Program, error) {
	l.once.Do(func() {
		var ce exprpb.CheckedExpr
		if l.err = proto.Unmarshal(l.pb, &ce); l.err != nil {
			return
		}
		l.prg, l.err = l.env.Program(cel.CheckedExprToAst(&ce), l.opts...)
	})
	return l.prg, l.err
}
