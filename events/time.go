package events

import (
	"fmt"
	"strconv"
	"time"
)

// FormatTime formats t the way Open edX services write times: in UTC with a
// "+00:00" offset, and with exactly six fraction digits when the microsecond
// part is not zero, e.g. "2024-03-01T12:30:00+00:00" or
// "2024-03-01T12:30:00.123456+00:00". Nanoseconds below a microsecond are
// dropped because the Python services keep microseconds only. It never writes "Z".
func FormatTime(t time.Time) string {
	var buf [40]byte
	return string(appendTime(buf[:0], t))
}

// AppendTime appends the [FormatTime] form of t to b and returns the
// extended buffer.
func AppendTime(b []byte, t time.Time) []byte { return appendTime(b, t) }

// appendTime appends the [FormatTime] form of t to b. It formats the years 0
// to 9999 digit by digit, which is several times faster than
// [time.Time.AppendFormat], and leaves other years to AppendFormat.
func appendTime(b []byte, t time.Time) []byte {
	t = t.UTC()
	year, month, day := t.Date()
	if year < 0 || year > 9999 {
		b = t.AppendFormat(b, "2006-01-02T15:04:05")
	} else {
		hour, minute, sec := t.Clock()
		b = appendDigits(b, year, 4)
		b = append(b, '-')
		b = appendDigits(b, int(month), 2)
		b = append(b, '-')
		b = appendDigits(b, day, 2)
		b = append(b, 'T')
		b = appendDigits(b, hour, 2)
		b = append(b, ':')
		b = appendDigits(b, minute, 2)
		b = append(b, ':')
		b = appendDigits(b, sec, 2)
	}

	if micro := t.Nanosecond() / 1000; micro != 0 {
		b = append(b, '.')
		b = appendDigits(b, micro, 6)
	}
	return append(b, "+00:00"...)
}

// appendDigits appends the non-negative n as exactly width decimal digits,
// padded with leading zeros.
func appendDigits(b []byte, n, width int) []byte {
	start := len(b)
	for range width {
		b = append(b, '0')
	}
	for i := len(b) - 1; i >= start && n > 0; i-- {
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return b
}

// ParseTime parses an RFC 3339 or ISO 8601 date and time that carries a UTC
// offset and returns it in UTC. It accepts a "T" or a space between date and
// time, the basic forms without separators, seconds and fractions (up to nine
// digits, after "." or ",") as optional parts, and the offsets "Z", "+HH:MM",
// "+HHMM" and "+HH". A time without an offset is an error because it does not
// name an instant.
func ParseTime(s string) (time.Time, error) {
	if t, ok := parseFormattedTime(s); ok {
		return t, nil
	}
	p := timeParser{s: s}
	t, err := p.parse()
	if err != nil {
		return time.Time{}, fmt.Errorf("invalid time %q: %s", s, err)
	}
	return t.UTC(), nil
}

// parseFormattedTime parses the [FormatTime] form, which is what Open edX
// services send, without the general parser. It reports false for any other
// string and for days after the 28th, and leaves those to the general parser,
// which returns the same time for every string that this function accepts.
func parseFormattedTime(s string) (time.Time, bool) {
	if len(s) != 25 && len(s) != 32 || s[len(s)-6:] != "+00:00" ||
		s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	year, ok1 := atoiDigits(s[0:4])
	month, ok2 := atoiDigits(s[5:7])
	day, ok3 := atoiDigits(s[8:10])
	hour, ok4 := atoiDigits(s[11:13])
	minute, ok5 := atoiDigits(s[14:16])
	sec, ok6 := atoiDigits(s[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) ||
		month < 1 || month > 12 || day < 1 || day > daysIn(month, year) ||
		hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}

	micro := 0
	if len(s) == 32 {
		var ok bool
		if micro, ok = atoiDigits(s[20:26]); s[19] != '.' || !ok {
			return time.Time{}, false
		}
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, micro*1000, time.UTC), true
}

// daysIn returns the number of days of the month in the proleptic
// Gregorian calendar, which package time uses.
func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// atoiDigits parses s, which must consist of ASCII digits only.
func atoiDigits(s string) (int, bool) {
	n := 0
	for i := range len(s) {
		if !isDigit(s[i]) {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// timeParser reads one ISO 8601 date and time from s.
type timeParser struct {
	s   string
	pos int
}

func (p *timeParser) parse() (time.Time, error) {
	year, month, day, extended, err := p.date()
	if err != nil {
		return time.Time{}, err
	}
	if p.pos == len(p.s) {
		return time.Time{}, fmt.Errorf("missing time of day and UTC offset: write e.g. \"T00:00:00+00:00\"")
	}
	if c := p.s[p.pos]; c != 'T' && c != 't' && c != ' ' {
		return time.Time{}, fmt.Errorf("expected \"T\" or a space after the date at position %d", p.pos)
	}
	p.pos++

	hour, minute, sec, nsec, err := p.clock(extended)
	if err != nil {
		return time.Time{}, err
	}
	loc, err := p.offset()
	if err != nil {
		return time.Time{}, err
	}

	t := time.Date(year, time.Month(month), day, hour, minute, sec, nsec, loc)
	if t.Day() != day || int(t.Month()) != month || t.Hour() != hour || t.Minute() != minute {
		return time.Time{}, fmt.Errorf("date or time out of range")
	}
	return t, nil
}

// date reads YYYY-MM-DD or YYYYMMDD and reports whether it was the extended form.
func (p *timeParser) date() (year, month, day int, extended bool, err error) {
	if year, err = p.digits(4, "year"); err != nil {
		return
	}
	extended = p.skip('-')
	if month, err = p.digits(2, "month"); err != nil {
		return
	}
	if extended && !p.skip('-') {
		return 0, 0, 0, false, fmt.Errorf("expected \"-\" after the month at position %d", p.pos)
	}
	day, err = p.digits(2, "day")
	return
}

// clock reads hh:mm[:ss[.fff]] (or the basic form hhmm[ss[.fff]]).
func (p *timeParser) clock(extended bool) (hour, minute, sec, nsec int, err error) {
	if hour, err = p.digits(2, "hour"); err != nil {
		return
	}
	colon := p.skip(':')
	if colon != extended {
		return 0, 0, 0, 0, fmt.Errorf("mixed basic and extended forms at position %d", p.pos)
	}
	if minute, err = p.digits(2, "minute"); err != nil {
		return
	}
	if !p.seconds(colon) {
		return hour, minute, 0, 0, nil
	}
	if sec, err = p.digits(2, "second"); err != nil {
		return
	}
	nsec, err = p.fraction()
	return
}

// seconds consumes the separator before the seconds and reports whether seconds follow.
func (p *timeParser) seconds(extended bool) bool {
	if extended {
		return p.skip(':')
	}
	return p.pos < len(p.s) && isDigit(p.s[p.pos])
}

func (p *timeParser) fraction() (int, error) {
	if !p.skip('.') && !p.skip(',') {
		return 0, nil
	}
	start := p.pos
	for p.pos < len(p.s) && isDigit(p.s[p.pos]) {
		p.pos++
	}
	n := p.pos - start
	if n == 0 || n > 9 {
		return 0, fmt.Errorf("fraction of a second must have 1 to 9 digits")
	}
	v, _ := strconv.Atoi(p.s[start:p.pos])
	for ; n < 9; n++ {
		v *= 10
	}
	return v, nil
}

// offset reads Z, +HH:MM, +HHMM or +HH and must end the string.
func (p *timeParser) offset() (*time.Location, error) {
	if p.pos == len(p.s) {
		return nil, fmt.Errorf("missing UTC offset: append \"+00:00\" or \"Z\"")
	}
	c := p.s[p.pos]
	p.pos++
	if c == 'Z' || c == 'z' {
		return time.UTC, p.end()
	}
	if c != '+' && c != '-' {
		return nil, fmt.Errorf("unexpected %q at position %d, expected a UTC offset", c, p.pos-1)
	}

	hours, err := p.digits(2, "offset hours")
	if err != nil {
		return nil, err
	}
	minutes := 0
	if p.pos < len(p.s) {
		p.skip(':')
		if minutes, err = p.digits(2, "offset minutes"); err != nil {
			return nil, err
		}
	}
	if hours > 23 || minutes > 59 {
		return nil, fmt.Errorf("UTC offset out of range")
	}
	secs := hours*3600 + minutes*60
	if c == '-' {
		secs = -secs
	}
	return time.FixedZone("", secs), p.end()
}

func (p *timeParser) end() error {
	if p.pos != len(p.s) {
		return fmt.Errorf("unexpected text %q after the UTC offset", p.s[p.pos:])
	}
	return nil
}

func (p *timeParser) skip(c byte) bool {
	if p.pos < len(p.s) && p.s[p.pos] == c {
		p.pos++
		return true
	}
	return false
}

func (p *timeParser) digits(n int, field string) (int, error) {
	if p.pos+n > len(p.s) {
		return 0, fmt.Errorf("missing %s at position %d", field, p.pos)
	}
	v := 0
	for i := 0; i < n; i++ {
		c := p.s[p.pos+i]
		if !isDigit(c) {
			return 0, fmt.Errorf("expected %d digits for the %s at position %d", n, field, p.pos)
		}
		v = v*10 + int(c-'0')
	}
	p.pos += n
	return v, nil
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
