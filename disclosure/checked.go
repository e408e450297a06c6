package disclosure

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sync"

	"cel.dev/cel-go/cel"
	exprpb "google.golang.org/genproto/googleapis/api/expr/v1alpha1"
	"google.golang.org/protobuf/proto"

	"github.com/custodianhq/custodian/consent"
)

// The built-in policy's conditions are shipped parsed and type-checked, so
// that a process starts without running the CEL parser, the checker or the
// cost estimator on them: together they are nearly all the cost of loading
// a policy, and more on their first use in a process. policies/hipaa.checked
// holds, for every condition of policies/hipaa.yaml, its text, what loading
// derives from its checked AST (the cost estimate, the variables it
// reads, the guards of the rule index) and the checked AST itself as a protobuf CheckedExpr, which is
// decoded and planned into a program only when the rule is first evaluated.
// A condition whose text is not in the table (a host's policy, a layer) is
// parsed and checked as usual, with the same errors and positions. The
// table is regenerated with
//
//	go test ./disclosure -run TestBuiltInPolicy -update
//
// and that test fails while it is stale.
//
//go:embed policies/hipaa.checked
var hipaaChecked []byte

// checkedMagic starts a table of checked conditions; its number changes
// whenever the environment of conditions or the table's layout changes.
const checkedMagic = "custodian checked conditions 3\n"

// checkedCondition is a condition of a table: what loading needs at once,
// and the checked AST, decoded on first use.
type checkedCondition struct {
	cost  uint64
	reads reads
	guard guard
	pb    []byte // a protobuf CheckedExpr
}

// checkedTable maps a condition's text to its checked form.
type checkedTable map[string]*checkedCondition

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
		c := &checkedCondition{cost: d.uint(), reads: reads(d.uint())}
		c.guard.kinds = d.set()
		c.guard.categories = d.set()
		for _, s := range d.strings() {
			c.guard.purposes = append(c.guard.purposes, consent.Purpose(s))
		}
		c.guard.flags = d.strings()
		c.pb = d.bytes()
		t[string(text)] = c
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
		b = binary.AppendUvarint(b, r.cost)
		b = binary.AppendUvarint(b, uint64(r.reads))
		b = appendSet(b, r.guard.kinds)
		b = appendSet(b, r.guard.categories)
		purposes := make([]string, len(r.guard.purposes))
		for i, p := range r.guard.purposes {
			purposes[i] = string(p)
		}
		b = appendStrings(b, purposes)
		b = appendStrings(b, r.guard.flags)
		b = appendBytes(b, pb)
	}
	return b, nil
}

func appendBytes(b, s []byte) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

func appendStrings(b []byte, ss []string) []byte {
	b = binary.AppendUvarint(b, uint64(len(ss)))
	for _, s := range ss {
		b = appendBytes(b, []byte(s))
	}
	return b
}

// appendSet writes a set as its sorted members, after its size plus one;
// zero stands for a nil set (no guard).
func appendSet(b []byte, set map[string]bool) []byte {
	if set == nil {
		return binary.AppendUvarint(b, 0)
	}
	members := make([]string, 0, len(set))
	for s := range set {
		members = append(members, s)
	}
	slices.Sort(members)
	b = binary.AppendUvarint(b, uint64(len(members))+1)
	for _, s := range members {
		b = appendBytes(b, []byte(s))
	}
	return b
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

func (d *decoder) strings() []string {
	n := d.uint()
	if n > uint64(len(d.b)) {
		d.err = errTruncated
	}
	var out []string
	for i := uint64(0); i < n && d.err == nil; i++ {
		out = append(out, string(d.bytes()))
	}
	return out
}

func (d *decoder) set() map[string]bool {
	n := d.uint()
	if n == 0 || d.err != nil {
		return nil
	}
	if n-1 > uint64(len(d.b)) {
		d.err = errTruncated
		return nil
	}
	m := make(map[string]bool, n-1)
	for i := uint64(1); i < n && d.err == nil; i++ {
		m[string(d.bytes())] = true
	}
	return m
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
		c, ok := t[r.When]
		if !ok {
			return nil
		}
		p.shipped[i] = c.pb
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
