package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/events/avro"
	"github.com/openedx-go/eventbus/events/catalog"
	"github.com/openedx-go/eventbus/kafkabus"
	"github.com/openedx-go/eventbus/kafkabus/config"
	"github.com/openedx-go/eventbus/registry"
)

func newSchemasCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "schemas",
		Short: "Generate, register and check event schemas",
		Args:  usageArgs(cobra.NoArgs),
	}
	cmd.AddCommand(newSchemasGenerateCmd(), newSchemasRegisterCmd(), newSchemasCheckCmd())
	return cmd
}

// route is one (event type, topic) pair whose schemas are registered.
type route struct {
	def      events.Definition
	topic    string // full topic, prefix applied
	keyField string // "" registers the value schema only
	note     string // why keyField is empty, printed as progress
}

type registerOptions struct {
	registry       registryFlags
	all            bool
	producerConfig string
	topic          string
	keyField       string
	strategy       string
}

func newSchemasRegisterCmd() *cobra.Command {
	var opts registerOptions
	cmd := &cobra.Command{
		Use:   "register (--all | TYPE... | --producer-config FILE) [--topic T]",
		Short: "Register the key and value schemas of events in the Schema Registry",
		Long: `Register adds the value schema and the key schema of events to the Schema Registry
under the subjects the Python event bus uses: "<topic>-<event type>.CloudEvent" for the
value and "<topic>-<Avro type of the key>" for the key. Topics are unprefixed;
EVENT_BUS_TOPIC_PREFIX=p turns topic t into p-t.

With --producer-config, every (event type, topic) pair of an EVENT_BUS_PRODUCER_CONFIG
JSON or YAML file is registered with its event_key_field. With --all or event types,
the pairs are those events on --topic, keyed by --key-field or each event's documented
key field. With none of these, the pairs come from the EVENT_BUS_PRODUCER_CONFIG
setting (environment or --config file).

Registering is idempotent. Each subject is printed with its schema id, version and
whether the version is new; progress goes to stderr. The exit status is 1 when any
registration failed and 2 for invalid arguments or settings.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSchemasRegister(cmd, args, &opts)
		},
	}
	opts.registry.bind(cmd)
	flags := cmd.Flags()
	flags.BoolVar(&opts.all, "all", false, "register every serializable event type")
	flags.StringVar(&opts.producerConfig, "producer-config", "",
		"EVENT_BUS_PRODUCER_CONFIG JSON or YAML file naming the (event type, topic) pairs")
	flags.StringVar(&opts.topic, "topic", "", "unprefixed topic for --all or the given event types")
	flags.StringVar(&opts.keyField, "key-field", "",
		"event key path for --all or the given event types (default: each event's documented key field)")
	flags.StringVar(&opts.strategy, "subject-name-strategy", string(registry.TopicRecordNameStrategy),
		"subject naming: topic_record (as the Python event bus), topic or record")
	return cmd
}

func runSchemasRegister(cmd *cobra.Command, args []string, opts *registerOptions) error {
	strategy, err := registry.ParseSubjectNameStrategy(opts.strategy)
	if err != nil {
		return usageError(err)
	}
	settings, err := opts.registry.settings(cmd)
	if err != nil {
		return err
	}
	routes, err := opts.routes(args, settings)
	if err != nil {
		return usageError(err)
	}
	client, err := opts.registry.client(settings)
	if err != nil {
		return err
	}
	r := registrar{client: client, strategy: strategy, out: cmd.OutOrStdout(), progress: cmd.ErrOrStderr(),
		done: make(map[string]bool)}
	return r.run(cmd.Context(), routes)
}

// routes returns the pairs that the arguments select. Without any selection,
// the producer configuration of the settings is used when there is one.
func (o *registerOptions) routes(args []string, s config.Settings) ([]route, error) {
	modes := 0
	for _, set := range []bool{o.all, len(args) > 0, o.producerConfig != ""} {
		if set {
			modes++
		}
	}
	if modes == 0 && len(s.Producer) > 0 && o.topic == "" && o.keyField == "" {
		return configRoutes(s.Producer, "EVENT_BUS_PRODUCER_CONFIG", s)
	}
	if modes != 1 {
		return nil, errors.New("give exactly one of --all, event types or --producer-config " +
			"(or set EVENT_BUS_PRODUCER_CONFIG)")
	}
	if o.producerConfig != "" {
		if o.topic != "" || o.keyField != "" {
			return nil, errors.New("--topic and --key-field do not apply to --producer-config: " +
				"the file names the topics and key fields")
		}
		return producerRoutes(o.producerConfig, s)
	}
	if o.topic == "" {
		return nil, errors.New("--topic is missing: name the unprefixed topic to register the events for")
	}
	if err := checkTopicFlag(s, "topic", o.topic); err != nil {
		return nil, err
	}

	defs, err := selectDefinitions(o.all, args)
	if err != nil {
		return nil, err
	}
	routes := make([]route, 0, len(defs))
	for _, def := range defs {
		rt, err := o.typeRoute(def, s.FullTopic(o.topic))
		if err != nil {
			return nil, err
		}
		routes = append(routes, rt)
	}
	return routes, nil
}

// typeRoute keys def by --key-field or its documented key field. With --all,
// an event whose documented key field is missing or does not resolve gets its
// value schema only, because some documented paths are wrong.
func (o *registerOptions) typeRoute(def events.Definition, topic string) (route, error) {
	rt := route{def: def, topic: topic, keyField: o.keyField}
	if rt.keyField != "" {
		return rt, nil
	}
	rt.keyField = def.DefaultKeyField()
	if rt.keyField == "" {
		if !o.all {
			return rt, fmt.Errorf("event type %s documents no key field: give one with --key-field", def.EventType())
		}
		rt.note = "documents no key field"
		return rt, nil
	}
	if _, err := def.KeyField(rt.keyField); err != nil {
		if !o.all {
			return rt, fmt.Errorf("event type %s: documented key field %q: %w: give one with --key-field",
				def.EventType(), rt.keyField, err)
		}
		rt.note = fmt.Sprintf("documented key field %q is not usable (%v)", rt.keyField, err)
		rt.keyField = ""
	}
	return rt, nil
}

func selectDefinitions(all bool, types []string) ([]events.Definition, error) {
	if all {
		return catalog.Serializable(), nil
	}
	var defs []events.Definition
	var errs []error
	for _, t := range types {
		def, err := catalog.Lookup(t)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if err := checkSendable(def); err != nil {
			errs = append(errs, err)
			continue
		}
		defs = append(defs, def)
	}
	return defs, errors.Join(errs...)
}

// producerRoutes reads a producer configuration file, or a settings file
// containing one, and validates it against the event catalog.
func producerRoutes(path string, s config.Settings) ([]route, error) {
	doc, err := config.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var pc config.ProducerConfig
	if config.IsSettingsDocument(doc) {
		if err := s.ApplyFile(doc); err != nil {
			return nil, fmt.Errorf("settings file %s: %w", path, err)
		}
		pc = s.Producer
	} else if pc, err = config.ParseProducerConfig(doc); err != nil {
		return nil, fmt.Errorf("producer config %s: %w", path, err)
	}
	return configRoutes(pc, path, s)
}

// configRoutes validates a producer configuration against the event catalog
// and returns its pairs; source names it in errors.
func configRoutes(pc config.ProducerConfig, source string, s config.Settings) ([]route, error) {
	if err := pc.Validate(kafkabus.CatalogChecker{}); err != nil {
		return nil, fmt.Errorf("producer config %s: %w", source, err)
	}
	var routes []route
	for _, r := range pc.Routes() {
		def, err := catalog.Lookup(r.EventType)
		if err != nil {
			return nil, err
		}
		routes = append(routes, route{def: def, topic: s.FullTopic(r.Topic), keyField: r.KeyField})
	}
	if len(routes) == 0 {
		return nil, fmt.Errorf("producer config %s names no (event type, topic) pair", source)
	}
	return routes, nil
}

// registrar registers the schemas of routes and reports each subject once.
type registrar struct {
	client   *registry.Client
	strategy registry.SubjectNameStrategy
	out      io.Writer
	progress io.Writer
	done     map[string]bool // subject and schema id already printed
	failures []error
}

func (r *registrar) run(ctx context.Context, routes []route) error {
	for i, rt := range routes {
		if len(routes) > 1 {
			fmt.Fprintf(r.progress, "[%d/%d] %s on %s\n", i+1, len(routes), rt.def.EventType(), rt.topic)
		}
		r.register(ctx, rt)
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	if len(r.failures) == 0 {
		return nil
	}
	for _, err := range r.failures {
		fmt.Fprintln(r.progress, "failed:", err)
	}
	return &exitError{code: 1, err: fmt.Errorf("%d of %d schema registrations failed", len(r.failures),
		len(r.done)+len(r.failures))}
}

func (r *registrar) register(ctx context.Context, rt route) {
	eventType := rt.def.EventType()
	r.subject(ctx, r.strategy.ValueSubject(rt.topic, eventType), rt.def.Schema(), eventType)
	if rt.keyField == "" {
		fmt.Fprintf(r.progress, "%s %s: registered the value schema only\n", eventType, rt.note)
		return
	}
	key, err := rt.def.KeyField(rt.keyField)
	if err != nil {
		r.failures = append(r.failures, fmt.Errorf("%s on %s: key field %q: %w", eventType, rt.topic,
			rt.keyField, err))
		return
	}
	r.subject(ctx, r.strategy.KeySubject(rt.topic, key.AvroType), key.Schema, eventType)
}

func (r *registrar) subject(ctx context.Context, subject string, schema *avro.Schema, eventType string) {
	reg, err := r.client.Register(ctx, subject, schema)
	if err != nil {
		r.failures = append(r.failures, fmt.Errorf("%s: %w", eventType, err))
		return
	}
	// Key schemas of different fields can be one registry schema: print it once.
	printed := fmt.Sprintf("%s\x00%d", subject, reg.ID)
	if r.done[printed] {
		return
	}
	r.done[printed] = true
	state := "existing"
	if reg.New {
		state = "new"
	}
	fmt.Fprintf(r.out, "%s id=%d version=%d %s\n", subject, reg.ID, reg.Version, state)
}
