package events

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestFormatTime(t *testing.T) {
	tests := []struct {
		in   time.Time
		want string
	}{
		{time.Date(2024, 3, 1, 12, 30, 0, 0, time.UTC), "2024-03-01T12:30:00+00:00"},
		{time.Date(2024, 3, 1, 12, 30, 0, 123456000, time.UTC), "2024-03-01T12:30:00.123456+00:00"},
		{time.Date(2024, 3, 1, 12, 30, 0, 1000, time.UTC), "2024-03-01T12:30:00.000001+00:00"},
		{time.Date(2024, 3, 1, 12, 30, 0, 100000000, time.UTC), "2024-03-01T12:30:00.100000+00:00"},
		{time.Date(2024, 3, 1, 12, 30, 0, 999, time.UTC), "2024-03-01T12:30:00+00:00"},
		{time.Date(2024, 3, 1, 14, 30, 0, 0, time.FixedZone("", 2*3600)), "2024-03-01T12:30:00+00:00"},
		{time.Date(2024, 3, 1, 0, 0, 0, 0, time.FixedZone("", -5*3600)), "2024-03-01T05:00:00+00:00"},
		{time.Time{}, "0001-01-01T00:00:00+00:00"},
	}
	for _, tt := range tests {
		if got := FormatTime(tt.in); got != tt.want {
			t.Errorf("FormatTime(%v): got %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestParseTimeValid(t *testing.T) {
	base := time.Date(2024, 3, 1, 12, 30, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Time
	}{
		{"2024-03-01T12:30:00+00:00", base},
		{"2024-03-01T12:30:00Z", base},
		{"2024-03-01t12:30:00z", base},
		{"2024-03-01 12:30:00+00:00", base},
		{"2024-03-01T12:30+00:00", base},
		{"2024-03-01T14:30:00+02:00", base},
		{"2024-03-01T07:00:00-05:30", base},
		{"2024-03-01T14:30:00+0200", base},
		{"2024-03-01T14:30:00+02", base},
		{"20240301T123000Z", base},
		{"20240301T1230Z", base},
		{"2024-03-01T12:30:00.123456+00:00", base.Add(123456 * time.Microsecond)},
		{"2024-03-01T12:30:00.5Z", base.Add(500 * time.Millisecond)},
		{"2024-03-01T12:30:00,5Z", base.Add(500 * time.Millisecond)},
		{"2024-03-01T12:30:00.123456789Z", base.Add(123456789)},
	}
	for _, tt := range tests {
		got, err := ParseTime(tt.in)
		if err != nil {
			t.Errorf("ParseTime(%q): %v", tt.in, err)
			continue
		}
		if !got.Equal(tt.want) || got.Location() != time.UTC {
			t.Errorf("ParseTime(%q): got %v, want %v in UTC", tt.in, got, tt.want)
		}
	}
}

func TestParseTimeInvalid(t *testing.T) {
	tests := []struct {
		in, errText string
	}{
		{"2024-03-01T12:30:00", "missing UTC offset"},
		{"2024-03-01", "missing time of day"},
		{"2024-03-01T12:30:00.+00:00", "1 to 9 digits"},
		{"2024-03-01T12:30:00.1234567890Z", "1 to 9 digits"},
		{"2024-13-01T12:30:00Z", "out of range"},
		{"2024-02-30T12:30:00Z", "out of range"},
		{"2024-03-01T24:30:00Z", "out of range"},
		{"2024-03-01T12:60:00Z", "out of range"},
		{"2024-03-01T12:30:61Z", "out of range"},
		{"2024-03-01T12:30:00+24:00", "offset out of range"},
		{"2024-03-01T12:30:00Z extra", "unexpected text"},
		{"2024-03-01X12:30:00Z", "expected \"T\""},
		{"2024-0301T12:30:00Z", "expected \"-\""},
		{"2024-03-01T1230:00Z", "mixed basic and extended"},
		{"2024-03-01T12:30:00 +00:00", "expected a UTC offset"},
		{"", "missing year"},
		{"yesterday", "expected 4 digits for the year"},
	}
	for _, tt := range tests {
		_, err := ParseTime(tt.in)
		if err == nil {
			t.Errorf("ParseTime(%q): got no error", tt.in)
			continue
		}
		if !strings.Contains(err.Error(), tt.errText) {
			t.Errorf("ParseTime(%q): error %q does not contain %q", tt.in, err, tt.errText)
		}
		if !strings.Contains(err.Error(), "\""+tt.in+"\"") {
			t.Errorf("ParseTime(%q): error %q does not name the value", tt.in, err)
		}
	}
}

func TestTimeRoundTrip(t *testing.T) {
	for _, s := range []string{
		"2024-03-01T12:30:00+00:00", "2028-02-09T03:31:48.471326+00:00", "0001-01-01T00:00:00+00:00",
		"9999-12-31T23:59:59.999999+00:00",
	} {
		tm, err := ParseTime(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := FormatTime(tm); got != s {
			t.Errorf("FormatTime(ParseTime(%q)) = %q", s, got)
		}
	}
}

// TestFormatTimeMatchesLayout checks the digit by digit formatting against
// the time package's layout formatting.
func TestFormatTimeMatchesLayout(t *testing.T) {
	times := []time.Time{
		{},
		time.Date(1, 1, 1, 0, 0, 0, 1000, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-5, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2024, 3, 1, 14, 30, 0, 5000, time.FixedZone("", 7200)),
		time.Date(2024, 3, 1, 0, 0, 0, 0, time.FixedZone("", -5*3600)),
	}
	for i := range 1000 {
		times = append(times, time.Unix(int64(i)*7919*3571, int64(i)*1234567).UTC())
	}
	for _, tm := range times {
		u := tm.UTC()
		want := u.Format("2006-01-02T15:04:05") + "+00:00"
		if micro := u.Nanosecond() / 1000; micro != 0 {
			want = u.Format("2006-01-02T15:04:05") + fmt.Sprintf(".%06d+00:00", micro)
		}
		if got := FormatTime(tm); got != want {
			t.Errorf("FormatTime(%v): got %q, want %q", tm, got, want)
		}
	}
}

// TestParseFormattedTimeMatchesParser checks that the fast path returns what
// the general parser returns, and declines what it cannot parse alone.
func TestParseFormattedTimeMatchesParser(t *testing.T) {
	inputs := []string{
		"2024-02-29T12:00:00+00:00", "2024-02-28T23:59:59.999999+00:00", "0000-01-01T00:00:00+00:00",
		"2023-02-29T00:00:00+00:00", "1900-02-29T00:00:00+00:00", "2000-02-29T00:00:00+00:00",
		"2024-04-31T00:00:00+00:00", "2024-12-31T23:59:59+00:00", "2024-06-30T23:59:59.500000+00:00",
		"2024-13-01T00:00:00+00:00", "2024-01-01T24:00:00+00:00", "2024-01-01T00:60:00+00:00",
		"2024-01-01T00:00:60+00:00", "2024-01-00T00:00:00+00:00", "2024-01-01T00:00:00,123456+00:00",
		"2024-01-01T00:00:00.12345x+00:00", "2024-01-01 00:00:00+00:00", "2024-01-01T00:00:00+01:00",
		"2024-0a-01T00:00:00+00:00", "+024-01-01T00:00:00+00:00",
	}
	for i := range 500 {
		formatted := FormatTime(time.Unix(int64(i)*7919*3571, int64(i)*1234567))
		if _, ok := parseFormattedTime(formatted); !ok {
			t.Errorf("parseFormattedTime declined %q", formatted)
		}
		inputs = append(inputs, formatted)
	}
	for _, s := range inputs {
		got, ok := parseFormattedTime(s)
		if !ok {
			continue
		}
		p := timeParser{s: s}
		want, err := p.parse()
		if err != nil {
			t.Errorf("parseFormattedTime(%q) = %v, but the parser fails: %v", s, got, err)
			continue
		}
		if want = want.UTC(); !got.Equal(want) || got.Location() != want.Location() {
			t.Errorf("parseFormattedTime(%q) = %v, want %v", s, got, want)
		}
	}
	for _, s := range []string{"2024-03-01T12:30:00.000001+00:00", "2024-12-31T23:59:59+00:00", "2000-02-29T00:00:00+00:00"} {
		if _, ok := parseFormattedTime(s); !ok {
			t.Errorf("parseFormattedTime declined %q", s)
		}
	}
	for _, s := range []string{"2023-02-29T00:00:00+00:00", "2024-04-31T00:00:00+00:00"} {
		if _, ok := parseFormattedTime(s); ok {
			t.Errorf("parseFormattedTime accepted the invalid date %q", s)
		}
	}
}
