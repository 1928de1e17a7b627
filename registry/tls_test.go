package registry_test

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
	"io"
	"log"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/openedx-go/eventbus/registry"
)

func writePEM(t *testing.T, path, kind string, der []byte) {
	t.Helper()
	data := pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der})
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// clientCertificate creates a self-signed client certificate and writes it
// and its key to dir.
func clientCertificate(t *testing.T, dir string) (certFile, keyFile string, cert *x509.Certificate) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	template := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "eventbus test client"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "client.pem"), filepath.Join(dir, "client-key.pem")
	writePEM(t, certFile, "CERTIFICATE", der)
	writePEM(t, keyFile, "EC PRIVATE KEY", keyDER)
	cert, err = x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile, cert
}

// tlsServer starts a TLS registry stub that counts handshakes and keeps the
// handshake failures out of the test output.
func tlsServer(t *testing.T, cfg *tls.Config) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var handshakes atomic.Int32
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeSchema(w)
	}))
	ts.Config.ErrorLog = log.New(io.Discard, "", 0)
	ts.TLS = cfg
	ts.TLS.GetConfigForClient = func(*tls.ClientHelloInfo) (*tls.Config, error) {
		handshakes.Add(1)
		return nil, nil
	}
	ts.StartTLS()
	t.Cleanup(ts.Close)
	return ts, &handshakes
}

func TestMutualTLS(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile, clientCert := clientCertificate(t, dir)
	clientCAs := x509.NewCertPool()
	clientCAs.AddCert(clientCert)
	ts, handshakes := tlsServer(t, &tls.Config{ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: clientCAs})
	caFile := filepath.Join(dir, "ca.pem")
	writePEM(t, caFile, "CERTIFICATE", ts.Certificate().Raw)

	cfg := registry.Config{URL: ts.URL, CAFile: caFile, CertFile: certFile, KeyFile: keyFile}
	if _, err := newClient(t, cfg).SchemaByID(context.Background(), 1); err != nil {
		t.Errorf("SchemaByID over mutual TLS: %v", err)
	}

	handshakes.Store(0)
	noCert := registry.Config{URL: ts.URL, CAFile: caFile}
	_, err := newClient(t, noCert, fastRetries).SchemaByID(context.Background(), 1)
	if err == nil {
		t.Fatal("SchemaByID without a client certificate succeeded")
	}
	if registry.IsTransient(err) {
		t.Errorf("IsTransient(%v) = true, want false for a rejected handshake", err)
	}
	if got := handshakes.Load(); got != 1 {
		t.Errorf("handshakes = %d, want 1 (no retry)", got)
	}
}

func TestUnknownServerCertificateIsNotRetried(t *testing.T) {
	ts, handshakes := tlsServer(t, &tls.Config{})
	_, err := newClient(t, registry.Config{URL: ts.URL}, fastRetries).SchemaByID(context.Background(), 1)
	var unknown x509.UnknownAuthorityError
	if !errors.As(err, &unknown) {
		t.Fatalf("SchemaByID against an unknown CA: %v, want x509.UnknownAuthorityError", err)
	}
	if registry.IsTransient(err) {
		t.Errorf("IsTransient(%v) = true, want false for a certificate error", err)
	}
	if got := handshakes.Load(); got != 1 {
		t.Errorf("handshakes = %d, want 1 (no retry)", got)
	}
}
