// Package testevents embeds one realistic record dictionary per serializable
// event type, in files named "<event type>.json", so that commands such as
// eventbus demo and eventbus bench work from any directory.
package testevents

import "embed"

// FS contains the "<event type>.json" files of this directory.
//
//go:embed *.json
var FS embed.FS
