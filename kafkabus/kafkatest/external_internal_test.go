package kafkatest

import (
	"strings"
	"testing"
)

func TestExternalFromEnv(t *testing.T) {
	tests := []struct {
		name          string
		vars          map[string]string
		wantBootstrap string
		wantURL       string
		wantErr       string // "" for success
	}{
		{name: "none", vars: nil},
		{name: "blank", vars: map[string]string{EnvBootstrapServers: " ", EnvSchemaRegistryURL: ""}},
		{
			name:          "both",
			vars:          map[string]string{EnvBootstrapServers: "127.0.0.1:9092", EnvSchemaRegistryURL: "http://127.0.0.1:8081/"},
			wantBootstrap: "127.0.0.1:9092",
			wantURL:       "http://127.0.0.1:8081",
		},
		{
			name:    "only bootstrap",
			vars:    map[string]string{EnvBootstrapServers: "127.0.0.1:9092"},
			wantErr: EnvSchemaRegistryURL + " is missing",
		},
		{
			name:    "only registry",
			vars:    map[string]string{EnvSchemaRegistryURL: "http://127.0.0.1:8081"},
			wantErr: EnvBootstrapServers + " is missing",
		},
		{
			name:    "registry without scheme",
			vars:    map[string]string{EnvBootstrapServers: "127.0.0.1:9092", EnvSchemaRegistryURL: "127.0.0.1:8081"},
			wantErr: `"127.0.0.1:8081" is not an http or https URL`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ext, err := externalFromEnv(func(k string) string { return tt.vars[k] })
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("err = %v, want nil", err)
			}
			if tt.wantBootstrap == "" {
				if ext != nil {
					t.Fatalf("external = %+v, want nil (embedded)", *ext)
				}
				return
			}
			if ext == nil {
				t.Fatal("external = nil, want the services from the environment")
			}
			if ext.bootstrap != tt.wantBootstrap {
				t.Errorf("bootstrap = %q, want %q", ext.bootstrap, tt.wantBootstrap)
			}
			if ext.registryURL != tt.wantURL {
				t.Errorf("registry URL = %q, want %q", ext.registryURL, tt.wantURL)
			}
		})
	}
}
