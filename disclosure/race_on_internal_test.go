//go:build race

package disclosure

// raceEnabled reports a build with the race detector, under which
// sync.Pool drops items and allocation counts are not meaningful.
const raceEnabled = true
