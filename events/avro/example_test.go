package avro_test

import (
	"fmt"

	"github.com/openedx-go/eventbus/events/avro"
)

func ExampleSchema_Text() {
	s, err := avro.Parse([]byte(`{
		"type": "record", "name": "CloudEvent", "namespace": "org.example.v1",
		"fields": [{"name": "user", "type": "string", "doc": "caf\u00e9"}]
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Text())
	fmt.Println(s.CanonicalForm())
	// Output:
	// {"fields": [{"doc": "caf\u00e9", "name": "user", "type": "string"}], "name": "CloudEvent", "namespace": "org.example.v1", "type": "record"}
	// {"name":"org.example.v1.CloudEvent","type":"record","fields":[{"name":"user","type":"string"}]}
}

func ExampleCodec() {
	s := avro.MustParse(`{"type": "record", "name": "Event", "fields": [
		{"name": "id", "type": "long"},
		{"name": "note", "type": ["null", "string"], "default": null},
		{"name": "tags", "type": {"type": "map", "values": "string"}}]}`)
	codec, err := avro.NewCodec(s)
	if err != nil {
		fmt.Println(err)
		return
	}

	data, err := codec.Encode(map[string]any{
		"id": 42, "note": "hi", "tags": map[string]any{"b": "2", "a": "1"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%x\n", data)

	record, err := codec.Decode(data)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(record["id"], record["note"], record["tags"])

	_, err = codec.Encode(map[string]any{"id": "42", "tags": map[string]any{}})
	fmt.Println(err)
	// Output:
	// 540204686904026102310262023200
	// 42 hi map[a:1 b:2]
	// id: expected long, got string
}

func ExampleCheckCompatibility() {
	v1 := avro.MustParse(`{"type": "record", "name": "User", "fields": [
		{"name": "id", "type": "long"}]}`)
	v2 := avro.MustParse(`{"type": "record", "name": "User", "fields": [
		{"name": "id", "type": "long"}, {"name": "email", "type": "string"}]}`)
	for _, problem := range avro.CheckCompatibility(avro.LevelBackward, v2, []*avro.Schema{v1}) {
		fmt.Println(problem)
	}
	// Output:
	// new schema reading data written by version 1: User.email: field is missing from the writer schema and has no default in the reader schema
}
