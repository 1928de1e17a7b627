package events

import (
	"errors"
	"strings"
	"testing"
)

type keyCase struct {
	in      string
	errText string // "" for a valid key
}

func checkKeys(t *testing.T, parse func(string) error, cases []keyCase) {
	t.Helper()
	for _, c := range cases {
		err := parse(c.in)
		if c.errText == "" {
			if err != nil {
				t.Errorf("%q: %v", c.in, err)
			}
			continue
		}
		var ke *KeyError
		if !errors.As(err, &ke) {
			t.Errorf("%q: got %v, want a *KeyError", c.in, err)
			continue
		}
		if !strings.Contains(err.Error(), c.errText) {
			t.Errorf("%q: error %q does not contain %q", c.in, err, c.errText)
		}
		if ke.Value != c.in {
			t.Errorf("%q: KeyError.Value is %q", c.in, ke.Value)
		}
	}
}

func parser[K ~string](parse func(string) (K, error)) func(string) error {
	return func(s string) error {
		k, err := parse(s)
		if err == nil && string(k) != s {
			return errors.New("parsed key differs from the input: " + string(k))
		}
		return err
	}
}

func TestParseCourseKey(t *testing.T) {
	checkKeys(t, parser(ParseCourseKey), []keyCase{
		{in: "course-v1:edX+DemoX+2024_T1"},
		{in: "course-v1:OpenedX+CS-101+run.2"},
		{in: "course-v1:edX+DemoX+Demo~Course:2"},
		{in: "course-v1:Ünï+Cödé+2024"},
		{in: "course-v1:edX+DemoX+2024+branch@published"},
		{in: "course-v1:edX+DemoX+2024+version@519665f6223ebd6980884f2b"},
		{in: "course-v1:edX+DemoX+2024+branch@draft+version@519665f6223ebd6980884f2b"},
		{in: "edX/DemoX/Demo_Course"},
		{in: "edX/DemoX/"},
		{in: "MITx/6.002x/2012_Fall"},
		{in: "ccx-v1:edX+DemoX+2024_T1+ccx@3"},
		{in: "library-v1:UniX+PhysicsProbs"},
		{in: "", errText: "unknown key type"},
		{in: "course-v1:edX+DemoX", errText: "expected at least 3"},
		{in: "course-v1:edX+Demo X+2024", errText: "character ' ' not allowed"},
		{in: "course-v1:edX++2024", errText: "empty id"},
		{in: "course-v1:edX+DemoX+2024+", errText: "not of the form name@value"},
		{in: "course-v1:edX+DemoX+2024+type@problem", errText: "misplaced part"},
		{in: "course-v1:edX+DemoX+2024+version@xyz", errText: "not 24 hexadecimal digits"},
		{in: "course-v1:edX+DemoX+2024+version@519665f6223ebd6980884f2g", errText: "not allowed in version"},
		{in: "course-v1:version@519665f6223ebd6980884f2b"},
		{in: "course-v1:version@519665f6223ebd6980884f2b+branch@draft", errText: "misplaced part"},
		{in: "course-v1:edX+DemoX+2024+version@519665f6223ebd6980884f2b+branch@draft", errText: "misplaced part"},
		{in: "course-v1:edX/DemoX/2024", errText: "expected at least 3"},
		{in: "edX/DemoX", errText: "unknown key type"},
		{in: "edX/Demo X/2024", errText: "not allowed in course"},
		{in: "edX/DemoX/2024:1", errText: "not allowed in run"},
		{in: "/DemoX/2024", errText: "empty org"},
		{in: "ccx-v1:edX+DemoX+2024", errText: "missing \"ccx@\" part"},
		{in: "lib:edX:demo-lib", errText: "unknown key type"},
	})
}

func TestParseUsageKey(t *testing.T) {
	checkKeys(t, parser(ParseUsageKey), []keyCase{
		{in: "block-v1:edX+DemoX+2024_T1+type@problem+block@abc123"},
		{in: "block-v1:OpenedX+CS-101+run.2+type@vertical+block@0a1b2c3d"},
		{in: "block-v1:edX+DemoX+2024+type@html+block@a%20b"},
		{in: "block-v1:edX+DemoX+2024+branch@draft+type@html+block@x"},
		{in: "block-v1:version@519665f6223ebd6980884f2b+type@html+block@x"},
		{in: "ccx-block-v1:edX+DemoX+2024+ccx@3+type@problem+block@abc"},
		{in: "lib-block-v1:UniX+PhysicsProbs+type@problem+block@p1"},
		{in: "lb:edX:demo-lib:problem:p1"},
		{in: "i4x://edX/DemoX/problem/abc123"},
		{in: "i4x://edX/DemoX/problem/abc123@draft"},
		{in: "i4x://MITx/6.002x/html/a%20b"},
		{in: "block-v1:edX+DemoX+2024+type@problem", errText: "missing \"block@\" part"},
		{in: "block-v1:edX+DemoX+2024+block@abc", errText: "missing \"type@\" part"},
		{in: "block-v1:edX+DemoX+2024+block@abc+type@problem", errText: "misplaced part"},
		{in: "block-v1:edX+DemoX+2024+type@pro%blem+block@abc", errText: "not allowed in type"},
		{in: "block-v1:edX+DemoX+2024+type@problem+block@a/b", errText: "not allowed in block id"},
		{in: "block-v1:edX+DemoX+type@problem+block@abc", errText: "must not contain \"@\""},
		{in: "i4x://edX/DemoX/problem", errText: "expected 4"},
		{in: "i4x://edX/DemoX/problem/a:b", errText: "not allowed in block id"},
		{in: "i4x://edX/DemoX/problem/abc@", errText: "empty branch"},
		{in: "course-v1:edX+DemoX+2024", errText: "unknown key type"},
		{in: "lb:edX:demo-lib:problem", errText: "expected 4"},
		{in: "", errText: "unknown key type"},
	})
}

func TestParseCCXLocator(t *testing.T) {
	checkKeys(t, parser(ParseCCXLocator), []keyCase{
		{in: "ccx-v1:edX+DemoX+2024_T1+ccx@3"},
		{in: "ccx-v1:edX+DemoX+2024_T1+branch@draft+ccx@12"},
		{in: "ccx-v1:edX+DemoX+2024_T1+ccx@x", errText: "not allowed in ccx id"},
		{in: "ccx-v1:edX+DemoX+2024_T1", errText: "missing \"ccx@\" part"},
		{in: "course-v1:edX+DemoX+2024_T1+ccx@3", errText: "missing \"ccx-v1:\" prefix"},
	})
}

func TestParseLibraryLocatorV2(t *testing.T) {
	checkKeys(t, parser(ParseLibraryLocatorV2), []keyCase{
		{in: "lib:OpenedX:CSPROB"},
		{in: "lib:edX:demo-lib"},
		{in: "lib:edX:démo.lib_2"},
		{in: "lib:édX:demo", errText: "not allowed in org"},
		{in: "lib:edX", errText: "has 1 parts"},
		{in: "lib:edX:demo:x", errText: "has 3 parts"},
		{in: "lib::demo", errText: "empty org"},
		{in: "lib:edX:de mo", errText: "not allowed in slug"},
		{in: "lb:edX:demo", errText: "missing \"lib:\" prefix"},
	})
}

func TestParseLibraryUsageLocatorV2(t *testing.T) {
	checkKeys(t, parser(ParseLibraryUsageLocatorV2), []keyCase{
		{in: "lb:OpenedX:CSPROB:html:571fe018-f3ce-45c9-8f53-5dafcb422fdd"},
		{in: "lb:edX:demo-lib:problem:p1"},
		{in: "lb:edX:demo-lib:problem", errText: "has 3 parts"},
		{in: "lb:edX:demo-lib:prob lem:p1", errText: "not allowed in block type"},
		{in: "lb:edX:demo-lib:problem:", errText: "empty usage id"},
		{in: "lib:edX:demo-lib:problem:p1", errText: "missing \"lb:\" prefix"},
	})
}

func TestParseLibraryCollectionLocator(t *testing.T) {
	checkKeys(t, parser(ParseLibraryCollectionLocator), []keyCase{
		{in: "lib-collection:OpenedX:CSPROB:col1"},
		{in: "lib-collection:edX:demo-lib:my_collection.2"},
		{in: "lib-collection:OpenedX:CSPROB", errText: "has 2 parts"},
		{in: "lib-collection:OpenedX:CSPROB:col/1", errText: "not allowed in collection id"},
		{in: "lib:OpenedX:CSPROB:col1", errText: "missing \"lib-collection:\" prefix"},
	})
}

func TestParseLibraryContainerLocator(t *testing.T) {
	checkKeys(t, parser(ParseLibraryContainerLocator), []keyCase{
		{in: "lct:OpenedX:CSPROB:unit:unit-1"},
		{in: "lct:edX:demo-lib:section:s1"},
		{in: "lct:OpenedX:CSPROB:unit", errText: "has 3 parts"},
		{in: "lct:OpenedX:CSPROB:un it:unit-1", errText: "not allowed in container type"},
		{in: "lct:OpenedX:CSPROB:unit:", errText: "empty container id"},
		{in: "lb:OpenedX:CSPROB:unit:unit-1", errText: "missing \"lct:\" prefix"},
	})
}

func TestCharSetMatchesCheckChars(t *testing.T) {
	parts := []string{"", "edX", "Demo-X_1.2~3:4", "a b", "a@b", "a%b", "café", "日本", "a\x00b", "\xff"}
	for c := range 256 {
		parts = append(parts, "x"+string(rune(c)), string([]byte{byte(c)}))
	}
	for _, part := range parts {
		for _, tc := range []struct {
			set     *charSet
			allowed func(rune) bool
		}{{idChars, isIDChar}, {blockIDChars, isBlockIDChar}} {
			got, want := tc.set.check(part, "id"), checkChars(part, "id", tc.allowed)
			if got != want {
				t.Errorf("check(%q): got %q, want %q", part, got, want)
			}
		}
	}
}

func TestKeyRuleCachesOnlyValidKeys(t *testing.T) {
	rule := keyParser("course key", ParseCourseKey)
	for range 2 {
		if err := rule.parse("course-v1:edX+DemoX+2024"); err != nil {
			t.Errorf("valid key: %v", err)
		}
	}
	for range 2 {
		if err := rule.parse("course-v1:edX"); err == nil {
			t.Error("invalid key accepted")
		}
	}
	if err := rule.parse("course-v1:edX+DemoX+2024"); err != nil {
		t.Errorf("valid key after an invalid one: %v", err)
	}
}
