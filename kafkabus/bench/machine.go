package bench

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"runtime"
	"strings"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
)

// Machine describes where a benchmark ran.
type Machine struct {
	CPUs       int    // runtime.NumCPU
	CPUModel   string // "model name" in /proc/cpuinfo, "unknown" without it
	GoVersion  string
	Librdkafka string
	OS, Arch   string
}

// ReadMachine returns the description of this machine.
func ReadMachine() Machine {
	_, librdkafka := kafka.LibraryVersion()
	return Machine{
		CPUs:       runtime.NumCPU(),
		CPUModel:   cpuModel(),
		GoVersion:  runtime.Version(),
		Librdkafka: librdkafka,
		OS:         runtime.GOOS,
		Arch:       runtime.GOARCH,
	}
}

// String returns a one-line description.
func (m Machine) String() string {
	return fmt.Sprintf("%d CPUs (%s), %s/%s, %s, librdkafka %s",
		m.CPUs, m.CPUModel, m.OS, m.Arch, m.GoVersion, m.Librdkafka)
}

func cpuModel() string {
	info, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown"
	}
	sc := bufio.NewScanner(bytes.NewReader(info))
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(name) == "model name" {
			return strings.TrimSpace(value)
		}
	}
	return "unknown"
}
