package config

import (
	"fmt"
	"strings"
)

// MaxTopicLength is the longest topic name that Kafka accepts.
const MaxTopicLength = 249

// topicRule states Kafka's topic naming rule for error messages.
const topicRule = "a Kafka topic name has 1 to 249 of the characters a-z, A-Z, 0-9, '.', '_' and '-', " +
	`and is not "." or ".."`

// ValidateTopic checks name against Kafka's topic naming rule: 1 to
// [MaxTopicLength] characters from [a-zA-Z0-9._-], and neither "." nor "..".
// Pass the full topic name, with the prefix. The error names the value and the rule.
func ValidateTopic(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("topic name is empty: %s", topicRule)
	case name == "." || name == "..":
		return fmt.Errorf("topic name %q is invalid: %s", name, topicRule)
	case len(name) > MaxTopicLength:
		return fmt.Errorf("topic name %q is %d characters long: %s", name, len(name), topicRule)
	}
	if i := strings.IndexFunc(name, func(r rune) bool { return !validTopicRune(r) }); i >= 0 {
		r := []rune(name[i:])[0]
		return fmt.Errorf("topic name %q contains %q: %s", name, r, topicRule)
	}
	return nil
}
