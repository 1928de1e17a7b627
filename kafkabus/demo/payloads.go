package demo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"strconv"

	"github.com/openedx-go/eventbus/events"
)

// LoadPayloads reads one payload for each definition from fsys: the file
// "<event type>.json" holding the event's record dictionary, such as
// {"enrollment": {"user": {...}, ...}}. It returns the payloads by event type.
func LoadPayloads(fsys fs.FS, defs []events.Definition) (map[string]any, error) {
	payloads := make(map[string]any, len(defs))
	var errs []error
	for _, def := range defs {
		p, err := loadPayload(fsys, def)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		payloads[def.EventType()] = p
	}
	return payloads, errors.Join(errs...)
}

func loadPayload(fsys fs.FS, def events.Definition) (any, error) {
	name := def.EventType() + ".json"
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("read payload of %s: %w", def.EventType(), err)
	}
	rec, err := decodeRecord(data)
	if err != nil {
		return nil, fmt.Errorf("read payload file %s: %w", name, err)
	}
	p, err := def.FromRecord(rec)
	if err != nil {
		return nil, fmt.Errorf("payload file %s does not fit %s: %w", name, def.EventType(), err)
	}
	return p, nil
}

// decodeRecord parses a JSON object into a record dictionary: integers become
// int64 and other numbers float64, as the Avro codec expects.
func decodeRecord(data []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("invalid JSON: %w", err)
	}
	rec, ok := numbersToNative(v).(map[string]any)
	if !ok {
		return nil, fmt.Errorf("the JSON value is not an object: write the record as {\"<payload key>\": {...}}")
	}
	return rec, nil
}

func numbersToNative(v any) any {
	switch x := v.(type) {
	case json.Number:
		if i, err := strconv.ParseInt(x.String(), 10, 64); err == nil {
			return i
		}
		f, _ := x.Float64()
		return f
	case map[string]any:
		for k, e := range x {
			x[k] = numbersToNative(e)
		}
		return x
	case []any:
		for i, e := range x {
			x[i] = numbersToNative(e)
		}
		return x
	default:
		return v
	}
}
