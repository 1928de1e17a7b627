package registry_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/openedx-go/eventbus/events/catalog"
	"github.com/openedx-go/eventbus/registry"
)

// BenchmarkLookupIDCached measures id lookups served from the cache, from
// concurrent goroutines, as a producer does for every message.
func BenchmarkLookupIDCached(b *testing.B) {
	ctx := context.Background()
	c := newClient(b, registry.Config{URL: startRegistry(b)})
	if _, err := c.Register(ctx, "s", loginV1); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := c.LookupID(ctx, "s", loginV1); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkSchemaByIDCached measures cached schema fetches by id from
// concurrent goroutines, as a consumer does for every message.
func BenchmarkSchemaByIDCached(b *testing.B) {
	ctx := context.Background()
	c := newClient(b, registry.Config{URL: startRegistry(b)})
	reg, err := c.Register(ctx, "s", loginV1)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := c.SchemaByID(ctx, reg.ID); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkSchemaByIDFetch measures uncached fetches from concurrent
// goroutines: each operation uses a new client, so each is an HTTP request
// to the embedded registry over loopback, plus parsing the schema.
func BenchmarkSchemaByIDFetch(b *testing.B) {
	ctx := context.Background()
	url := startRegistry(b)
	setup := newClient(b, registry.Config{URL: url})
	reg, err := setup.Register(ctx, "s", loginV1)
	if err != nil {
		b.Fatal(err)
	}
	shared := registry.WithHTTPTransport(http.DefaultTransport.(*http.Transport).Clone())
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			c, err := registry.New(registry.Config{URL: url}, shared)
			if err != nil {
				b.Error(err)
				return
			}
			if _, err := c.SchemaByID(ctx, reg.ID); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkRegisterCached measures repeated registrations of a large event
// schema served from the cache, as a producer does before every send.
func BenchmarkRegisterCached(b *testing.B) {
	ctx := context.Background()
	c := newClient(b, registry.Config{URL: startRegistry(b)})
	def, err := catalog.Lookup("org.openedx.learning.course.enrollment.created.v1")
	if err != nil {
		b.Fatal(err)
	}
	schema := def.Schema()
	if _, err := c.Register(ctx, "s", schema); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := c.Register(ctx, "s", schema); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
