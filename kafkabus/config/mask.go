package config

import (
	"fmt"
	"log/slog"
	"net/url"
	"strings"
)

// Masked is the text shown in place of a secret.
const Masked = "********"

// mask hides a non-empty secret; an empty one stays empty so that "unset" shows.
func mask(secret string) string {
	if secret == "" {
		return ""
	}
	return Masked
}

// maskURL hides the password of a URL with user information.
func maskURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	if _, hasPassword := u.User.Password(); !hasPassword {
		return u.String()
	}
	// url.URL would escape the mask as %2A, so the user information is added by
	// hand after the scheme.
	user := url.User(u.User.Username()).String()
	u.User = nil
	rest := strings.TrimPrefix(u.String(), u.Scheme+"://")
	return u.Scheme + "://" + user + ":" + Masked + "@" + rest
}

// SecretProperty reports whether a librdkafka property holds a secret: its name
// mentions a password, secret, private key or JAAS configuration.
func SecretProperty(name string) bool {
	n := strings.ToLower(name)
	for _, word := range []string{"password", "secret", "key.pem", "private.key", "jaas", "token"} {
		if strings.Contains(n, word) {
			return true
		}
	}
	return false
}

// Masked returns a copy of s with every secret replaced by [Masked]: the API
// secrets, the password in the registry URL and secret passthrough properties.
func (s Settings) Masked() Settings {
	c := s.Clone()
	c.APISecret = mask(c.APISecret)
	c.SchemaRegistryAPISecret = mask(c.SchemaRegistryAPISecret)
	c.SchemaRegistryURL = maskURL(c.SchemaRegistryURL)
	for k, v := range c.Kafka {
		if SecretProperty(k) {
			c.Kafka[k] = mask(v)
		}
	}
	return c
}

// Display returns every setting as (setting name, text) pairs in [Fields] order,
// followed by the passthrough properties as ("kafka."+name, value), with secrets
// masked.
func (s Settings) Display() [][2]string {
	m := s.Masked()
	var rows [][2]string
	for _, f := range Fields {
		rows = append(rows, [2]string{f.Env, f.get(m)})
	}
	for _, k := range sortedKeys(m.Kafka) {
		rows = append(rows, [2]string{"kafka." + k, m.Kafka[k]})
	}
	return rows
}

// String returns the settings with secrets masked, one "NAME=value" per field.
func (s Settings) String() string {
	var b strings.Builder
	for i, row := range s.Display() {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s=%q", row[0], row[1])
	}
	return b.String()
}

// GoString is [Settings.String], so %#v masks the secrets too.
func (s Settings) GoString() string { return "config.Settings{" + s.String() + "}" }

// LogValue makes slog log the settings with secrets masked.
func (s Settings) LogValue() slog.Value {
	rows := s.Display()
	attrs := make([]slog.Attr, len(rows))
	for i, row := range rows {
		attrs[i] = slog.String(row[0], row[1])
	}
	return slog.GroupValue(attrs...)
}
