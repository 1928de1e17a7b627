package kafkabus

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/openedx-go/eventbus/kafkabus/kafkatest"
	"github.com/openedx-go/eventbus/registry"
)

// selfSignedTLS returns a server TLS configuration for 127.0.0.1 and the path of
// its certificate as a PEM file for clients to trust.
func selfSignedTLS(t *testing.T) (*tls.Config, string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "127.0.0.1"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER})
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, certPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	return &tls.Config{Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS12}, caFile
}

func TestProduceOverSASLSSL(t *testing.T) {
	tlsConfig, caFile := selfSignedTLS(t)
	env := kafkatest.Start(t, kafkatest.WithKfakeOptions(
		kfake.TLS(tlsConfig), kfake.EnableSASL(), kfake.Superuser("PLAIN", "bus-key", "bus-secret")))
	def, payload := testPayload(t, enrollmentType)

	tests := []struct {
		name    string
		secret  string
		wantErr bool
	}{
		{"right secret", "bus-secret", false},
		{"wrong secret", "not-the-secret", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := env.Settings()
			s.APIKey, s.APISecret = "bus-key", tt.secret
			s.Kafka["ssl.ca.location"] = caFile
			s.Kafka["message.timeout.ms"] = "1500"
			var logs logBuffer
			p := startProducer(t, s, WithProducerLogger(slog.New(slog.NewJSONHandler(&logs, nil))))
			_, err := p.ProduceSync(context.Background(), def, "secured", "enrollment.course.course_key",
				payload, newMetadata(t, def))
			if tt.wantErr && err == nil {
				t.Fatal("produce with a wrong SASL secret succeeded")
			}
			if tt.wantErr && !strings.Contains(logs.String(), "SASL authentication error") {
				t.Errorf("no authentication failure logged:\n%s", logs.String())
			}
			if !tt.wantErr && err != nil {
				t.Fatalf("produce over SASL_SSL: %v", err)
			}
		})
	}
}

func TestProduceWithRegistryCredentials(t *testing.T) {
	env := kafkatest.Start(t, kafkatest.WithRegistryBasicAuth("sr-key", "sr-secret"))
	def, payload := testPayload(t, enrollmentType)

	tests := []struct {
		name    string
		secret  string
		wantErr bool
	}{
		{"right secret", "sr-secret", false},
		{"wrong secret", "not-the-secret", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := env.Settings()
			if s.SchemaRegistryAPIKey != "sr-key" {
				t.Fatalf("Settings() registry key = %q, want the basic auth user", s.SchemaRegistryAPIKey)
			}
			s.SchemaRegistryAPISecret = tt.secret
			p := startProducer(t, s)
			_, err := p.ProduceSync(context.Background(), def, "registry-auth", "enrollment.course.course_key",
				payload, newMetadata(t, def))
			if tt.wantErr && !errors.Is(err, registry.ErrUnauthorized) {
				t.Fatalf("err = %v, want one matching registry.ErrUnauthorized", err)
			}
			if !tt.wantErr && err != nil {
				t.Fatalf("produce with registry credentials: %v", err)
			}
			if strings.Contains(fmt.Sprint(err), tt.secret) {
				t.Errorf("error shows the registry secret: %v", err)
			}
		})
	}
}
