package io.consentgate.faults;

import io.consentgate.domain.policy.BusinessPolicies;
import io.consentgate.schemas.serde.SchemaRegistryClient;
import io.consentgate.support.PolicyProperties;
import io.consentgate.testing.Folders;
import io.consentgate.testing.KafkaBrokerProcess;
import io.consentgate.testing.KafkaClusterProcess;
import io.consentgate.testing.KafkaTopics;
import io.consentgate.testing.ServiceProcess;
import io.consentgate.testing.SharedRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * One scenario's world on 127.0.0.1: its own KRaft broker process (so it can be stopped and killed), the contract's
 * topics, the shared schema registry, and the services from their jars, each a process the scenario starts, kills
 * and restarts. Everything lives in {@code target/faults/<scenario>/}: the broker's data, each service's log and
 * state. Closing it kills whatever is still running. {@link #startOnCluster} puts the same world on a three-node
 * cluster instead ({@link KafkaClusterProcess}): every topic with three replicas, two of them in sync for a write,
 * the services' own (Streams) topics too.
 */
final class FaultStack implements AutoCloseable {

    static final String API_KEY = "faults-api-key";
    static final String ERASURE_KEY = "faults-only-erasure-key-not-a-secret-0123456789";
    static final String BUSINESS = "faults-retail";
    static final String SENDER = "106540352242922";
    static final String WABA_ID = "102290129340398";
    static final String DISPLAY_NUMBER = "34910000000";
    static final String VERIFY_TOKEN = "faults-verify-token";
    static final String APP_SECRET = "faults-app-secret-not-a-secret";
    /** The business policy every service gets on its command line, and the oracle binds the same way. */
    static final Map<String, String> POLICY = Map.of(
            "consentgate.policy.default-region", "ES");

    /**
     * The services' JVM options. The short form runs in CI on two cores, where a scenario starts up to four services at
     * once and each spent 15-20 s in its start compiling with C2; with C1 alone they start in about half that, and the
     * short form's loads (at most 500 requests/s) are far below what C1 code serves. The long form runs the JIT as
     * production does.
     */
    private static final List<String> SERVICE_JVM = FaultsForm.pick(
            List.of("-Xmx512m", "-XX:TieredStopAtLevel=1"), List.of("-Xmx512m"));

    /** The cluster's nodes, and the replicas of every topic on it. */
    static final int CLUSTER_NODES = 3;

    private final Path folder;
    /** One of the two: a single broker, or a cluster. */
    private final KafkaBrokerProcess broker;
    private final KafkaClusterProcess cluster;
    private final List<ServiceProcess> services = new ArrayList<>();

    private FaultStack(Path folder, KafkaBrokerProcess broker, KafkaClusterProcess cluster) {
        this.folder = folder;
        this.broker = broker;
        this.cluster = cluster;
    }

    /** A fresh broker (the scenario's folder is wiped first) with the contract's topics of {@code partitions} partitions each. */
    static FaultStack start(String scenario, int partitions) {
        Path folder = FaultsReport.folder().resolve(scenario).toAbsolutePath();
        Folders.deleteRecursively(folder);
        KafkaBrokerProcess broker = KafkaBrokerProcess.create(folder.resolve("kafka")).start();
        KafkaTopics.createContractTopics(broker.bootstrapServers(), partitions);
        SharedRegistry.url();
        return new FaultStack(folder, broker, null);
    }

    /** As {@link #start}, on a fresh {@value #CLUSTER_NODES}-node cluster: the contract's topics with a replica on every node. */
    static FaultStack startOnCluster(String scenario, int partitions) {
        Path folder = FaultsReport.folder().resolve(scenario).toAbsolutePath();
        Folders.deleteRecursively(folder);
        KafkaClusterProcess cluster = KafkaClusterProcess.create(folder.resolve("kafka"), CLUSTER_NODES).start();
        try {
            KafkaTopics.createContractTopics(cluster.bootstrapServers(), partitions, CLUSTER_NODES);
            SharedRegistry.url();
        } catch (RuntimeException e) {
            cluster.kill();
            throw e;
        }
        return new FaultStack(folder, null, cluster);
    }

    /** A send-gate instance named {@code name} (its log is {@code <name>.log}), not started; {@code extra} overrides settings. */
    ServiceProcess gate(String name, Map<String, String> extra) {
        return service("send-gate", name, extra);
    }

    ServiceProcess projector(String name, Map<String, String> extra) {
        Map<String, String> settings = new LinkedHashMap<>(Map.of("consentgate.projector.advertised-host", "127.0.0.1"));
        settings.putAll(extra);
        return service("consent-projector", name, settings);
    }

    ServiceProcess events(String name, Map<String, String> extra) {
        Map<String, String> settings = new LinkedHashMap<>(Map.of(
                "consentgate.events.whatsapp.verify-token", VERIFY_TOKEN,
                "consentgate.events.whatsapp.app-secret", APP_SECRET,
                "consentgate.events.whatsapp.accounts." + WABA_ID, BUSINESS,
                "consentgate.events.whatsapp.senders." + DISPLAY_NUMBER, SENDER));
        settings.putAll(extra);
        return service("consent-events", name, settings);
    }

    private ServiceProcess service(String module, String name, Map<String, String> extra) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.kafka.bootstrap-servers", bootstrapServers());
        if (cluster != null) {
            // Streams' own topics (changelogs, repartition) as production has them: a replica on every node.
            properties.put("spring.kafka.streams.replication-factor", Integer.toString(CLUSTER_NODES));
        }
        properties.put("consentgate.schema-registry.url", SharedRegistry.url());
        properties.put("consentgate.security.api-keys.faults", API_KEY);
        properties.put("consentgate.privacy.erasure-hash-key", ERASURE_KEY);
        properties.putAll(POLICY);
        properties.putAll(extra);
        ServiceProcess service = ServiceProcess.of(projectRoot(), module, name, folder, 0, SERVICE_JVM, properties);
        services.add(service);
        return service;
    }

    /** The policy the services run with, as the core's type: what the oracle decides with. */
    static BusinessPolicies businessPolicies() {
        Binder binder = new Binder(new MapConfigurationPropertySource(POLICY));
        return binder.bind("consentgate.policy", PolicyProperties.class)
                .orElseThrow(() -> new IllegalStateException("FaultStack.POLICY does not bind to PolicyProperties"))
                .businessPolicies();
    }

    String bootstrapServers() {
        return cluster != null ? cluster.bootstrapServers() : broker.bootstrapServers();
    }

    KafkaBrokerProcess broker() {
        if (broker == null) {
            throw new IllegalStateException("this stack runs on a cluster: use cluster()");
        }
        return broker;
    }

    KafkaClusterProcess cluster() {
        if (cluster == null) {
            throw new IllegalStateException("this stack runs on a single broker: use broker()");
        }
        return cluster;
    }

    String registryUrl() {
        return SharedRegistry.url();
    }

    SchemaRegistryClient registry() {
        return SharedRegistry.client();
    }

    Path folder() {
        return folder;
    }

    /** Services first (killed: a scenario's end is not a test of clean shutdown), then the broker. */
    @Override
    public void close() {
        services.parallelStream().forEach(ServiceProcess::kill);
        if (cluster != null) {
            cluster.kill();
        } else {
            broker.kill();
        }
    }

    private static Path projectRoot() {
        return Path.of(System.getProperty("consentgate.project.root", "..")).toAbsolutePath().normalize();
    }
}
