package io.consentgate.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A one-node KRaft Kafka (broker and controller) as a child process, for tests in which the broker must
 * die or restart: {@link #kill()} it like a crash, {@link #start()} it again on the same data folder and
 * ports, and it has every record it had acknowledged (a process crash: what it wrote is in the OS's page
 * cache even if not yet on disk). Listens on 127.0.0.1 only; its output goes to
 * {@code broker.log} in its folder. The same process is one node of a {@link KafkaClusterProcess}: then it
 * votes in that cluster's controller quorum and the internal topics have three replicas.
 *
 * <p>It runs from the test JVM's own class path, which has the Kafka server jars through spring-kafka-test.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    private static final String LOGGING_CONFIG = "logback.xml";
    private static final String LOGBACK_AT_INFO = """
            <configuration>
              <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
              </appender>
              <root level="INFO"><appender-ref ref="OUT"/></root>
            </configuration>
            """;

    private final Path folder;
    private final int nodeId;
    private final int port;
    private final LogFile log;
    private volatile Process process;
    private final Thread killOnExit = new Thread(this::kill, "kafka-broker-process-shutdown");

    private KafkaBrokerProcess(Path folder, int nodeId, int port) {
        this.folder = folder;
        this.nodeId = nodeId;
        this.port = port;
        this.log = new LogFile(folder.resolve("broker.log"));
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * The caller stops the broker itself when the JVM exits, after the clients that use it: without this,
     * the broker's own shutdown hook kills it at the same moment as the caller's hook starts, and every
     * client then waits out its close timeout (30 s) for a broker that is gone.
     */
    public KafkaBrokerProcess stoppedByCaller() {
        Runtime.getRuntime().removeShutdownHook(killOnExit);
        return this;
    }

    /** Writes server.properties into {@code folder} and formats its storage; the broker is not started yet. */
    public static KafkaBrokerProcess create(Path folder) {
        return open(folder, FreePort.pick(), FreePort.pick());
    }

    /**
     * A broker on fixed ports whose data lives in {@code folder}: formatted the first time, reused as it
     * is afterwards, so a local stack started again finds its topics and records. Not started yet.
     */
    public static KafkaBrokerProcess open(Path folder, int port, int controllerPort) {
        return open(folder, port, controllerPort, Quorum.standalone());
    }

    /**
     * A node of a cluster: its node id, ports and folder, and the quorum it votes in. Formatted the first time
     * (the quorum's cluster id), reused afterwards. Not started yet.
     */
    static KafkaBrokerProcess open(Path folder, int port, int controllerPort, Quorum quorum) {
        Path config = folder.resolve("server.properties");
        Path dataDir = folder.resolve("data");
        boolean formatted = Files.exists(dataDir.resolve("meta.properties"));
        TextFiles.write(config, serverProperties(dataDir, port, controllerPort, quorum));
        TextFiles.write(folder.resolve(LOGGING_CONFIG), LOGBACK_AT_INFO);
        KafkaBrokerProcess broker = new KafkaBrokerProcess(folder, quorum.nodeId(), port);
        if (!formatted) {
            broker.formatStorage(config, quorum);
        }
        return broker;
    }

    /**
     * The controller quorum a node votes in: alone ({@code --standalone}), or one of a fixed set of voters
     * ({@code controller.quorum.voters}: every node formatted with the same cluster id). {@code replicas} is how many
     * copies the internal topics keep, and how many must be in sync for a write (one less, at least one).
     */
    record Quorum(int nodeId, String clusterId, String voters, int replicas) {

        static Quorum standalone() {
            return new Quorum(1, Uuid.randomUuid().toString(), null, 1);
        }

        int minInSync() {
            return Math.max(1, replicas - 1);
        }
    }

    /** Starts the broker and returns once a client can reach it. */
    public KafkaBrokerProcess start() {
        if (isRunning()) {
            throw new IllegalStateException("the broker in " + folder + " is already running");
        }
        launch();
        awaitReady(STARTUP_TIMEOUT);
        return this;
    }

    /** Starts the process without waiting: the nodes of a quorum must all be starting before any of them serves. */
    void launch() {
        process = JavaProcess.start(List.of(
                "-Xmx512m",
                // Not the test class path's logging config: the broker logs at INFO, to its own file.
                "-Dlogback.configurationFile=" + folder.resolve(LOGGING_CONFIG),
                "-cp", System.getProperty("java.class.path"),
                "kafka.Kafka", "server.properties"), folder, log);
    }

    /** Stops the broker as an operator would (SIGTERM: it closes its logs cleanly) and waits until it has. */
    public void stop() {
        Process running = process;
        if (running != null && running.isAlive()) {
            running.destroy();
            JavaProcess.awaitExit(running, SHUTDOWN_TIMEOUT);
        }
    }

    /** Kills the broker like a crash (SIGKILL: no clean shutdown) and waits until it is gone. */
    public void kill() {
        Process running = process;
        if (running != null && running.isAlive()) {
            running.destroyForcibly();
            JavaProcess.awaitExit(running, SHUTDOWN_TIMEOUT);
        }
    }

    public boolean isRunning() {
        Process running = process;
        return running != null && running.isAlive();
    }

    /** The running broker's process, to measure (its CPU); empty when it is not running. */
    public Optional<ProcessHandle> handle() {
        Process running = process;
        return running != null && running.isAlive() ? Optional.of(running.toHandle()) : Optional.empty();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Its node id: 1 alone, 1 to n in a cluster. */
    public int nodeId() {
        return nodeId;
    }

    /** Holds server.properties, the data and broker.log. */
    public Path folder() {
        return folder;
    }

    @Override
    public void close() {
        stop();
    }

    private static String serverProperties(Path dataDir, int port, int controllerPort, Quorum quorum) {
        int replicas = quorum.replicas();
        int minInSync = quorum.minInSync();
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=" + quorum.nodeId(),
                quorum.voters() == null
                        ? "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort
                        : "controller.quorum.voters=" + quorum.voters(),
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + dataDir,
                // One node: every internal topic has one replica, and needs only that one in sync. A cluster: as
                // production, every replica but one in sync (a topic created without a replication factor too).
                "offsets.topic.replication.factor=" + replicas,
                "transaction.state.log.replication.factor=" + replicas,
                "transaction.state.log.min.isr=" + minInSync,
                "share.coordinator.state.topic.replication.factor=" + replicas,
                "share.coordinator.state.topic.min.isr=" + minInSync,
                "default.replication.factor=" + replicas,
                "min.insync.replicas=" + minInSync,
                // Fewer internal partitions: the first consumer group and transaction start faster.
                "offsets.topic.num.partitions=3",
                "transaction.state.log.num.partitions=3",
                // A consumer group starts at once instead of waiting 3 s for more members to join.
                "group.initial.rebalance.delay.ms=0",
                // After a kill the restarted controller waits out the dead broker's session before the broker
                // may register again: a short session makes that 2 s instead of 9 s.
                "broker.heartbeat.interval.ms=500",
                "broker.session.timeout.ms=2000",
                "");
    }

    /**
     * KRaft storage must be formatted once; --standalone makes this node the whole controller quorum, while the nodes
     * of a static quorum ({@code controller.quorum.voters}) share a cluster id.
     */
    private void formatStorage(Path config, Quorum quorum) {
        String[] arguments = quorum.voters() == null
                ? new String[] {"format", "--standalone", "-t", quorum.clusterId(), "-c", config.toString()}
                : new String[] {"format", "-t", quorum.clusterId(), "-c", config.toString()};
        int exitCode;
        try (PrintStream output = new PrintStream(appendTo(log.path()), true, StandardCharsets.UTF_8)) {
            exitCode = StorageTool.execute(arguments, output);
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the broker storage in " + folder + ": " + e, e);
        }
        if (exitCode != 0) {
            throw new IllegalStateException("formatting the broker storage in " + folder + " failed (exit "
                    + exitCode + "); " + log.path() + " ends with:\n" + log.tail(20));
        }
    }

    /** Waits until a client can reach this node and the controller has it among the brokers. */
    void awaitReady(Duration timeout) {
        try {
            await("the Kafka broker in " + folder + " to accept clients")
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(100))
                    .failFast("the Kafka broker process exited", () -> !isRunning())
                    // Probe the port first: an admin client polling a closed port logs a warning per attempt.
                    .until(() -> listening() && clusterAnswers());
        } catch (RuntimeException e) {
            kill();
            throw new IllegalStateException("the Kafka broker in " + folder + " did not start; " + log.path()
                    + " ends with:\n" + log.tail(30), e);
        }
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private boolean clusterAnswers() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            // This node among the brokers the controller has registered and unfenced: in a cluster, a restarted node
            // that others already answer for is not ready before that.
            return admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream().anyMatch(node -> node.id() == nodeId);
        }
    }

    private static OutputStream appendTo(Path file) throws IOException {
        return Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
