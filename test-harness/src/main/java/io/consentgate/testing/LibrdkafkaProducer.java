package io.consentgate.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

/**
 * A producer that is not Java's: librdkafka (Debian's {@code python3-confluent-kafka}) with its default settings,
 * so its default partitioner, {@code consistent_random} (CRC32 of the key), as kcat, Go's and .NET's confluent
 * clients use by default. It runs {@code librdkafka/produce.py} with the system's Python
 * ({@value #DEFAULT_PYTHON}, or {@code -D}{@value #PYTHON_PROPERTY}); the caller encodes the records.
 */
public final class LibrdkafkaProducer {

    public static final String PYTHON_PROPERTY = "consentgate.python";
    public static final String DEFAULT_PYTHON = "/usr/bin/python3";
    /** What a test that needs it says when it is missing. */
    public static final String MISSING = "python3-confluent-kafka is not installed: apt-get install -y python3-confluent-kafka"
            + " (.ci/run installs it); the tests of a librdkafka producer need it";
    private static final long TIMEOUT_SECONDS = 120;

    /** A record as bytes on the wire. */
    public record Record(String topic, byte[] key, byte[] value) {
    }

    /** Where the broker put a record, and its CreateTime as librdkafka set it. */
    public record Delivered(int partition, long offset, long timestamp) {
    }

    private LibrdkafkaProducer() {
    }

    /** Whether the system's Python has confluent_kafka. */
    public static boolean available() {
        try {
            Process check = new ProcessBuilder(python(), "-c", "import confluent_kafka").redirectErrorStream(true).start();
            check.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return check.waitFor(30, TimeUnit.SECONDS) && check.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The partition librdkafka's default partitioner gives a key: CRC32 of its bytes modulo the partition count. */
    public static int crc32Partition(String key, int partitions) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % partitions);
    }

    /**
     * Produces the records in order, with {@code pauseMillis} between two, and waits until all are delivered.
     *
     * @return where each went, in the order given
     */
    public static List<Delivered> produce(String bootstrapServers, List<Record> records, long pauseMillis) {
        List<Path> files = new ArrayList<>();
        try {
            Path script = temp(files, "produce-", ".py");
            Path input = temp(files, "records-", ".txt");
            Path output = temp(files, "delivered-", ".txt");
            Path errors = temp(files, "errors-", ".txt");
            try (InputStream source = LibrdkafkaProducer.class.getResourceAsStream("/librdkafka/produce.py")) {
                Files.write(script, source.readAllBytes());
            }
            Base64.Encoder base64 = Base64.getEncoder();
            List<String> lines = records.stream().map(record -> record.topic() + " " + base64.encodeToString(record.key()) + " "
                    + base64.encodeToString(record.value())).toList();
            Files.write(input, lines);
            Process process = new ProcessBuilder(python(), script.toString(), bootstrapServers, Long.toString(pauseMillis))
                    .redirectInput(input.toFile()).redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the librdkafka producer did not finish within " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("the librdkafka producer failed (exit " + process.exitValue() + "): " + Files.readString(errors));
            }
            List<Delivered> delivered = new ArrayList<>();
            for (String line : Files.readAllLines(output)) {
                String[] fields = line.trim().split(" ");
                delivered.add(new Delivered(Integer.parseInt(fields[0]), Long.parseLong(fields[1]), Long.parseLong(fields[2])));
            }
            return delivered;
        } catch (IOException e) {
            throw new AssertionError("cannot run the librdkafka producer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while producing with librdkafka", e);
        } finally {
            // The records hold test phone numbers: never left behind, whatever happened.
            for (Path each : files) {
                try {
                    Files.deleteIfExists(each);
                } catch (IOException ignored) {
                    // a leftover temp file is not worth failing the test for
                }
            }
        }
    }

    private static Path temp(List<Path> files, String prefix, String suffix) throws IOException {
        Path file = Files.createTempFile(prefix, suffix);
        files.add(file);
        return file;
    }

    private static String python() {
        return System.getProperty(PYTHON_PROPERTY, DEFAULT_PYTHON);
    }
}
