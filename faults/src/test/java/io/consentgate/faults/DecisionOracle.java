package io.consentgate.faults;

import io.consentgate.avro.BusinessEvent;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.SenderQualityChanged;
import io.consentgate.avro.TemplateStatusChanged;
import io.consentgate.domain.business.SenderState;
import io.consentgate.domain.business.TemplateState;
import io.consentgate.domain.decision.DecidedRequests;
import io.consentgate.domain.decision.Decision;
import io.consentgate.domain.decision.SendPolicy;
import io.consentgate.domain.policy.BusinessPolicies;
import io.consentgate.domain.policy.BusinessPolicy;
import io.consentgate.domain.state.ContactFacts;
import io.consentgate.domain.state.ContactFactsFold;
import io.consentgate.domain.state.ErasureHasher;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the core says each decision must be. The ordering guarantee: a decision reflects every contact event
 * acknowledged before its request was sent; later events may or may not be reflected. So a decision is right when
 * it equals the core's decision ({@link SendPolicy#decide}, at the decision's own {@code decidedAt}) on <em>some</em>
 * prefix of the contact's events, in partition order, that holds every event acknowledged before the request.
 * Compared: approved or rejected, the rejection reason, the approval basis and the consent id. The load holds no
 * MARKETING, no opt-out confirmation and the business has no messaging limit, so nothing else (earlier approvals, an
 * approved confirmation, the quota) enters a decision. The rules are the core's own, so the oracle follows them as they
 * change: an opt-out of everything refuses replies in a window opened before it, and so on (docs/rules.md).
 */
final class DecisionOracle {

    /** A decision the core disagrees with, for the assertion message. */
    record Wrong(String requestId, String expected, String got) {
        @Override
        public String toString() {
            return requestId + ": expected " + expected + ", got " + got;
        }
    }

    record Verdict(long judged, long wrong, List<Wrong> firstWrong) {
    }

    private final SendLoad load;
    private final BusinessPolicies policies = FaultStack.businessPolicies();
    private final ContactFactsFold fold = new ContactFactsFold(policies,
            new ErasureHasher(FaultStack.ERASURE_KEY.getBytes(StandardCharsets.UTF_8)));
    private final BusinessPolicy policy = policies.of(FaultStack.BUSINESS);
    private final SenderState sender;
    private final TemplateState template;
    /** Per contact, the state after each prefix of its events: index 0 is before any (null). */
    private final Map<Integer, List<ContactFacts>> prefixStates = new HashMap<>();

    DecisionOracle(SendLoad load) {
        this.load = load;
        SenderState senderState = null;
        TemplateState templateState = null;
        // The gate's business-event fold, for the three events the workload sends.
        for (BusinessEvent event : load.businessHistory()) {
            switch (event.getPayload()) {
                case SenderQualityChanged quality -> senderState = SenderState.unknown(event.getBusinessId(), quality.getSenderId())
                        .apply(quality, event.getOccurredAt());
                case TemplateStatusChanged status -> templateState = TemplateState.from(event.getBusinessId(), status, event.getOccurredAt());
                default -> {
                }
            }
        }
        this.sender = senderState;
        this.template = templateState;
    }

    /** Judges the first decision of every request that has one (lost and duplicated are counted by {@link DecisionLog}). */
    Verdict judge(DecisionLog decisions) {
        long judged = 0;
        long wrong = 0;
        List<Wrong> firstWrong = new ArrayList<>();
        for (SendLoad.Sent sent : load.sent()) {
            List<DecisionLog.Decided> decided = decisions.of(sent.requestId);
            if (decided.isEmpty()) {
                continue;
            }
            judged++;
            Wrong verdict = judge(sent, decided.getFirst());
            if (verdict != null) {
                wrong++;
                if (firstWrong.size() < 5) {
                    firstWrong.add(verdict);
                }
            }
        }
        return new Verdict(judged, wrong, firstWrong);
    }

    /** Null when the decision is one the core gives on an allowed prefix; else what the core gives on the acknowledged prefix. */
    private Wrong judge(SendLoad.Sent sent, DecisionLog.Decided got) {
        List<ContactFacts> states = prefixStates.computeIfAbsent(sent.contact, this::statesOf);
        Decision atAcknowledged = null;
        for (int prefix = sent.eventsBefore; prefix < states.size(); prefix++) {
            Decision expected = SendPolicy.decide(sent.request, states.get(prefix), DecidedRequests.NONE, sender, policy,
                    sent.request.getTemplate() == null ? null : template, got.decidedAt());
            if (matches(expected, got)) {
                return null;
            }
            if (atAcknowledged == null) {
                atAcknowledged = expected;
            }
        }
        return new Wrong(sent.requestId, describe(atAcknowledged) + " (after " + sent.eventsBefore + " acknowledged events of "
                + (states.size() - 1) + ")", got.describe());
    }

    private List<ContactFacts> statesOf(int contact) {
        List<ContactFacts> states = new ArrayList<>();
        ContactFacts state = null;
        states.add(state);
        for (ContactEvent event : load.eventsOf(contact)) {
            state = fold.apply(state, event);
            states.add(state);
        }
        return states;
    }

    private static boolean matches(Decision expected, DecisionLog.Decided got) {
        return switch (expected) {
            case Decision.Approved approved -> got.approved() && approved.basis() == got.basis()
                    && Objects.equals(approved.consentId(), got.consentId());
            case Decision.Rejected rejected -> !got.approved() && rejected.reason() == got.reason()
                    && Objects.equals(rejected.consentId(), got.consentId());
        };
    }

    private static String describe(Decision decision) {
        return switch (decision) {
            case Decision.Approved a -> "APPROVED " + a.basis() + (a.consentId() == null ? "" : " " + a.consentId());
            case Decision.Rejected r -> "REJECTED " + r.reason() + (r.consentId() == null ? "" : " " + r.consentId());
        };
    }
}
