// Command compare times every engine of the comparison on the three request
// shapes, interleaved, for a number of rounds, and prints each engine's
// cost as a ratio to the typed cel-go floor measured in the same round:
// the median and the spread (min–max) over the rounds, and the allocations.
//
//	go run ./cmd/compare -rounds 10
package main

import (
	"context"
	"flag"
	"fmt"
	"math"
	"os"
	"slices"
	"testing"

	"github.com/custodianhq/custodian/bench"
)

func main() {
	rounds := flag.Int("rounds", 10, "interleaved rounds")
	flag.Parse()
	engines, err := bench.Engines()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	ctx := context.Background()
	type cell struct {
		ratios []float64
		ns     []float64
		allocs int64
	}
	cells := make([][]cell, len(bench.Shapes)) // [shape][engine]
	for s := range cells {
		cells[s] = make([]cell, len(engines))
	}
	for range *rounds {
		for s, shape := range bench.Shapes {
			var floor float64
			for i, e := range engines {
				r := shape.Request
				res := testing.Benchmark(func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						if _, err := e.Decide(ctx, &r); err != nil {
							b.Fatal(err)
						}
					}
				})
				ns := float64(res.T.Nanoseconds()) / float64(res.N)
				if i == 0 {
					floor = ns
				}
				c := &cells[s][i]
				c.ns = append(c.ns, ns)
				c.ratios = append(c.ratios, ns/floor)
				c.allocs = res.AllocsPerOp()
			}
		}
	}
	fmt.Printf("| shape | engine | ns/op (median) | × typed cel-go (median, min–max) | allocs/op |\n|---|---|---|---|---|\n")
	geo := make([]float64, len(engines))
	for s, shape := range bench.Shapes {
		for i, e := range engines {
			c := cells[s][i]
			m := median(c.ratios)
			geo[i] += math.Log(m)
			fmt.Printf("| %s | %s | %.0f | %.2f (%.2f–%.2f) | %d |\n", shape.Name, e.Name(), median(c.ns), m,
				slices.Min(c.ratios), slices.Max(c.ratios), c.allocs)
		}
	}
	fmt.Printf("\nGeometric mean over the shapes, × typed cel-go:")
	for i, e := range engines {
		fmt.Printf(" %s %.2f;", e.Name(), math.Exp(geo[i]/float64(len(bench.Shapes))))
	}
	fmt.Println()
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if n := len(s); n%2 == 1 {
		return s[n/2]
	} else {
		return (s[n/2-1] + s[n/2]) / 2
	}
}
