package registry_test

import (
	"context"
	"fmt"
	"net/http/httptest"

	"github.com/openedx-go/eventbus/events/avro"
	"github.com/openedx-go/eventbus/registry"
	"github.com/openedx-go/eventbus/registry/server"
)

func ExampleFrame() {
	framed := registry.Frame(7, []byte{0x02, 0x61})
	fmt.Printf("% x\n", framed)

	id, body, err := registry.Unframe(framed)
	fmt.Println(id, body, err)
	// Output:
	// 00 00 00 00 07 02 61
	// 7 [2 97] <nil>
}

func ExampleValueSubject() {
	fmt.Println(registry.ValueSubject("dev-user-login", "org.openedx.learning.auth.session.login.completed.v1"))
	fmt.Println(registry.KeySubject("dev-user-login", "string"))
	fmt.Println(registry.TopicNameStrategy.ValueSubject("dev-user-login", "ignored"))
	// Output:
	// dev-user-login-org.openedx.learning.auth.session.login.completed.v1.CloudEvent
	// dev-user-login-string
	// dev-user-login-value
}

func ExampleClient_Register() {
	srv, _ := server.New()
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()

	client, err := registry.New(registry.Config{URL: ts.URL})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	courseKey := avro.MustParse(`{"name": "course_key", "type": "string"}`)
	username := avro.MustParse(`{"name": "username", "type": "string"}`)

	first, _ := client.Register(ctx, "dev-enrollment-string", courseKey)
	second, _ := client.Register(ctx, "dev-enrollment-string", username)
	fmt.Printf("%+v\n%+v\n", first, second)
	// Output:
	// {ID:1 Version:1 New:true}
	// {ID:1 Version:1 New:false}
}
