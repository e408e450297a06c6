package consent

import (
	"time"
)

// FHIR dateTime values come in four precisions: YYYY, YYYY-MM, YYYY-MM-DD,
// and an instant with seconds and a time zone. A partial value stands for
// the whole year, month or day it names, read in UTC (a date carries no
// zone): as a start or a signature it is the first instant of that span,
// as an end the first instant after it, since a Period's End is exclusive.
// An end of "2016-01-01" thus covers all of 1 January 2016. Instants are
// kept in UTC, so that equal instants compare equal.

// maxEnd is the first instant after the year 9999, the latest end.
var maxEnd = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)

// parseDateTime reads a FHIR dateTime as the first instant it stands for,
// or with end the first instant after it.
func parseDateTime(s, path string, end bool) (time.Time, error) {
	var (
		t    time.Time
		err  error
		next func(time.Time) time.Time
	)
	switch len(s) {
	case 4:
		t, err = time.Parse("2006", s)
		next = func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }
	case 7:
		t, err = time.Parse("2006-01", s)
		next = func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }
	case 10:
		t, err = time.Parse(time.DateOnly, s)
		next = func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }
	default:
		if len(s) < len("2006-01-02T15:04:05Z") || s[10] != 'T' {
			err = errBadTime
			break
		}
		t, err = time.Parse(time.RFC3339Nano, s)
	}
	if err != nil {
		return time.Time{}, &FHIRError{Path: path, Msg: "not a FHIR dateTime (YYYY, YYYY-MM, YYYY-MM-DD or an instant with seconds and a time zone)"}
	}
	t = t.UTC()
	if end && next != nil {
		t = next(t)
	}
	if t.Year() < 1 || t.After(maxEnd) || (!end && !t.Before(maxEnd)) {
		return time.Time{}, &FHIRError{Path: path, Msg: "the instant is outside the years 0001 to 9999 in UTC"}
	}
	return t, nil
}

var errBadTime = &FHIRError{Msg: "bad time"}

// formatDateTime writes t as a FHIR dateTime: a date when t is midnight
// UTC, an instant in UTC otherwise. With end, t is an exclusive end, and a
// midnight is written as the day before it, which parseDateTime reads back
// as the same end, unless that day begins before start, which would break
// the invariant that a period does not end before it starts.
func formatDateTime(t time.Time, path string, end bool, start time.Time) (string, error) {
	t = t.UTC()
	if t.Year() < 1 || t.After(maxEnd) || (!end && !t.Before(maxEnd)) {
		return "", &FHIRError{Path: path, Msg: "the instant is outside the years 0001 to 9999 in UTC"}
	}
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		if end {
			d := t.AddDate(0, 0, -1)
			if d.Year() >= 1 && !d.Before(start) {
				return d.Format(time.DateOnly), nil
			}
		} else {
			return t.Format(time.DateOnly), nil
		}
	}
	if t.Equal(maxEnd) {
		return "", &FHIRError{Path: path, Msg: "the instant is outside the years 0001 to 9999 in UTC"}
	}
	return t.Format(time.RFC3339Nano), nil
}
