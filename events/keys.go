package events

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The opaque key types below are the string forms of the edx-opaque-keys
// classes that event payloads carry. Each has a Parse function that validates
// the forms the Python classes accept. A conversion such as CourseKey("x")
// skips that check, so prefer the Parse functions for untrusted input.

// CourseKey is a course run identifier: "course-v1:ORG+COURSE+RUN", the old
// "ORG/COURSE/RUN" form, or any other form that the Python CourseKey accepts
// (CCX "ccx-v1:..." and v1 library "library-v1:ORG+LIB" keys).
type CourseKey string

// UsageKey is a block identifier: "block-v1:ORG+COURSE+RUN+type@TYPE+block@ID",
// the old "i4x://ORG/COURSE/TYPE/ID" form, a CCX block key "ccx-block-v1:...",
// a v1 library block key "lib-block-v1:..." or a v2 library block key "lb:...".
type UsageKey string

// CCXLocator identifies a custom course run: "ccx-v1:ORG+COURSE+RUN+ccx@N".
type CCXLocator string

// LibraryLocatorV2 identifies a v2 content library: "lib:ORG:SLUG".
type LibraryLocatorV2 string

// LibraryUsageLocatorV2 identifies a block in a v2 content library:
// "lb:ORG:LIBRARY:TYPE:ID".
type LibraryUsageLocatorV2 string

// LibraryCollectionLocator identifies a collection in a v2 content library:
// "lib-collection:ORG:LIBRARY:ID".
type LibraryCollectionLocator string

// LibraryContainerLocator identifies a container (unit, section...) in a v2
// content library: "lct:ORG:LIBRARY:TYPE:ID".
type LibraryContainerLocator string

// String returns the key text.
func (k CourseKey) String() string { return string(k) }

// String returns the key text.
func (k UsageKey) String() string { return string(k) }

// String returns the key text.
func (k CCXLocator) String() string { return string(k) }

// String returns the key text.
func (k LibraryLocatorV2) String() string { return string(k) }

// String returns the key text.
func (k LibraryUsageLocatorV2) String() string { return string(k) }

// String returns the key text.
func (k LibraryCollectionLocator) String() string { return string(k) }

// String returns the key text.
func (k LibraryContainerLocator) String() string { return string(k) }

// KeyError reports an opaque key that does not parse.
type KeyError struct {
	Type   string // key type, e.g. "course key"
	Value  string // the rejected text
	Reason string // what is wrong
	Forms  string // the accepted forms
}

func (e *KeyError) Error() string {
	return fmt.Sprintf("invalid %s %q: %s (expected %s)", e.Type, e.Value, e.Reason, e.Forms)
}

const (
	courseForms    = `"course-v1:ORG+COURSE+RUN" or "ORG/COURSE/RUN"`
	usageForms     = `"block-v1:ORG+COURSE+RUN+type@TYPE+block@ID" or "i4x://ORG/COURSE/TYPE/ID"`
	ccxForms       = `"ccx-v1:ORG+COURSE+RUN+ccx@N"`
	libForms       = `"lib:ORG:SLUG"`
	libUsageForms  = `"lb:ORG:LIBRARY:TYPE:ID"`
	collectionForm = `"lib-collection:ORG:LIBRARY:ID"`
	containerForm  = `"lct:ORG:LIBRARY:TYPE:ID"`
)

// ParseCourseKey checks that s has one of the forms of [CourseKey] and returns it as
// one. Otherwise it returns a *[KeyError] that names the value.
func ParseCourseKey(s string) (CourseKey, error) {
	fail := func(reason string) (CourseKey, error) {
		return "", &KeyError{Type: "course key", Value: s, Reason: reason, Forms: courseForms}
	}
	ns, rest, ok := strings.Cut(s, ":")
	switch {
	case ok && ns == "course-v1":
		if reason := checkLocator(rest, locatorCourse); reason != "" {
			return fail(reason)
		}
	case ok && ns == "ccx-v1":
		if _, err := ParseCCXLocator(s); err != nil {
			return fail(err.(*KeyError).Reason)
		}
	case ok && ns == "library-v1":
		if reason := checkLocator(rest, locatorLibrary); reason != "" {
			return fail(reason)
		}
	default:
		if reason := checkSlashCourse(s); reason != "" {
			return fail(reason)
		}
	}
	return CourseKey(s), nil
}

// ParseUsageKey checks that s has one of the forms of [UsageKey] and returns it as
// one. Otherwise it returns a *[KeyError] that names the value.
func ParseUsageKey(s string) (UsageKey, error) {
	fail := func(reason string) (UsageKey, error) {
		return "", &KeyError{Type: "usage key", Value: s, Reason: reason, Forms: usageForms}
	}
	if rest, ok := strings.CutPrefix(s, "i4x://"); ok {
		if reason := checkI4X(rest); reason != "" {
			return fail(reason)
		}
		return UsageKey(s), nil
	}

	ns, rest, _ := strings.Cut(s, ":")
	var reason string
	switch ns {
	case "block-v1":
		reason = checkLocator(rest, locatorBlock)
	case "ccx-block-v1":
		reason = checkLocator(rest, locatorCCXBlock)
	case "lib-block-v1":
		reason = checkLocator(rest, locatorLibraryBlock)
	case "lb":
		if _, err := ParseLibraryUsageLocatorV2(s); err != nil {
			reason = err.(*KeyError).Reason
		}
	default:
		reason = "unknown key type"
	}
	if reason != "" {
		return fail(reason)
	}
	return UsageKey(s), nil
}

// ParseCCXLocator checks that s has one of the forms of [CCXLocator] and returns it as
// one. Otherwise it returns a *[KeyError] that names the value.
func ParseCCXLocator(s string) (CCXLocator, error) {
	rest, ok := strings.CutPrefix(s, "ccx-v1:")
	reason := "missing \"ccx-v1:\" prefix"
	if ok {
		reason = checkLocator(rest, locatorCCX)
	}
	if reason != "" {
		return "", &KeyError{Type: "CCX key", Value: s, Reason: reason, Forms: ccxForms}
	}
	return CCXLocator(s), nil
}

// ParseLibraryLocatorV2 checks that s has one of the forms of [LibraryLocatorV2] and returns it as
// one. Otherwise it returns a *[KeyError] that names the value.
func ParseLibraryLocatorV2(s string) (LibraryLocatorV2, error) {
	if reason := checkColonKey(s, "lib", []partRule{asciiPart("org"), wordPart("slug")}); reason != "" {
		return "", &KeyError{Type: "library key", Value: s, Reason: reason, Forms: libForms}
	}
	return LibraryLocatorV2(s), nil
}

// ParseLibraryUsageLocatorV2 checks that s has one of the forms of [LibraryUsageLocatorV2] and returns it as
// one. Otherwise it returns a *[KeyError] that names the value.
func ParseLibraryUsageLocatorV2(s string) (LibraryUsageLocatorV2, error) {
	rules := []partRule{asciiPart("org"), wordPart("library slug"), asciiPart("block type"), wordPart("usage id")}
	if reason := checkColonKey(s, "lb", rules); reason != "" {
		return "", &KeyError{Type: "library block key", Value: s, Reason: reason, Forms: libUsageForms}
	}
	return LibraryUsageLocatorV2(s), nil
}

// ParseLibraryCollectionLocator checks that s has one of the forms of [LibraryCollectionLocator] and returns it as
// one. Otherwise it returns a *[KeyError] that names the value.
func ParseLibraryCollectionLocator(s string) (LibraryCollectionLocator, error) {
	rules := []partRule{asciiPart("org"), wordPart("library slug"), wordPart("collection id")}
	if reason := checkColonKey(s, "lib-collection", rules); reason != "" {
		return "", &KeyError{Type: "library collection key", Value: s, Reason: reason, Forms: collectionForm}
	}
	return LibraryCollectionLocator(s), nil
}

// ParseLibraryContainerLocator checks that s has one of the forms of [LibraryContainerLocator] and returns it as
// one. Otherwise it returns a *[KeyError] that names the value.
func ParseLibraryContainerLocator(s string) (LibraryContainerLocator, error) {
	rules := []partRule{asciiPart("org"), wordPart("library slug"), asciiPart("container type"), wordPart("container id")}
	if reason := checkColonKey(s, "lct", rules); reason != "" {
		return "", &KeyError{Type: "library container key", Value: s, Reason: reason, Forms: containerForm}
	}
	return LibraryContainerLocator(s), nil
}

// partRule checks one ":"-separated part of a v2 library key.
type partRule struct {
	name    string
	allowed func(rune) bool
}

// asciiPart allows ASCII letters, digits, "_", "-" and ".", the default field
// rule of the v2 keys.
func asciiPart(name string) partRule {
	return partRule{name, func(r rune) bool { return r < unicode.MaxASCII && (isWord(r) || r == '-' || r == '.') }}
}

// wordPart allows Unicode letters and digits, "_", "-" and ".": the rule for
// library slugs and block, collection and container ids.
func wordPart(name string) partRule {
	return partRule{name, func(r rune) bool { return isWord(r) || r == '-' || r == '.' }}
}

func checkColonKey(s, namespace string, rules []partRule) string {
	rest, ok := strings.CutPrefix(s, namespace+":")
	if !ok {
		return fmt.Sprintf("missing %q prefix", namespace+":")
	}
	parts := strings.Split(rest, ":")
	if len(parts) != len(rules) {
		return fmt.Sprintf("has %d parts after %q, expected %d", len(parts), namespace+":", len(rules))
	}
	for i, rule := range rules {
		if reason := checkChars(parts[i], rule.name, rule.allowed); reason != "" {
			return reason
		}
	}
	return ""
}

// charSet is a character class with a table for ASCII, so that checking an
// ASCII key, the common case, needs no function call per character.
type charSet struct {
	ascii   [utf8.RuneSelf]bool
	allowed func(rune) bool
}

func newCharSet(allowed func(rune) bool) *charSet {
	cs := &charSet{allowed: allowed}
	for c := range utf8.RuneSelf {
		cs.ascii[c] = allowed(rune(c))
	}
	return cs
}

var (
	idChars      = newCharSet(isIDChar)
	blockIDChars = newCharSet(isBlockIDChar)
)

// check returns what checkChars returns for part, but looks up ASCII
// characters in the table and calls checkChars only for other input.
func (cs *charSet) check(part, name string) string {
	for i := range len(part) {
		if c := part[i]; c >= utf8.RuneSelf || !cs.ascii[c] {
			return checkChars(part, name, cs.allowed)
		}
	}
	if part == "" {
		return "empty " + name
	}
	return ""
}

func checkChars(part, name string, allowed func(rune) bool) string {
	if part == "" {
		return "empty " + name
	}
	for _, r := range part {
		if !allowed(r) {
			return fmt.Sprintf("character %q not allowed in %s %q", r, name, part)
		}
	}
	return ""
}

// isWord matches Python's Unicode \w: letters, numbers and "_". ASCII, the
// common case, is checked without the Unicode tables.
func isWord(r rune) bool {
	if r < utf8.RuneSelf {
		return r == '_' || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9')
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}

// isIDChar matches the characters of locator ids: \w, "-", "~", "." and ":".
func isIDChar(r rune) bool { return isWord(r) || r == '-' || r == '~' || r == '.' || r == ':' }

// isBlockIDChar also allows "%" for block ids.
func isBlockIDChar(r rune) bool { return isIDChar(r) || r == '%' }

// isDeprecatedChar matches the characters allowed in the old slash and i4x forms.
func isDeprecatedChar(r rune) bool { return isWord(r) || r == '.' || r == '%' || r == '-' }

// locatorKind lists which "+"-separated parts a locator must and may have.
type locatorKind struct {
	run, block, ccx, library bool
}

var (
	locatorCourse       = locatorKind{run: true}
	locatorCCX          = locatorKind{run: true, ccx: true}
	locatorBlock        = locatorKind{run: true, block: true}
	locatorCCXBlock     = locatorKind{run: true, ccx: true, block: true}
	locatorLibrary      = locatorKind{library: true}
	locatorLibraryBlock = locatorKind{library: true, block: true}
)

// checkLocator validates the part after the namespace of a "+"-separated
// locator: ORG+COURSE[+RUN] followed by optional branch@ and version@ parts
// and, depending on kind, ccx@N and type@TYPE+block@ID. It does not allocate
// for a valid key because producers check every key they send.
func checkLocator(s string, kind locatorKind) string {
	if strings.HasPrefix(s, "version@") {
		// A locator may name a version alone, without org, course and run.
		return checkLocatorTail(s, true, kind)
	}
	named := 2
	if kind.run {
		named = 3
	}
	if n := strings.Count(s, "+") + 1; n < named {
		return fmt.Sprintf("has %d \"+\"-separated parts, expected at least %d", n, named)
	}
	rest := s
	for i := range named {
		part, tail, _ := strings.Cut(rest, "+")
		rest = tail
		if strings.Contains(part, "@") {
			return fmt.Sprintf("part %d %q must not contain \"@\"", i+1, part)
		}
		if reason := idChars.check(part, "id"); reason != "" {
			return reason
		}
	}
	return checkLocatorTail(rest, strings.Count(s, "+")+1 > named, kind)
}

// tagOrder lists the name@value parts of a locator in their required order.
var tagOrder = []string{"branch", "version", "ccx", "type", "block"}

// checkLocatorTail validates the name@value parts after the named ones;
// present reports whether there are any.
func checkLocatorTail(rest string, present bool, kind locatorKind) string {
	seen := 0 // bit i set when tagOrder[i] was seen
	next := 0
	for present {
		part, tail, more := strings.Cut(rest, "+")
		rest, present = tail, more
		prefix, value, ok := strings.Cut(part, "@")
		if !ok {
			return fmt.Sprintf("part %q is not of the form name@value", part)
		}
		i := indexOf(tagOrder[next:], prefix)
		if i < 0 || !kind.allows(prefix) {
			return fmt.Sprintf("unexpected or misplaced part %q", part)
		}
		next += i + 1
		seen |= 1 << (next - 1)
		if reason := checkTaggedValue(prefix, value); reason != "" {
			return reason
		}
	}
	return checkRequiredTags(seen, kind)
}

// allows reports whether a locator of this kind may have the name@ part.
func (k locatorKind) allows(prefix string) bool {
	switch prefix {
	case "ccx":
		return k.ccx
	case "type", "block":
		return k.block
	}
	return true
}

func checkTaggedValue(prefix, value string) string {
	switch prefix {
	case "version":
		// A version is a MongoDB ObjectId: 24 hexadecimal digits.
		if len(value) != 24 {
			return fmt.Sprintf("version %q is not 24 hexadecimal digits", value)
		}
		return checkChars(value, "version", func(r rune) bool {
			return (r >= '0' && r <= '9') || (r >= 'a' && r <= 'f') || (r >= 'A' && r <= 'F')
		})
	case "ccx":
		return checkChars(value, "ccx id", func(r rune) bool { return r >= '0' && r <= '9' })
	case "block":
		return blockIDChars.check(value, "block id")
	default:
		return idChars.check(value, prefix)
	}
}

func checkRequiredTags(seen int, kind locatorKind) string {
	for i, name := range tagOrder {
		required := (name == "ccx" && kind.ccx) || ((name == "type" || name == "block") && kind.block)
		if required && seen&(1<<i) == 0 {
			return fmt.Sprintf("missing %q part", name+"@")
		}
	}
	return ""
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

// checkSlashCourse validates the old "ORG/COURSE/RUN" form. As in the Python
// class, the run may be empty.
func checkSlashCourse(s string) string {
	parts := strings.Split(s, "/")
	if len(parts) != 3 {
		return "unknown key type"
	}
	names := []string{"org", "course", "run"}
	for i, p := range parts {
		if i == 2 && p == "" {
			break
		}
		if reason := checkChars(p, names[i], isDeprecatedChar); reason != "" {
			return reason
		}
	}
	return ""
}

// checkI4X validates the part of an old "i4x://ORG/COURSE/TYPE/ID[@BRANCH]"
// usage key after the scheme.
func checkI4X(s string) string {
	rest, branch, hasBranch := strings.Cut(s, "@")
	parts := strings.Split(rest, "/")
	if len(parts) != 4 {
		return fmt.Sprintf("has %d \"/\"-separated parts after \"i4x://\", expected 4", len(parts))
	}
	names := []string{"org", "course", "block type", "block id"}
	for i, p := range parts {
		if reason := checkChars(p, names[i], isDeprecatedChar); reason != "" {
			return reason
		}
	}
	if hasBranch {
		return checkChars(branch, "branch", func(r rune) bool { return isIDChar(r) || r == '%' })
	}
	return ""
}
