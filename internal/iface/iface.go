// Package iface reads and builds Go interface values through their memory layout:
// a pointer to the dynamic type and a pointer to the value. It keeps that
// knowledge of the runtime in one place for the codec's allocation-free paths.
package iface

import "unsafe"

// emptyInterface is the memory layout of an interface value without methods.
type emptyInterface struct {
	typ  unsafe.Pointer
	data unsafe.Pointer
}

// TypeOf returns the dynamic type word of v, for use with [At].
func TypeOf(v any) unsafe.Pointer {
	return (*emptyInterface)(unsafe.Pointer(&v)).typ
}

// Data returns the value word of v. For a value larger than a pointer, it points
// to the interface value's own copy, which nothing may write to.
func Data(v any) unsafe.Pointer {
	return (*emptyInterface)(unsafe.Pointer(&v)).data
}

// At returns an interface value of the dynamic type typ whose value is the memory
// at p, which must contain a value of that type. Converting a value to an
// interface copies it to a new allocation. At shares the memory instead, so it is
// safe only while nothing writes to that memory.
func At(typ, p unsafe.Pointer) any {
	e := emptyInterface{typ: typ, data: p}
	return *(*any)(unsafe.Pointer(&e))
}
