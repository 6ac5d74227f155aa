package io.consentgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** deploy/kafka/create-topics.sh run against a stand-in kafka-topics.sh that writes down each call's arguments. */
class CreateTopicsScriptTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"'', 1, 1", "3, 3, 2", "5, 5, 2", "2, 2, 1"})
    void shouldReplicateEveryTopicAndAskForTwoInSyncCopiesFromThreeReplicasOn(String replicationFactor, String replicas, String minInsync)
            throws Exception {
        // Given / When
        List<String> creates = run(replicationFactor.isEmpty() ? Map.of() : Map.of("REPLICATION_FACTOR", replicationFactor));

        // Then
        assertThat(creates).hasSize(12).allSatisfy(call -> assertThat(call)
                .contains("--replication-factor " + replicas).contains("--config min.insync.replicas=" + minInsync));
    }

    @Test
    void shouldLetTheOperatorChooseTheInSyncCopies() throws Exception {
        // Given / When
        List<String> creates = run(Map.of("REPLICATION_FACTOR", "3", "MIN_INSYNC_REPLICAS", "3", "PARTITIONS", "24"));

        // Then
        assertThat(creates).allSatisfy(call -> assertThat(call).contains("--partitions 24").contains("min.insync.replicas=3"));
    }

    private List<String> run(Map<String, String> environment) throws IOException, InterruptedException {
        Path log = dir.resolve("calls.log");
        Path kafkaTopics = dir.resolve("kafka-topics.sh");
        Files.writeString(kafkaTopics, "#!/bin/sh\necho \"$*\" >> '" + log + "'\n");
        Files.setPosixFilePermissions(kafkaTopics, PosixFilePermissions.fromString("rwx------"));
        ProcessBuilder builder = new ProcessBuilder("sh", Repository.CREATE_TOPICS.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.log").toFile());
        builder.environment().putAll(environment);
        builder.environment().put("KAFKA_TOPICS", kafkaTopics.toString());
        Process process = builder.start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(dir.resolve("out.log"))).isZero();
        return Files.readAllLines(log).stream().filter(call -> call.contains("--create")).toList();
    }
}
