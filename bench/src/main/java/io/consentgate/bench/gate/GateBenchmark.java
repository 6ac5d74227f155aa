package io.consentgate.bench.gate;

import io.consentgate.bench.gate.Tally.Measurement;
import io.consentgate.schemas.Topics;
import io.consentgate.schemas.serde.SchemaRegistryClient;
import io.consentgate.testing.KafkaBrokerProcess;
import io.consentgate.testing.KafkaTopics;
import io.consentgate.testing.ServiceProcess;
import io.consentgate.testing.SharedRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The send-gate end to end on this machine (bench/README.md, "The gate end to end"): a standalone KRaft broker, the real registry
 * and the gate's runnable jar as its own process, loaded with a realistic mix, measured at saturation and at a
 * steady rate, beside a stateful pass-through Kafka Streams baseline measured the same two ways. Prints a table,
 * writes {@code bench/target/bench/gate.json}, stops everything it started (also on Ctrl-C).
 *
 * <p>Run from the project root, through the reactor, which builds send-gate's jar first:
 * {@code ./mvnw -q -Pbench -pl send-gate,bench -am verify -DskipTests -Dbench=gate -Dgate.args=--quick}
 * (omit gate.args for the full form; {@link BenchParameters#USAGE} lists the options).
 */
public final class GateBenchmark {

    static final String GATE_APPLICATION_ID = "send-gate-bench";
    /** A key for this benchmark only; the gate refuses to start without one. */
    private static final String ERASURE_KEY = "bench-only-erasure-key-not-a-secret-0123456789";
    /** A phase ends when every request has its decision, or when none arrived for this long (the rest count as lost). */
    private static final Duration NO_PROGRESS_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration WARM_UP_TIMEOUT = Duration.ofMinutes(10);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    public static void main(String[] args) throws Exception {
        BenchParameters parameters;
        try {
            parameters = BenchParameters.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        GateBenchmark benchmark = new GateBenchmark();
        Runtime.getRuntime().addShutdownHook(new Thread(benchmark::stopEverything, "gate-benchmark-shutdown"));
        int exitCode = 0;
        try {
            benchmark.run(parameters);
        } catch (Exception e) {
            System.err.println("the benchmark failed: " + e);
            e.printStackTrace();
            exitCode = 1;
        } finally {
            benchmark.stopEverything();
        }
        System.exit(exitCode);   // the registry client and Kafka's threads would keep the JVM up
    }

    private void run(BenchParameters p) throws Exception {
        Path root = Path.of(System.getProperty("consentgate.project.root", "..")).toAbsolutePath().normalize();
        Path output = root.resolve("bench/target/bench");
        Path folder = Files.createDirectories(output.resolve("run-" + Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace(":", "")));
        Progress progress = started(new Progress());
        System.out.println("send-gate benchmark, " + p.form() + " form; logs, state and data in " + folder);

        Path jar = GateJar.path(root);
        String jarStatus = GateJar.status(jar);
        GateJar.StreamsDefaults streamsDefaults = GateJar.streamsDefaults(jar);
        System.out.println("send-gate jar: " + jarStatus + "; streams defaults " + streamsDefaults);

        progress.phase("starting broker and registry", () -> "");
        KafkaBrokerProcess broker = started(KafkaBrokerProcess.create(folder.resolve("broker"))).start();
        String bootstrap = broker.bootstrapServers();
        String registryUrl = SharedRegistry.url();
        SchemaRegistryClient registry = SharedRegistry.client();
        KafkaTopics.createContractTopics(bootstrap, p.partitions());
        KafkaTopics.createTopic(bootstrap, PassThroughBaseline.INPUT, p.partitions());
        KafkaTopics.createTopic(bootstrap, PassThroughBaseline.OUTPUT, p.partitions());

        progress.phase("starting send-gate", () -> "");
        ServiceProcess gate = started(gateProcess(root, folder, bootstrap, registryUrl, p.profile())).startReady();
        System.out.println("send-gate ready: log " + gate.log());
        PassThroughBaseline baseline = started(new PassThroughBaseline(bootstrap, folder.resolve("baseline-state"), streamsDefaults));
        baseline.start();
        DecisionReader reader = started(new DecisionReader(bootstrap, registry, PassThroughBaseline.OUTPUT));
        Workload workload = new Workload(p.contacts(), p.businesses());
        LoadProducer load = started(new LoadProducer(bootstrap, registry, workload));
        ConsumerLag lag = started(new ConsumerLag(bootstrap));

        // The state: business facts, then every contact's history, until the gate has folded all of it.
        load.businessEvents();
        AtomicInteger events = new AtomicInteger();
        AtomicInteger behind = new AtomicInteger();
        progress.phase("warm state: contact events", () -> "produced %,d, gate behind %,d".formatted(events.get(), behind.get()));
        long foldStart = System.nanoTime();
        load.contactHistories(events);
        lag.awaitCaughtUp(GATE_APPLICATION_ID, List.of(Topics.CONTACT_EVENTS.name()), WARM_UP_TIMEOUT, l -> behind.set((int) l));
        Report.Rate gateFold = new Report.Rate(events.get(), (System.nanoTime() - foldStart) / 1e9);
        AtomicInteger filled = new AtomicInteger();
        progress.phase("warm state: baseline store", () -> "produced %,d, baseline behind %,d".formatted(filled.get(), behind.get()));
        long fillStart = System.nanoTime();
        load.onePerContact(PassThroughBaseline.INPUT, filled);
        lag.awaitCaughtUp(PassThroughBaseline.APPLICATION_ID, List.of(PassThroughBaseline.INPUT), WARM_UP_TIMEOUT, l -> behind.set((int) l));
        Report.Rate baselineFill = new Report.Rate(filled.get(), (System.nanoTime() - fillStart) / 1e9);

        // The JIT: the same requests as measured, not counted.
        Measurement gateWarmUp = saturate(progress, reader, load, "warm-up-gate", Topics.OUTBOUND_REQUESTS.name(), p.warmupRequests(), true);
        saturate(progress, reader, load, "warm-up-baseline", PassThroughBaseline.INPUT, p.warmupRequests(), false);

        Measurement gateSaturation = saturate(progress, reader, load, "gate-saturation", Topics.OUTBOUND_REQUESTS.name(), p.saturationRequests(), true);
        Measurement baselineSaturation = saturate(progress, reader, load, "baseline-saturation", PassThroughBaseline.INPUT, p.saturationRequests(), false);
        Measurement gateLatency = steady(progress, reader, load, "gate-latency", Topics.OUTBOUND_REQUESTS.name(), p, true);
        Measurement baselineLatency = steady(progress, reader, load, "baseline-latency", PassThroughBaseline.INPUT, p, false);

        progress.close();
        gate.stop();   // RocksDB writes its memtables out on a clean close: only then does the state directory show the state's size
        Footprint footprint = Footprint.measure(broker.folder().resolve("data"), folder.resolve("state").resolve("send-gate"), p.contacts(),
                events.get() + load.optOuts(), (long) gateWarmUp.requests() + gateSaturation.requests() + gateLatency.requests(),
                (long) gateWarmUp.decisions() + gateSaturation.decisions() + gateLatency.decisions());
        Report report = new Report(p, Instant.now().truncatedTo(ChronoUnit.SECONDS), jarStatus, load.optOuts(),
                gateSaturation, baselineSaturation, gateLatency, baselineLatency, gateFold, baselineFill, footprint);
        System.out.println(report.table());
        Path json = output.resolve("gate.json");
        report.writeJson(json);
        System.out.println("figures: " + json + (p.profile() ? "; gate profile (after it stops): " + folder.resolve("send-gate.jfr") : ""));
    }

    /** The gate as production runs it, pointed at this run's broker and registry; a JFR recording when profiling. */
    private static ServiceProcess gateProcess(Path root, Path folder, String bootstrap, String registryUrl, boolean profile) {
        List<String> jvm = new ArrayList<>(List.of("-Xmx1g"));
        if (profile) {
            jvm.add("-XX:StartFlightRecording=filename=" + folder.resolve("send-gate.jfr") + ",settings=profile,dumponexit=true");
        }
        return ServiceProcess.of(root, "send-gate", "send-gate", folder, 0, jvm, Map.of(
                "spring.kafka.bootstrap-servers", bootstrap,
                "consentgate.schema-registry.url", registryUrl,
                "spring.kafka.streams.application-id", GATE_APPLICATION_ID,
                "consentgate.privacy.erasure-hash-key", ERASURE_KEY));
    }

    private static Measurement saturate(Progress progress, DecisionReader reader, LoadProducer load, String name, String topic,
                                        int requests, boolean interleaveOptOuts) throws InterruptedException {
        Tally tally = reader.track(new Tally(name, requests));
        progress.phase(name, Progress.of(tally));
        load.asFastAsPossible(topic, tally, requests, interleaveOptOuts);
        return awaitDecisions(reader, tally);
    }

    private static Measurement steady(Progress progress, DecisionReader reader, LoadProducer load, String name, String topic,
                                      BenchParameters p, boolean interleaveOptOuts) throws InterruptedException {
        Tally tally = reader.track(new Tally(name, p.latencyRequests()));
        progress.phase(name + " at " + p.rate() + "/s", Progress.of(tally));
        load.steady(topic, tally, p.rate(), p.latencyDuration(), interleaveOptOuts);
        return awaitDecisions(reader, tally);
    }

    private static Measurement awaitDecisions(DecisionReader reader, Tally tally) throws InterruptedException {
        int seen = -1;
        long lastProgress = System.nanoTime();
        while (tally.decided() < tally.produced() && System.nanoTime() - lastProgress < NO_PROGRESS_TIMEOUT.toNanos()) {
            reader.check();
            if (tally.decided() != seen) {
                seen = tally.decided();
                lastProgress = System.nanoTime();
            }
            Thread.sleep(50);
        }
        // Late duplicates would arrive within a commit or two.
        Thread.sleep(500);
        reader.check();
        return tally.measurement();
    }

    private synchronized <T extends AutoCloseable> T started(T resource) {
        started.push(resource);
        return resource;
    }

    /** Stops what was started, newest first; safe to call twice (end of run and Ctrl-C). */
    private synchronized void stopEverything() {
        while (!started.isEmpty()) {
            AutoCloseable resource = started.pop();
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("while stopping " + resource + ": " + e);
            }
        }
    }
}
