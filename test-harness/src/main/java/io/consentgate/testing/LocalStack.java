package io.consentgate.testing;

import io.consentgate.schemas.serde.RestSchemaRegistryClient;
import io.consentgate.schemas.serde.SchemaRegistrySettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The product on this machine, without Docker: a KRaft broker and the schema registry as child
 * processes, the contract's topics, then consent-events, consent-projector and send-gate from their
 * jars, each on its fixed port on 127.0.0.1. Everything lives in one data folder, so a second start
 * resumes where the first stopped. Ctrl-C stops every process it started.
 *
 * <p>Run through {@code bin/run-local}, which builds the jars first.
 */
public final class LocalStack {

    static final int KAFKA_PORT = 9092;
    static final int KAFKA_CONTROLLER_PORT = 9093;
    static final int REGISTRY_PORT = 8081;
    static final int PARTITIONS = 3;
    static final String API_KEY = "local-dev-key";
    /** For this machine only: the projector and the gate refuse to start without an erasure key, by design. */
    static final String ERASURE_KEY = "local-run-only-erasure-key-not-a-secret-0123456789";

    /**
     * Each service gets this long to become ready; bin/run-local --check fails naming the one that did not.
     * Spring Boot starts in ~15 s on an idle 2-core machine, but took 92 s on one loaded with other builds.
     */
    private static final Duration SERVICE_STARTUP = Duration.ofSeconds(180);

    private final Path projectRoot;
    private final Path dataFolder;
    private final List<ServiceProcess> services = new ArrayList<>();
    private KafkaBrokerProcess broker;
    private RegistryProcess registry;
    private Optional<Process> prometheus = Optional.empty();

    LocalStack(Path projectRoot, Path dataFolder) {
        this.projectRoot = projectRoot;
        this.dataFolder = dataFolder;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("consentgate.project.root", ".")).toAbsolutePath().normalize();
        Path data = Path.of(System.getProperty("consentgate.data", root.resolve(".run-data").toString())).toAbsolutePath();
        boolean check = List.of(args).contains("--check");
        boolean demo = check || List.of(args).contains("--demo");
        LocalStack stack = new LocalStack(root, data);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "local-stack-shutdown"));
        if (check) {
            System.exit(stack.check());
        }
        stack.start();
        stack.printWhereEverythingListens();
        if (demo) {
            new LocalDemo(stack.kafkaBootstrap(), stack.registryUrl(), API_KEY).run();
        }
        System.out.println("Running. Logs: " + data.resolve("logs") + ". Ctrl-C stops everything.");
        Thread.currentThread().join();
    }

    /**
     * bin/run-local --check: starts everything, plays the demo, compares every decision with the demo's
     * promise, stops everything and makes sure no process it started is left. 0 when all held, else 1.
     */
    private int check() {
        List<String> failures = new ArrayList<>();
        try {
            start();
            printWhereEverythingListens();
            failures.addAll(new LocalDemo(kafkaBootstrap(), registryUrl(), API_KEY).run());
        } catch (Exception e) {
            failures.add("the stack or the demo failed: " + e.getMessage());
        }
        long stopping = System.nanoTime();
        stop();
        List<ProcessHandle> left = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
        if (!left.isEmpty()) {
            failures.add("processes still running after the stop: " + left.stream().map(p -> Long.toString(p.pid())).toList());
        }
        System.out.printf("%nEverything stopped in %.1f s.%n", (System.nanoTime() - stopping) / 1e9);
        if (failures.isEmpty()) {
            System.out.println("CHECK: every decision the demo expects appeared.");
            return 0;
        }
        System.out.println("CHECK: " + failures.size() + " problem(s):");
        failures.forEach(failure -> System.out.println("  - " + failure));
        return 1;
    }

    void start() throws IOException {
        Files.createDirectories(dataFolder.resolve("logs"));
        step("Kafka broker on " + kafkaBootstrap());
        broker = KafkaBrokerProcess.open(dataFolder.resolve("kafka"), KAFKA_PORT, KAFKA_CONTROLLER_PORT).stoppedByCaller().start();
        KafkaTopics.createContractTopics(broker.bootstrapServers(), PARTITIONS);
        step("schema registry on " + registryUrl());
        Path registryFolder = Files.createDirectories(dataFolder.resolve("registry"));
        registry = RegistryProcess.startPersistent(projectRoot.resolve("dev-registry/target/quarkus-app/quarkus-run.jar"),
                registryFolder, REGISTRY_PORT);
        try (var client = new RestSchemaRegistryClient(SchemaRegistrySettings.of(registryUrl()))) {
            client.setCompatibility(null, "BACKWARD");
        }
        for (LocalService service : LocalService.values()) {
            step(service.module() + " on http://127.0.0.1:" + service.port());
            services.add(service.process(projectRoot, dataFolder, commonProperties()).start());
        }
        for (ServiceProcess service : services) {
            service.awaitReady(SERVICE_STARTUP);
        }
        prometheus = LocalPrometheus.startIfInstalled(projectRoot, dataFolder);
    }

    String kafkaBootstrap() {
        return "127.0.0.1:" + KAFKA_PORT;
    }

    String registryUrl() {
        return "http://127.0.0.1:" + REGISTRY_PORT + "/apis/ccompat/v7";
    }

    private Map<String, String> commonProperties() {
        return Map.of(
                "spring.kafka.bootstrap-servers", kafkaBootstrap(),
                "consentgate.schema-registry.url", registryUrl(),
                "consentgate.security.api-keys.local", API_KEY);
    }

    private void printWhereEverythingListens() {
        System.out.println();
        System.out.printf("%-18s %s%n", "Kafka", kafkaBootstrap());
        System.out.printf("%-18s %s%n", "schema registry", registryUrl());
        for (LocalService service : LocalService.values()) {
            System.out.printf("%-18s http://127.0.0.1:%d  (metrics: /actuator/prometheus)%n", service.module(), service.port());
        }
        System.out.printf("%-18s %s%n", "Prometheus", prometheus.isPresent()
                ? "http://127.0.0.1:" + LocalPrometheus.PORT + "  (scrapes the three, alert rules loaded)"
                : "not installed (apt-get install prometheus to get it on :" + LocalPrometheus.PORT + ")");
        System.out.printf("%-18s %s  (header X-API-Key)%n", "API key", API_KEY);
        System.out.println("WhatsApp webhook   http://127.0.0.1:" + LocalService.CONSENT_EVENTS.port() + "/webhooks/whatsapp, signed with");
        System.out.printf("  %-16s %s  (X-Hub-Signature-256: sha256=HMAC-SHA256 of the body)%n", "app secret", LocalDemo.APP_SECRET);
        System.out.printf("  %-16s %s  (GET hub.verify_token)%n", "verify token", LocalDemo.VERIFY_TOKEN);
        System.out.printf("  %-16s %s  (entry[].id; business %s)%n", "WABA id", LocalDemo.WABA_ID, LocalDemo.BUSINESS);
        System.out.printf("  %-16s %s  (metadata.display_phone_number; phone_number_id %s)%n", "display number",
                LocalDemo.DISPLAY_NUMBER, LocalDemo.SENDER);
        System.out.printf("%-18s %s%n%n", "data", dataFolder);
    }

    /** Services first, so they close their transactions while the broker is still there; once only. */
    synchronized void stop() {
        prometheus.ifPresent(Process::destroy);
        services.parallelStream().forEach(ServiceProcess::stop);
        services.clear();
        if (registry != null) {
            registry.stop();
        }
        if (broker != null) {
            broker.stop();
        }
        prometheus.ifPresent(LocalStack::awaitExit);
        if (registry != null) {
            registry.awaitExit();
            registry = null;
        }
        broker = null;
    }

    private static void awaitExit(Process process) {
        JavaProcess.awaitExit(process, Duration.ofSeconds(10));
    }

    private static void step(String what) {
        System.out.println("Starting " + what);
    }

}
