package io.consentgate.faults;

import io.consentgate.avro.ContactEvent;
import io.consentgate.schemas.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The cluster scenarios' count of an {@link IntakeCaptureLoad}: every acknowledged capture found on contact-events
 * exactly once, and what the intake answered otherwise (503 with Retry-After is the only refusal allowed).
 */
record CaptureCheck(long calls, long acknowledged, long onTopic, long lost, long duplicated, long unavailable,
                    long unavailableWithoutRetryAfter, long otherServerErrors, long otherAnswers, long noAnswer,
                    double longestGapS) {

    /** Reads contact-events to its end and counts {@code calls} against it. */
    static CaptureCheck of(FaultStack stack, List<IntakeCaptureLoad.Call> calls) {
        Map<String, Integer> eventIds = new HashMap<>();
        for (ConsumerRecord<String, ContactEvent> record : RecoveryTopicReader.readAll(stack.bootstrapServers(), Topics.CONTACT_EVENTS,
                stack.registry(), Duration.ofSeconds(60))) {
            eventIds.merge(record.value().getEventId(), 1, Integer::sum);
        }
        List<IntakeCaptureLoad.Call> acknowledged = calls.stream().filter(IntakeCaptureLoad.Call::acknowledged).toList();
        long onTopic = acknowledged.stream().filter(c -> eventIds.getOrDefault(c.eventId(), 0) > 0).count();
        long duplicated = acknowledged.stream().mapToLong(c -> Math.max(0, eventIds.getOrDefault(c.eventId(), 0) - 1)).sum();
        List<IntakeCaptureLoad.Call> unavailable = calls.stream().filter(c -> c.status() == 503).toList();
        return new CaptureCheck(calls.size(), acknowledged.size(), onTopic, acknowledged.size() - onTopic, duplicated, unavailable.size(),
                unavailable.stream().filter(c -> !c.retryAfter()).count(),
                calls.stream().filter(c -> c.status() >= 500 && c.status() != 503).count(),
                calls.stream().filter(c -> c.status() != -1 && c.status() < 500 && !c.acknowledged()).count(),
                calls.stream().filter(c -> c.status() == -1).count(),
                longestGapS(acknowledged));
    }

    /** The longest time between two consecutive acknowledgements: how long the intake took nothing in. */
    private static double longestGapS(List<IntakeCaptureLoad.Call> acknowledged) {
        long[] times = acknowledged.stream().mapToLong(IntakeCaptureLoad.Call::answeredAtMillis).sorted().toArray();
        long longest = 0;
        for (int i = 1; i < times.length; i++) {
            longest = Math.max(longest, times[i] - times[i - 1]);
        }
        return longest / 1000.0;
    }

    /** The 503s answered at an instant {@code allowed} does not accept: refusals the cluster did not force. */
    static long unavailableOutside(List<IntakeCaptureLoad.Call> calls, LongPredicate allowed) {
        return calls.stream().filter(c -> c.status() == 503 && !allowed.test(c.answeredAtMillis())).count();
    }

    /** Acknowledged captures answered at an instant {@code when} accepts (e.g. while the cluster surely could not write). */
    static long acknowledgedWhen(List<IntakeCaptureLoad.Call> calls, LongPredicate when) {
        return calls.stream().filter(c -> c.acknowledged() && when.test(c.answeredAtMillis())).count();
    }
}
