package io.consentgate.gate.topology;

import static io.consentgate.gate.Samples.inbound;
import static io.consentgate.gate.Samples.optIn;
import static io.consentgate.gate.Samples.optOut;
import static io.consentgate.gate.Samples.reply;
import static io.consentgate.gate.Samples.template;
import static io.consentgate.gate.Samples.templateStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.avro.ApprovedSend;
import io.consentgate.avro.ConsentCategory;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.RejectionReason;
import io.consentgate.avro.SendRejection;
import io.consentgate.avro.SendRequest;
import io.consentgate.avro.TemplateStatus;
import io.consentgate.domain.decision.Decision;
import io.consentgate.domain.decision.DecisionRecords;
import io.consentgate.domain.decision.MessagingLimitUse;
import io.consentgate.domain.quota.QuotaOutcome;
import io.consentgate.schemas.ContactKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The explain endpoint and the stream decide through the same {@link RequestDecider}: on the same stores, request,
 * record timestamp and clock, what the endpoint explains is exactly what the stream then writes.
 */
class DecisionExplainerTest {

    private static final String BUSINESS = "acme-retail";
    private static final ContactKey CONTACT = new ContactKey(BUSINESS, "+34612345678");

    private final GateDriver gate = new GateDriver();

    @AfterEach
    void close() {
        gate.close();
    }

    private Instant earlier(int minutes) {
        return gate.clock.instant().minus(Duration.ofMinutes(minutes));
    }

    @Test
    void shouldExplainAnApprovalInsideTheWindowAsTheStreamDecidesIt() {
        // Given
        gate.event(inbound(CONTACT, earlier(5)));

        // When / Then
        Decision explained = explainThenDecide(reply(CONTACT, "r-1", gate.clock.instant()));
        assertThat(explained).isInstanceOfSatisfying(Decision.Approved.class,
                approved -> assertThat(approved.limitUse()).isEqualTo(MessagingLimitUse.INSIDE_WINDOW));
    }

    @Test
    void shouldExplainAnApprovalByConsentAsTheStreamDecidesItBeforeTheQuota() {
        // Given
        gate.business(templateStatus(BUSINESS, "order_update", MessageCategory.UTILITY, TemplateStatus.APPROVED, earlier(120)));
        gate.event(optIn(CONTACT, ConsentCategory.UTILITY, earlier(60)));

        // When / Then
        Decision explained = explainThenDecide(template(CONTACT, "r-1", "order_update", MessageCategory.UTILITY, gate.clock.instant()));
        assertThat(explained).isInstanceOfSatisfying(Decision.Approved.class,
                approved -> assertThat(approved.limitUse()).isEqualTo(MessagingLimitUse.PENDING_QUOTA));
    }

    @Test
    void shouldExplainARetriedRequestIdAsTheDuplicateTheStreamRefuses() {
        // Given a request decided an hour ago
        gate.event(inbound(CONTACT, earlier(5)));
        gate.request(reply(CONTACT, "r-1", gate.clock.instant()));
        gate.approved.readValuesToList();
        gate.clock.advance(Duration.ofHours(1));

        // When / Then
        assertThat(rejectionOf(explainThenDecide(reply(CONTACT, "r-1", gate.clock.instant())))).isEqualTo(RejectionReason.DUPLICATE_REQUEST);
    }

    @Test
    void shouldExplainAnOptOutAsTheStreamRefusesIt() {
        // Given
        gate.business(templateStatus(BUSINESS, "black_friday", MessageCategory.MARKETING, TemplateStatus.APPROVED, earlier(120)));
        gate.event(optIn(CONTACT, ConsentCategory.ALL, earlier(60)));
        gate.event(optOut(CONTACT, earlier(1)));

        // When / Then
        assertThat(rejectionOf(explainThenDecide(template(CONTACT, "r-1", "black_friday", MessageCategory.MARKETING, gate.clock.instant()))))
                .isEqualTo(RejectionReason.OPTED_OUT);
    }

    @Test
    void shouldExplainAClosedWindowAsTheStreamRefusesIt() {
        // Given a contact who wrote two days ago
        gate.event(inbound(CONTACT, earlier(48 * 60)));

        // When / Then
        assertThat(rejectionOf(explainThenDecide(reply(CONTACT, "r-1", gate.clock.instant())))).isEqualTo(RejectionReason.WINDOW_CLOSED);
    }

    @Test
    void shouldExplainAnInvalidRequestAsTheStreamRefusesIt() {
        // Given a request with a contact but no sender
        SendRequest noSender = reply(CONTACT, "r-1", gate.clock.instant());
        noSender.setSenderId(" ");

        // When / Then
        assertThat(rejectionOf(explainThenDecide(noSender))).isEqualTo(RejectionReason.INVALID_REQUEST);
    }

    /** Explains the request, then sends it through the stream at the same instant: the record written must be the explained decision's. */
    private Decision explainThenDecide(SendRequest request) {
        Decision explained = gate.explain(request).decision();

        gate.request(request);

        switch (explained) {
            case Decision.Approved approved -> {
                List<ApprovedSend> written = gate.approved.readValuesToList();
                assertThat(gate.rejected.readValuesToList()).as("no rejection").isEmpty();
                Decision.Approved expected = approved.limitUse() == MessagingLimitUse.PENDING_QUOTA
                        ? (Decision.Approved) approved.afterQuota(new QuotaOutcome.Admitted(true)) : approved;
                assertThat(written).containsExactly(DecisionRecords.approvedSend(request, expected));
            }
            case Decision.Rejected rejected -> {
                List<SendRejection> written = gate.rejected.readValuesToList();
                assertThat(gate.approved.readValuesToList()).as("no approval").isEmpty();
                assertThat(written).containsExactly(DecisionRecords.sendRejection(request, rejected));
            }
        }
        return explained;
    }

    private static RejectionReason rejectionOf(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Rejected.class);
        return ((Decision.Rejected) decision).reason();
    }
}
