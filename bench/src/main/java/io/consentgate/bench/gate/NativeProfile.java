package io.consentgate.bench.gate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a gate process spends its CPU during a phase, native code included: Linux {@code perf} samples the whole
 * process (JIT-compiled Java, RocksDB's native code, the kernel, the JVM's own threads), where JFR's sampler walks
 * Java stacks only: RocksDB's time shows there as a few native-method samples at most. The gate runs with {@code -XX:+PreserveFramePointer} so that stacks through
 * compiled Java are whole, and {@code jcmd Compiler.perfmap} names the compiled methods once the phase is over.
 *
 * <p>Each stream-thread sample goes to the first category its stack matches, in the order of {@link #CATEGORIES}.
 * The categories are anchored on frames the JIT cannot inline away (RocksDB's JNI methods, Avro, the Kafka clients),
 * so they mean the same from run to run.
 */
final class NativeProfile {

    private static final int SAMPLES_PER_SECOND = 499;
    /** runOnce, run's loop: compiled, so on the stack of nearly every sample of a stream thread. */
    private static final String STREAM_THREAD_LOOP = "org.apache.kafka.streams.processor.internals.StreamThread.run";
    /** perf cuts a thread's name to 15 characters: a stream thread's name starts with the application id. */
    private static final int THREAD_NAME_CHARS = 15;

    private record Category(String name, Predicate<String> frame) {
    }

    private static final List<Category> CATEGORIES = List.of(
            new Category("RocksDB range reads (iterators: the request-id lookup)", f -> f.contains("org.rocksdb.RocksIterator")
                    || f.contains("Java_org_rocksdb_RocksIterator") || f.contains("org.rocksdb.AbstractRocksIterator")
                    || f.contains("Java_org_rocksdb_RocksDB_iterator")),
            new Category("RocksDB point reads (get: contact state, quota, identities)", f -> f.contains("org.rocksdb.RocksDB.get")
                    || f.contains("Java_org_rocksdb_RocksDB_get")),
            new Category("RocksDB writes (put, write batches)", f -> f.contains("org.rocksdb.RocksDB.put") || f.contains("org.rocksdb.RocksDB.write")
                    || f.contains("org.rocksdb.RocksDB.delete") || f.contains("Java_org_rocksdb_RocksDB_put")
                    || f.contains("Java_org_rocksdb_RocksDB_write") || f.contains("Java_org_rocksdb_RocksDB_delete")),
            new Category("RocksDB, other", f -> f.contains("org.rocksdb.") || f.contains("rocksdb::")),
            new Category("changelog records (state changes logged)", f -> f.contains("ProcessorContextImpl.logChange")),
            new Category("Avro decode and encode", f -> f.contains("org.apache.avro.")),
            new Category("producer send (output and changelog records)", f -> f.contains("org.apache.kafka.clients.producer.")),
            new Category("consumer poll and fetch", f -> f.contains("org.apache.kafka.clients.consumer.")),
            new Category("record caches (parked requests, positions)", f -> f.contains("NamedCache") || f.contains("ThreadCache")));
    private static final String KERNEL = "kernel, not under the above (syscalls, page faults, scheduling)";
    private static final String JVM = "JVM runtime, not under the above (allocation, locks, stubs)";
    /** The rest, by the package of the compiled method the sample is in (its inlined callees included). */
    private static final Map<String, String> REST_BY_LEAF_PACKAGE = leafPackages();
    private static final String OTHER_JAVA = "the rest, in other compiled Java or the interpreter";
    /** perf's header line of a sample: the thread's name (it may hold spaces), its id, the time, the period and the event. */
    private static final Pattern SAMPLE_HEADER = Pattern.compile("^(.*?)\\s+\\d+\\s+\\d+\\.\\d+:");

    private static Map<String, String> leafPackages() {
        Map<String, String> packages = new LinkedHashMap<>();
        packages.put("io.consentgate.", "the rest, in the gate's own code (rules, routing, fence, folds)");
        packages.put("org.apache.kafka.streams.", "the rest, in Kafka Streams (forwarding, record queues, tasks, commits)");
        packages.put("org.apache.kafka.", "the rest, in Kafka's clients and common code");
        packages.put("com.google.i18n.phonenumbers.", "the rest, in libphonenumber");
        packages.put("java.", "the rest, in the JDK (collections, strings, time)");
        packages.put("jdk.", "the rest, in the JDK (collections, strings, time)");
        return packages;
    }

    private final Process recording;
    private final long pid;
    private final Path data;
    private final String streamThreadName;

    private NativeProfile(Process recording, long pid, Path data, String applicationId) {
        this.recording = recording;
        this.pid = pid;
        this.data = data;
        this.streamThreadName = applicationId.substring(0, Math.min(THREAD_NAME_CHARS, applicationId.length()));
    }

    /** Fails at once, saying what to install, when the machine cannot profile: before an hour-long run, not after it. */
    static void checkAvailable() {
        try {
            Process perf = new ProcessBuilder("perf", "--version").redirectErrorStream(true).start();
            if (perf.waitFor() != 0) {
                throw new IllegalStateException("perf --version failed");
            }
        } catch (IOException | InterruptedException | IllegalStateException e) {
            throw new IllegalStateException("--native-profile needs Linux perf (Debian: apt-get install linux-perf) and "
                    + "/proc/sys/kernel/perf_event_paranoid at 2 or less, or root: " + e.getMessage(), e);
        }
    }

    /** Starts sampling {@code gate} (every thread, with call stacks) into {@code data}. */
    static NativeProfile start(ProcessHandle gate, String applicationId, Path data) throws IOException {
        Process recording = new ProcessBuilder("perf", "record", "-e", "cpu-clock", "-F", Integer.toString(SAMPLES_PER_SECOND), "-g",
                "-p", Long.toString(gate.pid()), "-o", data.toString())
                .redirectErrorStream(true).redirectOutput(data.resolveSibling(data.getFileName() + ".log").toFile()).start();
        return new NativeProfile(recording, gate.pid(), data, applicationId);
    }

    /** Stops sampling, names the compiled methods and returns the breakdown, also written beside the data as text. */
    String stop(String phase) throws IOException, InterruptedException {
        recording.destroy();   // SIGTERM: perf writes its data out and exits
        if (!recording.waitFor(60, TimeUnit.SECONDS)) {
            recording.destroyForcibly();
            throw new IllegalStateException("perf record did not stop; see " + data + ".log");
        }
        if (!Files.exists(data)) {
            throw new IllegalStateException("perf record wrote no samples (is perf_event_paranoid at 2 or less?); see " + data + ".log");
        }
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process perfmap = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Compiler.perfmap").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        perfmap.waitFor(60, TimeUnit.SECONDS);
        Process script = new ProcessBuilder("perf", "script", "-i", data.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String breakdown;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(script.getInputStream(), StandardCharsets.UTF_8))) {
            breakdown = summarize(phase, lines);
        }
        script.waitFor();
        Files.writeString(data.resolveSibling(data.getFileName() + ".txt"), breakdown);
        return breakdown;
    }

    /** Reads {@code perf script}'s output: a header line per sample, then its frames, leaf first, then a blank line. */
    private String summarize(String phase, BufferedReader lines) throws IOException {
        Map<String, Integer> threads = new LinkedHashMap<>();
        Map<String, Integer> streamCategories = new LinkedHashMap<>();
        CATEGORIES.forEach(category -> streamCategories.put(category.name(), 0));
        streamCategories.put(KERNEL, 0);
        streamCategories.put(JVM, 0);
        REST_BY_LEAF_PACKAGE.values().forEach(name -> streamCategories.putIfAbsent(name, 0));
        streamCategories.put(OTHER_JAVA, 0);
        int total = 0;
        int streamSamples = 0;
        String thread = null;
        List<String> frames = new ArrayList<>();
        for (String line = lines.readLine(); ; line = lines.readLine()) {
            if (line == null || line.isBlank()) {
                if (thread != null) {
                    total++;
                    boolean stream = thread.equals(streamThreadName) && !frames.isEmpty()
                            || frames.stream().anyMatch(frame -> frame.contains(STREAM_THREAD_LOOP));
                    String group = stream ? "stream threads" : threadGroup(thread);
                    threads.merge(group, 1, Integer::sum);
                    if (stream) {
                        streamSamples++;
                        streamCategories.merge(category(frames), 1, Integer::sum);
                    }
                }
                thread = null;
                frames.clear();
                if (line == null) {
                    break;
                }
            } else if (!Character.isWhitespace(line.charAt(0))) {
                Matcher header = SAMPLE_HEADER.matcher(line);
                thread = header.find() ? header.group(1) : line;
            } else {
                frames.add(line.strip());
            }
        }
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "native profile, %s (perf, %d samples/s of the first gate process, native code included): %,d samples%n", phase, SAMPLES_PER_SECOND, total));
        int all = total;
        threads.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(each -> out.append(String.format(Locale.ROOT, "  %-66s %5.1f%% of the process%n", each.getKey(), percent(each.getValue(), all))));
        int streams = streamSamples;
        out.append(String.format(Locale.ROOT, "  the stream threads' samples (%,d), each under the first that matches:%n", streams));
        streamCategories.forEach((name, count) ->
                out.append(String.format(Locale.ROOT, "    %-72s %5.1f%%%n", name, percent(count, streams))));
        return out.toString();
    }

    private static String category(List<String> frames) {
        for (Category category : CATEGORIES) {
            if (frames.stream().anyMatch(category.frame())) {
                return category.name();
            }
        }
        String leaf = frames.isEmpty() ? "" : frames.get(0);
        if (leaf.contains("[kernel.kallsyms]")) {
            return KERNEL;
        }
        if (leaf.contains("libjvm.so") || leaf.contains("libc.so") || leaf.contains("[vdso]")) {
            return JVM;
        }
        String method = methodName(leaf);
        for (Map.Entry<String, String> each : REST_BY_LEAF_PACKAGE.entrySet()) {
            if (method.startsWith(each.getKey())) {
                return each.getValue();
            }
        }
        return OTHER_JAVA;
    }

    /** "7f3a... void org.example.Type.method(long, java.lang.Object) ([JIT] tid 42)" is "org.example.Type.method". */
    private static String methodName(String frame) {
        int arguments = frame.indexOf('(');
        String beforeArguments = arguments < 0 ? frame : frame.substring(0, arguments);
        return beforeArguments.substring(beforeArguments.lastIndexOf(' ') + 1);
    }

    /** perf names a sample by its thread's name, cut to 15 characters ("C2 CompilerThre", "kafka-producer-"). */
    private static String threadGroup(String thread) {
        if (thread.startsWith("kafka-producer")) {
            return "producer network threads (sending the stream threads' records)";
        }
        if (thread.startsWith("C1 Compiler") || thread.startsWith("C2 Compiler")) {
            return "JIT compiler threads";
        }
        if (thread.startsWith("GC Thread") || thread.startsWith("G1 ")) {
            return "garbage collector threads";
        }
        if (thread.startsWith("rocksdb")) {
            return "RocksDB background threads (flush, compaction)";
        }
        return "other threads (fence reader, HTTP, metrics, ...)";
    }

    private static double percent(int count, int of) {
        return of == 0 ? 0 : 100.0 * count / of;
    }
}
