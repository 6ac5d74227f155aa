package io.consentgate.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.avro.ContactState;
import io.consentgate.schemas.ContactKey;
import io.consentgate.schemas.Topics;
import io.consentgate.support.streams.HomePartitions;
import io.consentgate.testing.Folders;
import io.consentgate.testing.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * "The projector is rebuilt from scratch": many contacts' histories on contact-events, folded by a projector; its
 * state directory wiped; started again, it must restore every store from its changelogs and answer exactly as before.
 * Measured: the restore as the projector reports it (records, milliseconds; restore rate = contacts per second),
 * start-to-serving with the state intact and with it wiped, in the same run; and how many records the restore wrote
 * to consent-state (it should write none: a restore is not news).
 */
class ProjectorRebuildFaultsTest {

    private static final String SCENARIO = "projector-rebuild";
    private static final int PARTITIONS = 3;
    private static final String GROUP = "consent-projector";
    /** Every tenth contact of the sample is compared with its history too (proof records come from another store). */
    private static final int HISTORY_EVERY = 10;

    private final int contacts = FaultsForm.pick(20_000, 400_000);
    private final int sampleSize = FaultsForm.pick(5_000, 20_000);

    @Test
    void aWipedProjectorRestoresEveryStateFromItsChangelogs() {
        try (FaultStack stack = FaultStack.start(SCENARIO, PARTITIONS)) {
            ProjectorHistories histories = new ProjectorHistories(contacts, 42);
            long producing = System.nanoTime();
            long events = histories.produce(stack.bootstrapServers(), stack.registry());
            double produceSeconds = secondsSince(producing);
            System.out.printf("[faults] %s: %,d events of %,d contacts written in %.1f s%n", SCENARIO, events, contacts, produceSeconds);

            ServiceProcess projector = stack.projector("consent-projector", Map.of());
            ProjectorLookups lookups = new ProjectorLookups(projector.baseUrl());
            List<String> probes = probePerPartition();
            List<String> sample = sample();

            // The first fold: from nothing to every event applied (the group's committed offsets at the topic's end).
            long folding = System.nanoTime();
            projector.start();
            awaitServing(projector, lookups, probes, Duration.ofMinutes(5));
            awaitFolded(stack.bootstrapServers(), Duration.ofMinutes(30));
            double foldSeconds = secondsSince(folding);
            System.out.printf("[faults] %s: folded in %.1f s%n", SCENARIO, foldSeconds);
            Map<String, String> before = lookups.snapshot(FaultStack.BUSINESS, sample, HISTORY_EVERY);

            // Restart with the state intact: what a start costs without a restore.
            projector.stop();
            Map<TopicPartition, Long> stateEndBeforeIntact = RecoveryTopicReader.endOffsets(stack.bootstrapServers(), Topics.CONSENT_STATE, stack.registry());
            Start intactStart = timedStart(projector, lookups, probes);
            Map<String, String> afterIntact = lookups.snapshot(FaultStack.BUSINESS, sample, HISTORY_EVERY);
            long writtenOnIntact = recordsSince(stack, stateEndBeforeIntact);

            // Restart with the state wiped: every store restored from its changelog.
            projector.stop();
            double stateMegabytes = megabytes(projector.stateDir());
            Folders.deleteRecursively(projector.stateDir());
            Map<TopicPartition, Long> stateEndBeforeRestore = RecoveryTopicReader.endOffsets(stack.bootstrapServers(), Topics.CONSENT_STATE, stack.registry());
            long logLinesBeforeRestore = RestoreLog.lines(projector.log());
            Start wipedStart = timedStart(projector, lookups, probes);
            RestoreLog.Restore restore = RestoreLog.lastAfter(projector.log(), logLinesBeforeRestore);
            Map<String, String> afterRestore = lookups.snapshot(FaultStack.BUSINESS, sample, HISTORY_EVERY);
            long writtenOnRestore = recordsSince(stack, stateEndBeforeRestore);
            System.out.printf("[faults] %s: serving after %.1f s (boot %.1f s) with the state intact, %.1f s (boot %.1f s) with it wiped%n",
                    SCENARIO, intactStart.servingSeconds(), intactStart.bootSeconds(), wipedStart.servingSeconds(), wipedStart.bootSeconds());

            // Before the wipe, the projector must have shown what the histories say; after it, exactly the same answers.
            long foundBefore = before.values().stream().filter(answer -> !answer.startsWith("status")).count();
            long standingWrongBefore = IntStream.range(0, sample.size())
                    .filter(i -> !histories.expectedMarketingStanding(sampleIndex(i)).equals(marketingStanding(before.get(sample.get(i)))))
                    .count();
            Comparison restored = compare(before, afterRestore);
            Comparison intact = compare(before, afterIntact);
            // The restore as the projector itself reports it (ManagedStreams' restore line): from the first store
            // partition's restore starting to the last one's ending. Start-to-serving times are reported beside it.
            double restoreSeconds = restore.millis() / 1000.0;

            Map<String, Number> figures = new LinkedHashMap<>();
            figures.put("contacts", contacts);
            figures.put("events", events);
            figures.put("fold_s", round(foldSeconds));
            figures.put("intact_start_s", round(intactStart.servingSeconds()));
            figures.put("intact_boot_s", round(intactStart.bootSeconds()));
            figures.put("wiped_start_s", round(wipedStart.servingSeconds()));
            figures.put("wiped_boot_s", round(wipedStart.bootSeconds()));
            figures.put("restore_s", round(restoreSeconds));
            figures.put("restore_records", restore.records());
            figures.put("restore_contacts_per_s", Math.round(contacts / Math.max(restoreSeconds, 0.001)));
            figures.put("consent_state_records_on_restore", writtenOnRestore);
            figures.put("consent_state_records_on_intact_restart", writtenOnIntact);
            figures.put("state_dir_mb", round(stateMegabytes));
            figures.put("sample", sample.size());
            figures.put("standing_wrong_before_wipe", standingWrongBefore);
            figures.put("intact_restart_differing", intact.differing() + intact.missing());

            boolean ownChecks = foundBefore == sample.size() && standingWrongBefore == 0 && restore.records() > 0
                    && intact.differing() == 0 && intact.missing() == 0 && writtenOnRestore == 0;
            ScenarioResult result = FaultsReport.record(ScenarioResult.of(SCENARIO, events / produceSeconds, round(foldSeconds + intactStart.servingSeconds() + wipedStart.servingSeconds()),
                    1, sample.size(), sample.size() - restored.missing() - restored.differing(), restored.missing(), 0, restored.differing(),
                    ownChecks, figures,
                    String.format("requests = sampled contacts read before the wipe (state; history for every %dth), decisions = read "
                            + "identical after the restore; found before: %d", HISTORY_EVERY, foundBefore)));

            assertThat(result.passed()).as("projector rebuild: %s (first differing after restore: %s)", result, restored.example()).isTrue();
        }
    }

    /** One contact per partition of contact-events (the default partitioner's murmur2 of the key): serving all of them = serving every partition. */
    private List<String> probePerPartition() {
        Map<Integer, String> byPartition = new HashMap<>();
        for (int i = 0; byPartition.size() < PARTITIONS && i < contacts; i++) {
            String key = new ContactKey(FaultStack.BUSINESS, ProjectorHistories.contact(i)).toString();
            byPartition.putIfAbsent(HomePartitions.of(key, PARTITIONS), ProjectorHistories.contact(i));
        }
        return List.copyOf(byPartition.values());
    }

    /** Evenly spread over all contacts, the last one included (it was written last). */
    private List<String> sample() {
        List<String> sample = new ArrayList<>();
        for (int i = 0; i < Math.min(sampleSize, contacts); i++) {
            sample.add(ProjectorHistories.contact(sampleIndex(i)));
        }
        return sample;
    }

    private int sampleIndex(int i) {
        int size = Math.min(sampleSize, contacts);
        return size == 1 ? contacts - 1 : (int) ((long) i * (contacts - 1) / (size - 1));
    }

    /**
     * A start of the stopped projector, timed: {@code bootSeconds} until its readiness probe answers 200 (the JVM and
     * Spring are up; the projector's readiness does not wait for its stores), {@code servingSeconds} until it answers a
     * lookup on every partition (its stores restored and running).
     */
    private record Start(double bootSeconds, double servingSeconds) {
    }

    private static Start timedStart(ServiceProcess projector, ProjectorLookups lookups, List<String> probes) {
        long starting = System.nanoTime();
        projector.start();
        projector.awaitReady(Duration.ofMinutes(5));
        double boot = secondsSince(starting);
        awaitServing(projector, lookups, probes, Duration.ofMinutes(30));
        return new Start(boot, secondsSince(starting));
    }

    /**
     * Serving = readiness 200 and a lookup of one contact of each partition answered 200 (a store that is still
     * restoring answers 503): the moment it can answer for every contact.
     */
    private static void awaitServing(ServiceProcess projector, ProjectorLookups lookups, List<String> probes, Duration timeout) {
        projector.awaitReady(timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!probes.stream().allMatch(contact -> lookups.contact(FaultStack.BUSINESS, contact).found())) {
            if (System.nanoTime() > deadline || !projector.isAlive()) {
                throw new IllegalStateException("the projector does not serve every partition after " + timeout.toSeconds() + " s; see " + projector.log());
            }
            Pause.sleep(Duration.ofMillis(100));
        }
    }

    /** Waits until the projector's group has committed the end of every contact-events partition (lag 0). */
    private static void awaitFolded(String bootstrapServers, Duration timeout) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                latest.put(new TopicPartition(Topics.CONTACT_EVENTS.name(), p), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((partition, info) -> ends.put(partition, info.offset()));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS);
                boolean folded = ends.entrySet().stream().allMatch(end -> committed.get(end.getKey()) != null
                        && committed.get(end.getKey()).offset() >= end.getValue());
                if (folded) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the projector did not fold contact-events within " + timeout.toMinutes() + " min: committed "
                            + committed + ", ends " + ends);
                }
                Pause.sleep(Duration.ofMillis(500));
            }
        } catch (Exception e) {
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("cannot read the projector's lag", e);
        }
    }

    /** Records written to consent-state since {@code from}, once the projector had a few seconds to write any. */
    private static long recordsSince(FaultStack stack, Map<TopicPartition, Long> from) {
        Pause.sleep(Duration.ofSeconds(3));
        return RecoveryTopicReader.<ContactState>forEach(stack.bootstrapServers(), Topics.CONSENT_STATE, stack.registry(), from,
                Duration.ofSeconds(60), record -> { });
    }

    private record Comparison(long missing, long differing, String example) {
    }

    private static Comparison compare(Map<String, String> before, Map<String, String> after) {
        long missing = 0;
        long differing = 0;
        String example = null;
        for (Map.Entry<String, String> entry : before.entrySet()) {
            String now = after.get(entry.getKey());
            if (now == null || now.startsWith("status")) {
                missing++;
            } else if (!now.equals(entry.getValue())) {
                differing++;
                if (example == null) {
                    example = entry.getKey() + ": before " + entry.getValue() + " / after " + now;
                }
            }
        }
        return new Comparison(missing, differing, example);
    }

    /** MARKETING's standing in a contact answer (the JSON of the state, then maybe its history), or null. */
    private static String marketingStanding(String answer) {
        if (answer == null || answer.startsWith("status")) {
            return null;
        }
        return new ProjectorLookups.Lookup(200, answer.lines().findFirst().orElse("")).marketingStanding();
    }

    private static double megabytes(Path folder) {
        return Folders.bytes(folder, "") / 1_048_576.0;
    }

    private static double secondsSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 10) / 10.0;
    }

}
