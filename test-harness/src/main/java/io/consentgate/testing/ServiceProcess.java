package io.consentgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One of the services as it runs in production: its own JVM from the module's runnable jar, its settings as
 * command-line properties, listening on 127.0.0.1. Its output goes to {@code <folder>/<name>.log}. For the local
 * stack, the benchmarks and the fault-injection suite, which kill it, stop it and start it again.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Path jar;
    private final String name;
    private final Path folder;
    private final int port;
    private final List<String> jvmOptions;
    private final Map<String, String> properties;
    private volatile Process process;

    private ServiceProcess(Path jar, String name, Path folder, int port, List<String> jvmOptions, Map<String, String> properties) {
        this.jar = jar;
        this.name = name;
        this.folder = folder;
        this.port = port;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.properties = properties;
    }

    /**
     * A service of {@code module} ({@code consent-events}, {@code consent-projector}, {@code send-gate}), not started
     * yet. {@code port} 0 picks a free one.
     *
     * @param name a name for this instance, unique in {@code folder}: its log file and its state folder are named after it
     */
    public static ServiceProcess of(Path projectRoot, String module, String name, Path folder, int port,
                                    List<String> jvmOptions, Map<String, String> properties) {
        Path jar = jarOf(projectRoot, module);
        int chosen = port == 0 ? FreePort.pick() : port;
        Map<String, String> all = new LinkedHashMap<>(properties);
        all.put("server.port", Integer.toString(chosen));
        all.putIfAbsent("spring.kafka.streams.state-dir", folder.resolve("state").resolve(name).toString());
        return new ServiceProcess(jar, name, folder, chosen, jvmOptions, all);
    }

    /** The module's runnable jar, or a failure that says how to build it. */
    public static Path jarOf(Path projectRoot, String module) {
        Path jar = projectRoot.resolve(module).resolve("target").resolve(module + "-0.1.0-SNAPSHOT.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with ./mvnw package -DskipTests -pl " + module + " -am");
        }
        return jar;
    }

    /** Starts the JVM and returns at once; {@link #awaitReady()} waits for it. Output is appended to the log. */
    public ServiceProcess start() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        List<String> arguments = new ArrayList<>(jvmOptions);
        arguments.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-jar", jar.toString()));
        properties.forEach((key, value) -> arguments.add("--" + key + "=" + value));
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        process = JavaProcess.start(arguments, folder, new LogFile(log()));
        return this;
    }

    /** Starts it and waits until it is ready. */
    public ServiceProcess startReady() {
        return start().awaitReady();
    }

    /**
     * Waits until {@code /actuator/health/readiness} answers 200. For the gate and the projector that means their
     * streams have been RUNNING since start; a lookup may still answer 503 during a later rebalance, so a test reads
     * lookups through {@link HttpAwait#answer}.
     */
    public ServiceProcess awaitReady() {
        return awaitReady(READY_TIMEOUT);
    }

    public ServiceProcess awaitReady(Duration timeout) {
        try {
            HttpAwait.ready(name, baseUrl(), timeout, () -> !isAlive());
            return this;
        } catch (RuntimeException e) {
            throw new IllegalStateException(name + " did not become ready within " + timeout.toSeconds() + " s; " + log()
                    + " ends with:\n" + new LogFile(log()).tail(30), e);
        }
    }

    /** Kills it like a crash (SIGKILL: no shutdown hook, no clean close of streams or transactions) and waits until it is gone. */
    public void kill() {
        Process running = process;
        if (running != null && running.isAlive()) {
            running.destroyForcibly();
            JavaProcess.awaitExit(running, STOP_TIMEOUT);
        }
    }

    /** Stops it as an orchestrator does (SIGTERM: it closes cleanly), SIGKILL if it hangs; waits until it is gone. */
    public void stop() {
        Process running = process;
        if (running != null && running.isAlive()) {
            running.destroy();
            JavaProcess.awaitExit(running, STOP_TIMEOUT);
        }
    }

    @Override
    public void close() {
        stop();
    }

    public boolean isAlive() {
        Process running = process;
        return running != null && running.isAlive();
    }

    /** The running JVM, e.g. to read its CPU time (a benchmark); fails if it was never started. */
    public ProcessHandle processHandle() {
        Process running = process;
        if (running == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return running.toHandle();
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /** e.g. http://127.0.0.1:41231 */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Path log() {
        return folder.resolve(name + ".log");
    }

    /** Where its Kafka Streams state lives: wipe it (stopped) to make it restore from the changelogs. */
    public Path stateDir() {
        return Path.of(properties.get("spring.kafka.streams.state-dir"));
    }

}
