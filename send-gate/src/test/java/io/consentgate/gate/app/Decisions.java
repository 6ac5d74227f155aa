package io.consentgate.gate.app;

import static org.awaitility.Awaitility.await;

import io.consentgate.avro.ApprovedSend;
import io.consentgate.avro.SendRejection;
import io.consentgate.schemas.Topics;
import io.consentgate.testing.SharedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;

/** The decisions of one business, read until the expected number arrived, then a little longer to catch any extra. */
record Decisions(List<ApprovedSend> approvals, List<SendRejection> rejections) {

    static Decisions of(String business, int expected) {
        List<ApprovedSend> approvals = new ArrayList<>();
        List<SendRejection> rejections = new ArrayList<>();
        try (Consumer<String, ApprovedSend> approved = SharedKafka.consumer(Topics.APPROVED_SENDS);
             Consumer<String, SendRejection> rejected = SharedKafka.consumer(Topics.SEND_REJECTIONS)) {
            Runnable poll = () -> {
                approved.poll(Duration.ofMillis(100)).forEach(r -> {
                    if (r.value().getRequest().getBusinessId().equals(business)) {
                        approvals.add(r.value());
                    }
                });
                rejected.poll(Duration.ofMillis(100)).forEach(r -> {
                    if (r.value().getRequest().getBusinessId().equals(business)) {
                        rejections.add(r.value());
                    }
                });
            };
            await("%d decisions for %s".formatted(expected, business)).atMost(RunningGate.DECISIONS_ARRIVE).pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        poll.run();
                        return approvals.size() + rejections.size() >= expected;
                    });
            // A duplicate decision would come in the same or the next transaction: poll a few more commits' worth.
            for (int i = 0; i < 5; i++) {
                poll.run();
            }
        }
        return new Decisions(approvals, rejections);
    }

    Map<String, Integer> countByRequestId() {
        Map<String, Integer> counts = new HashMap<>();
        approvals.forEach(a -> counts.merge(a.getRequest().getRequestId(), 1, Integer::sum));
        rejections.forEach(r -> counts.merge(r.getRequest().getRequestId(), 1, Integer::sum));
        return counts;
    }
}
