package registry

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name    string
		cfg     Config
		wantErr string
	}{
		{"zero value", Config{}, ""},
		{"key and secret", Config{APIKey: "k", APISecret: "s"}, ""},
		{"key without secret", Config{APIKey: "k"}, "API secret is missing"},
		{"secret without key", Config{APISecret: "s"}, "API key is missing"},
		{"cert without key", Config{URL: "https://r:8081", CertFile: "c.pem"}, "client key file is missing"},
		{"bad scheme", Config{URL: "ftp://r"}, "scheme must be http or https"},
		{"no host", Config{URL: "http://"}, "host is missing"},
		{"credentials in URL", Config{URL: "http://u:hunter2@r"}, "not the URL"},
		{"TLS over http", Config{URL: "http://r", CAFile: "ca.pem"}, "plain http"},
		{"negative timeout", Config{Timeout: -1}, "invalid schema registry timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cfg.Validate()
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Validate() = %v, want an error containing %q", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("Validate() error %q contains the password", err)
			}
		})
	}
}

func TestConfigHidesSecret(t *testing.T) {
	cfg := Config{URL: "http://127.0.0.1:8081", APIKey: "key", APISecret: "hunter2"}
	var logged bytes.Buffer
	slog.New(slog.NewTextHandler(&logged, nil)).Info("config", "registry", cfg)
	for _, text := range []string{
		fmt.Sprint(cfg), fmt.Sprintf("%+v", cfg), fmt.Sprintf("%#v", cfg), logged.String(),
	} {
		if strings.Contains(text, "hunter2") {
			t.Errorf("formatted config %q contains the secret", text)
		}
	}
}
