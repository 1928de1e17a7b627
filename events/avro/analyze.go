package avro

// analyze computes the derived facts the codec uses for every type reachable from root:
// whether decoded values need conversion, the minimum encoded size, and the goavro union
// branch names. It runs once at the end of Parse.
func analyze(root *Type) {
	a := analyzer{state: make(map[*Type]uint8)}
	a.visit(root)
}

const (
	stateVisiting = 1
	stateDone     = 2
)

type analyzer struct {
	state map[*Type]uint8
}

func (a analyzer) visit(t *Type) {
	if a.state[t] != 0 {
		return
	}
	a.state[t] = stateVisiting
	switch t.Kind {
	case Int, Float, Union:
		t.needsConversion = true
	}
	t.minSize = primitiveMinSize(t)

	switch t.Kind {
	case Record:
		a.visitRecord(t)
	case Array, Map:
		elem := t.Items
		if t.Kind == Map {
			elem = t.Values
		}
		a.visit(elem)
		t.needsConversion = elem.needsConversion || a.state[elem] == stateVisiting
	case Union:
		a.visitUnion(t)
	}
	a.state[t] = stateDone
}

func (a analyzer) visitRecord(t *Type) {
	for _, f := range t.Fields {
		a.visit(f.Type)
		// A type still being visited is part of a cycle: assume the worst for it.
		if a.state[f.Type] == stateVisiting || f.Type.needsConversion {
			t.needsConversion = true
		}
		if a.state[f.Type] == stateDone {
			t.minSize += f.Type.minSize
		}
	}
}

func (a analyzer) visitUnion(t *Type) {
	t.branchIndex = make(map[string]int, len(t.Branches))
	t.nullBranch, t.soleBranch = -1, -1
	nonNull := 0
	for i, b := range t.Branches {
		a.visit(b)
		t.branchIndex[b.goavroTypeName()] = i
		if b.Kind == Null {
			t.nullBranch = i
		} else {
			nonNull++
			t.soleBranch = i
		}
	}
	if nonNull != 1 {
		t.soleBranch = -1
	} else {
		t.soleBranchName = t.Branches[t.soleBranch].goavroTypeName()
	}
	t.minSize = 1
}

// primitiveMinSize returns the minimum number of bytes a value of t takes, not counting
// record fields, which the analyzer adds.
func primitiveMinSize(t *Type) int {
	switch t.Kind {
	case Null, Record:
		return 0
	case Float:
		return 4
	case Double:
		return 8
	case Fixed:
		return t.Size
	}
	return 1
}

func (t *Type) goavroTypeName() string {
	if t.Kind.Named() {
		return t.goavroName
	}
	return t.Kind.String()
}
