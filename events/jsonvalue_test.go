package events

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"
)

type gradeData struct {
	Percent float64            `avro:"percent"`
	Scores  []float64          `avro:"scores"`
	ByPart  map[string]float64 `avro:"by_part"`
}

func TestJSONValueRoundTripsNonFiniteDoubles(t *testing.T) {
	sig := NewSignal[gradeData](Spec{EventType: "org.openedx.test.grade.v1", PayloadKey: "grade"})
	p := gradeData{Percent: math.NaN(), Scores: []float64{math.Inf(1), 0.5}, ByPart: map[string]float64{"a": math.Inf(-1)}}
	rec, err := sig.ToRecord(p)
	if err != nil {
		t.Fatal(err)
	}
	text, err := json.Marshal(JSONValue(rec))
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	want := `{"grade":{"by_part":{"a":"-Infinity"},"percent":"NaN","scores":["Infinity",0.5]}}`
	if string(text) != want {
		t.Errorf("JSON:\n got %s\nwant %s", text, want)
	}
	if _, ok := rec["grade"].(map[string]any)["percent"].(float64); !ok {
		t.Error("JSONValue changed the record it was given")
	}

	var back map[string]any
	if err := json.Unmarshal(text, &back); err != nil {
		t.Fatal(err)
	}
	got, err := sig.PayloadFromRecord(back)
	if err != nil {
		t.Fatalf("FromRecord of the JSON form: %v", err)
	}
	if !math.IsNaN(got.Percent) || !math.IsInf(got.Scores[0], 1) || got.Scores[1] != 0.5 || !math.IsInf(got.ByPart["a"], -1) {
		t.Errorf("payload from the JSON form: %+v", got)
	}
}

func TestJSONValueKeepsFiniteRecords(t *testing.T) {
	rec := map[string]any{"a": 1.5, "b": []any{"x", int64(2)}}
	if got := JSONValue(rec); reflect.ValueOf(got).Pointer() != reflect.ValueOf(rec).Pointer() {
		t.Error("JSONValue copied a record without NaN or infinite doubles")
	}
}

func TestFromRecordRejectsOtherDoubleStrings(t *testing.T) {
	sig := NewSignal[gradeData](Spec{EventType: "org.openedx.test.grade.v1", PayloadKey: "grade"})
	_, err := sig.FromRecord(map[string]any{"grade": map[string]any{"percent": "nan", "scores": []any{}, "by_part": map[string]any{}}})
	if err == nil {
		t.Fatal(`FromRecord accepted "nan" for a double`)
	}
}
