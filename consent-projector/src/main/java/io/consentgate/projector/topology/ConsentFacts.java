package io.consentgate.projector.topology;

import io.consentgate.avro.Channel;
import io.consentgate.avro.ConsentScope;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.InboundMessage;
import io.consentgate.avro.MarketingPreferenceChanged;
import io.consentgate.avro.OptIn;
import io.consentgate.avro.OptOut;
import io.consentgate.avro.OptOutMethod;
import io.consentgate.domain.keyword.KeywordIntent;
import io.consentgate.domain.policy.BusinessPolicies;
import io.consentgate.projector.topology.ConsentFact.Kind;
import io.consentgate.projector.topology.ConsentFact.OptInProof;
import io.consentgate.projector.topology.ConsentFact.ScopeRef;
import java.util.List;
import java.util.Optional;

/**
 * Which contact events are consent facts, and what the history keeps of each: opt-ins with their
 * proof, opt-outs from any channel (keywords and the "Stop promotions" button included, read with
 * the same keyword lists as the fold), and Meta's marketing stop/resume. Windows and delivery
 * statuses are not consent and stay out.
 */
public final class ConsentFacts {

    private static final List<ScopeRef> ALL = List.of(new ScopeRef("ALL", null));
    private static final List<ScopeRef> MARKETING = List.of(new ScopeRef("MARKETING", null));

    private final BusinessPolicies policies;

    public ConsentFacts(BusinessPolicies policies) {
        this.policies = policies;
    }

    public Optional<ConsentFact> of(ContactEvent event) {
        return Optional.ofNullable(switch (event.getPayload()) {
            case OptIn optIn -> fact(event, Kind.OPT_IN, scopes(optIn.getScopes()), optIn.getChannel(), null, null,
                    optIn.getEvidenceRef(), proof(optIn));
            case OptOut optOut -> fact(event, Kind.OPT_OUT, scopes(optOut.getScopes()), optOut.getChannel(),
                    optOut.getMethod(), null, optOut.getEvidenceRef(), null);
            case InboundMessage message -> keywordFact(event, message);
            case MarketingPreferenceChanged preference -> switch (preference.getPreference()) {
                case STOP -> fact(event, Kind.MARKETING_STOPPED, List.of(), Channel.WHATSAPP, null,
                        preference.getSenderId(), null, null);
                case RESUME -> fact(event, Kind.MARKETING_RESUMED, List.of(), Channel.WHATSAPP, null,
                        preference.getSenderId(), null, null);
                case UNKNOWN -> null;
            };
            default -> null;
        });
    }

    private ConsentFact keywordFact(ContactEvent event, InboundMessage message) {
        KeywordIntent intent = policies.of(event.getBusinessId()).keywords().intentOf(message);
        return switch (intent) {
            case OPT_OUT -> fact(event, Kind.OPT_OUT, ALL, Channel.WHATSAPP, OptOutMethod.KEYWORD,
                    message.getSenderId(), message.getMessageId(), null);
            case STOP_PROMOTIONS -> fact(event, Kind.OPT_OUT, MARKETING, Channel.WHATSAPP,
                    OptOutMethod.STOP_PROMOTIONS_BUTTON, message.getSenderId(), message.getMessageId(), null);
            case OPT_BACK_IN -> fact(event, Kind.OPT_BACK_IN, List.of(), Channel.WHATSAPP, null,
                    message.getSenderId(), message.getMessageId(), null);
            case NONE -> null;
        };
    }

    private static ConsentFact fact(ContactEvent event, Kind kind, List<ScopeRef> scopes, Channel channel,
                                    OptOutMethod method, String senderId, String evidenceRef, OptInProof proof) {
        return new ConsentFact(event.getEventId(), kind, event.getOccurredAt(), event.getRecordedAt(), event.getSource(),
                scopes, channel, method, senderId, evidenceRef, proof);
    }

    private static List<ScopeRef> scopes(List<ConsentScope> scopes) {
        return scopes.stream().map(scope -> new ScopeRef(scope.getCategory().name(), scope.getTopic())).toList();
    }

    private static OptInProof proof(OptIn optIn) {
        return new OptInProof(optIn.getConsentId(), optIn.getBusinessName(), optIn.getCapturedBy(), optIn.getNoticeVersion(),
                optIn.getNoticeHash(), optIn.getLanguage(), optIn.getIpAddress(), optIn.getUserAgent(), optIn.getExpiresAt());
    }
}
