package io.consentgate.bench.gate;

import io.consentgate.bench.gate.Tally.Measurement;
import io.consentgate.schemas.Topics;
import io.consentgate.schemas.serde.SchemaRegistryClient;
import io.consentgate.testing.KafkaBrokerProcess;
import io.consentgate.testing.KafkaTopics;
import io.consentgate.testing.SharedRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The send-gate end to end on this machine (bench/README.md, "The gate end to end"): a standalone KRaft broker, the real registry
 * and the gate's runnable jar as its own process, loaded with a realistic mix, measured at saturation and at a
 * steady rate, beside a stateful pass-through Kafka Streams baseline measured the same two ways; the fold of contact
 * events on a JVM just started and again on a warm one; each gate process's CPU (one process, or several sharing the
 * work with {@code --instances=N}). Prints a table,
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
    /** The steady rate's tail is also shown slice by slice, each this many seconds of requests. */
    static final int STEADY_SLICE_SECONDS = 5;

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

    private void run(BenchParameters asked) throws Exception {
        if (asked.nativeProfile()) {
            NativeProfile.checkAvailable();
        }
        Path root = Path.of(System.getProperty("consentgate.project.root", "..")).toAbsolutePath().normalize();
        Path output = root.resolve("bench/target/bench");
        Path folder = Files.createDirectories(output.resolve("run-" + Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace(":", "")));
        started(new RunData(folder));   // first in, so closed last: after the broker and the gates have stopped
        Progress progress = started(new Progress());
        System.out.println("send-gate benchmark, " + asked.form() + " form; logs, state and data in " + folder);

        Path jar = GateJar.path(root);
        String jarStatus = GateJar.status(jar);
        GateJar.StreamsDefaults streamsDefaults = GateJar.streamsDefaults(jar);
        int streamThreads = GateJar.streamThreads(jar);
        BenchParameters p = asked.withPartitionsFor(streamThreads);
        System.out.println("send-gate jar: " + jarStatus + "; streams defaults " + streamsDefaults + "; " + p.instances()
                + " gate process(es) of " + streamThreads + " stream threads on " + p.partitions() + " partitions");
        int allThreads = p.instances() * streamThreads;
        if (p.partitions() < allThreads) {
            System.out.println("note: fewer partitions than stream threads (" + allThreads + "): some threads get none of an input");
        } else if (p.partitions() % allThreads != 0) {
            System.out.println("note: " + p.partitions() + " partitions on " + allThreads + " stream threads: some threads get more of each input than others");
        }

        progress.phase("starting broker and registry", () -> "");
        KafkaBrokerProcess broker = started(KafkaBrokerProcess.create(folder.resolve("broker"))).start();
        String bootstrap = broker.bootstrapServers();
        String registryUrl = SharedRegistry.url();
        SchemaRegistryClient registry = SharedRegistry.client();
        KafkaTopics.createContractTopics(bootstrap, p.partitions());
        KafkaTopics.createTopic(bootstrap, PassThroughBaseline.INPUT, p.partitions());
        KafkaTopics.createTopic(bootstrap, PassThroughBaseline.OUTPUT, p.partitions());

        AtomicReference<String> gateStatus = new AtomicReference<>("");
        progress.phase("starting send-gate" + (p.instances() > 1 ? " x" + p.instances() : ""), gateStatus::get);
        GateInstances gates = started(GateInstances.of(p.instances(), streamThreads, root, folder, gateSettings(bootstrap, registryUrl), p.profile(),
                        p.nativeProfile()))
                .start(bootstrap, gateStatus::set);
        System.out.println("send-gate ready: log(s) " + gates.logs());
        PassThroughBaseline baseline = started(new PassThroughBaseline(bootstrap, folder.resolve("baseline-state"), streamsDefaults));
        CpuMeter cpu = new CpuMeter(gates.handles(), broker.handle().orElseThrow(), new BaselineThreads(PassThroughBaseline.APPLICATION_ID));
        baseline.start();
        DecisionReader reader = started(new DecisionReader(bootstrap, registry, PassThroughBaseline.OUTPUT));
        Workload workload = new Workload(p.contacts(), p.businesses());
        LoadProducer load = started(new LoadProducer(bootstrap, registry, workload));
        ConsumerLag lag = started(new ConsumerLag(bootstrap));

        // The state: business facts, then every contact's history, until the gate has folded all of it.
        load.businessEvents();
        CpuMeter.Start foldStart = cpu.start();
        Report.Rate gateFold = intake(progress, lag, "warm state: contact events", "gate", GATE_APPLICATION_ID, Topics.CONTACT_EVENTS.name(),
                load::contactHistories);
        CpuUsage foldCpu = foldStart.until(gateFold.records());
        Report.Rate baselineFill = intake(progress, lag, "warm state: baseline store", "baseline", PassThroughBaseline.APPLICATION_ID,
                PassThroughBaseline.INPUT, produced -> load.onePerContact(PassThroughBaseline.INPUT, produced));

        // The JIT: the same requests as measured, not counted.
        Phase gateWarmUp = saturate(progress, reader, load, cpu, "warm-up-gate", Topics.OUTBOUND_REQUESTS.name(), p.warmupRequests(), true);
        saturate(progress, reader, load, cpu, "warm-up-baseline", PassThroughBaseline.INPUT, p.warmupRequests(), false);

        NativeProfile saturationProfile = p.nativeProfile() ? NativeProfile.start(gates.handles().get(0), GATE_APPLICATION_ID,
                folder.resolve("send-gate-saturation.perf.data")) : null;
        Phase gateSaturation = saturate(progress, reader, load, cpu, "gate-saturation", Topics.OUTBOUND_REQUESTS.name(), p.saturationRequests(), true);
        String nativeBreakdowns = saturationProfile == null ? "" : saturationProfile.stop("the gate at saturation");
        Phase baselineSaturation = saturate(progress, reader, load, cpu, "baseline-saturation", PassThroughBaseline.INPUT, p.saturationRequests(), false);
        GateLatencyHistogram gateHistogram = new GateLatencyHistogram(gates.baseUrls());
        GateLatencyHistogram.Reading beforeLatency = gateHistogram.read();
        NativeProfile steadyProfile = p.nativeProfile() ? NativeProfile.start(gates.handles().get(0), GATE_APPLICATION_ID,
                folder.resolve("send-gate-steady.perf.data")) : null;
        Phase gateLatency = steady(progress, reader, load, cpu, "gate-latency", Topics.OUTBOUND_REQUESTS.name(), p, true);
        nativeBreakdowns += steadyProfile == null ? "" : steadyProfile.stop("the gate at " + p.rate() + " requests/s");
        GateLatencyHistogram.Reading insideGate = gateHistogram.read().since(beforeLatency);
        Phase baselineLatency = steady(progress, reader, load, cpu, "baseline-latency", PassThroughBaseline.INPUT, p, false);

        // The fold again, on JVMs the phases above have warmed: new contacts (as many as the warm-up's), no request flowing.
        int newFrom = p.contacts();
        int newTo = p.contacts() + p.warmFoldContacts();
        CpuMeter.Start warmFoldStart = cpu.start();
        Report.Rate gateWarmFold = intake(progress, lag, "warm fold: new contacts' events", "gate", GATE_APPLICATION_ID, Topics.CONTACT_EVENTS.name(),
                produced -> load.contactHistories(newFrom, newTo, produced));
        CpuUsage warmFoldCpu = warmFoldStart.until(gateWarmFold.records());
        Report.Rate baselineFold = intake(progress, lag, "warm fold: baseline, the same records", "baseline", PassThroughBaseline.APPLICATION_ID,
                PassThroughBaseline.INPUT, produced -> load.contactHistoriesAsBytes(PassThroughBaseline.INPUT, newFrom, newTo, produced));

        progress.close();
        gates.stop();   // RocksDB writes its memtables out on a clean close: only then does the state directory show the state's size
        Footprint footprint = Footprint.measure(broker.folder().resolve("data"), folder.resolve("state"), newTo,
                gateFold.records() + gateWarmFold.records() + load.optOuts(),
                (long) gateWarmUp.requests() + gateSaturation.requests() + gateLatency.requests(),
                (long) gateWarmUp.decisions() + gateSaturation.decisions() + gateLatency.decisions());
        Report report = new Report(p, Instant.now().truncatedTo(ChronoUnit.SECONDS), jarStatus, load.optOuts(),
                gateSaturation.measurement(), baselineSaturation.measurement(), gateLatency.measurement(), baselineLatency.measurement(), insideGate,
                gateFold, baselineFill, gateWarmFold, baselineFold, streamThreads,
                new RunCpu(foldCpu, gateSaturation.cpu(), gateLatency.cpu(), warmFoldCpu, baselineSaturation.cpu(), baselineLatency.cpu()), footprint);
        System.out.println(report.table());
        System.out.print(nativeBreakdowns);
        Path json = output.resolve("gate.json");
        report.writeJson(json);
        System.out.println("figures: " + json + (p.profile() ? "; gate profile(s) (after they stop): " + folder + "/send-gate*.jfr" : ""));
    }

    /** The gate's settings as production runs it, pointed at this run's broker and registry; every instance the same application. */
    private static Map<String, String> gateSettings(String bootstrap, String registryUrl) {
        return Map.of(
                "spring.kafka.bootstrap-servers", bootstrap,
                "consentgate.schema-registry.url", registryUrl,
                "spring.kafka.streams.application-id", GATE_APPLICATION_ID,
                "consentgate.privacy.erasure-hash-key", ERASURE_KEY);
    }

    /**
     * Records written by {@code produce} until {@code group} has consumed every one of {@code topic} (its committed offsets at
     * the end of every partition: records that produce no output have nothing else to wait for); the rate from the first
     * record produced.
     */
    private static Report.Rate intake(Progress progress, ConsumerLag lag, String phase, String who, String group, String topic,
                                      Consumer<AtomicInteger> produce) throws Exception {
        AtomicInteger produced = new AtomicInteger();
        AtomicLong behind = new AtomicLong(-1);   // not asked until every record is out
        progress.phase(phase, () -> "produced %,d, %s behind %s".formatted(produced.get(), who,
                behind.get() < 0 ? "(asked once all are out)" : "%,d".formatted(behind.get())));
        long start = System.nanoTime();
        produce.accept(produced);
        lag.awaitCaughtUp(group, List.of(topic), WARM_UP_TIMEOUT, behind::set);
        return new Report.Rate(produced.get(), (System.nanoTime() - start) / 1e9);
    }

    /** A measurement, and the CPU of everything measured ({@link CpuMeter}) from its first request to its last decision. */
    private record Phase(Measurement measurement, CpuUsage cpu) {
        int requests() {
            return measurement.requests();
        }

        int decisions() {
            return measurement.decisions();
        }
    }

    private static Phase saturate(Progress progress, DecisionReader reader, LoadProducer load, CpuMeter cpu, String name, String topic,
                                  int requests, boolean interleaveOptOuts) throws InterruptedException {
        Tally tally = reader.track(new Tally(name, requests));
        progress.phase(name, Progress.of(tally));
        CpuMeter.Start start = cpu.start();
        load.asFastAsPossible(topic, tally, requests, interleaveOptOuts);
        return awaitDecisions(reader, tally, start, 0);
    }

    private static Phase steady(Progress progress, DecisionReader reader, LoadProducer load, CpuMeter cpu, String name, String topic,
                                BenchParameters p, boolean interleaveOptOuts) throws InterruptedException {
        Tally tally = reader.track(new Tally(name, p.latencyRequests()));
        progress.phase(name + " at " + p.rate() + "/s", Progress.of(tally));
        CpuMeter.Start start = cpu.start();
        load.steady(topic, tally, p.rate(), p.latencyDuration(), interleaveOptOuts);
        return awaitDecisions(reader, tally, start, p.rate() * STEADY_SLICE_SECONDS);
    }

    private static Phase awaitDecisions(DecisionReader reader, Tally tally, CpuMeter.Start cpu, int requestsPerSlice) throws InterruptedException {
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
        CpuUsage used = cpu.until(tally.decided());
        // Late duplicates would arrive within a commit or two.
        Thread.sleep(500);
        reader.check();
        return new Phase(tally.measurement(requestsPerSlice), used);
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
