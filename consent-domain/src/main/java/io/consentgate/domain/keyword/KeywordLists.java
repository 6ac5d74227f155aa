package io.consentgate.domain.keyword;

import io.consentgate.avro.InboundMessage;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A business's keyword lists, kept folded so that matching is a set lookup. Configure them in
 * any case and with any accents: {@code "Désabonner"} matches {@code "desabonner!"}.
 */
public record KeywordLists(Set<String> optOut, Set<String> optBackIn, Set<String> stopPromotions) {

    public static final KeywordLists DEFAULTS = new KeywordLists(
            Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "BAJA", "DETENER",
                    "PARAR", "CANCELAR", "DESUSCRIBIR", "REMOVER", "DESCADASTRAR", "ANNULLA", "ARRET"),
            Set.of("START", "UNSTOP", "ALTA", "INICIAR", "SUSCRIBIR"),
            Set.of("Stop promotions"));

    public KeywordLists {
        optOut = folded(optOut);
        optBackIn = folded(optBackIn);
        stopPromotions = folded(stopPromotions);
    }

    /**
     * Whole-message match only: the intake folded the text into {@code keywordCandidate}, and the
     * quick-reply button is recognised by its payload or its text.
     */
    public KeywordIntent intentOf(InboundMessage message) {
        if (matches(stopPromotions, message.getButtonPayload()) || matches(stopPromotions, message.getButtonText())) {
            return KeywordIntent.STOP_PROMOTIONS;
        }
        String candidate = message.getKeywordCandidate();
        if (candidate == null) {
            return KeywordIntent.NONE;
        }
        // Folding again costs little and protects against an intake that sent unfolded text.
        String keyword = KeywordNormalizer.fold(candidate);
        if (optOut.contains(keyword)) {
            return KeywordIntent.OPT_OUT;
        }
        return optBackIn.contains(keyword) ? KeywordIntent.OPT_BACK_IN : KeywordIntent.NONE;
    }

    private static boolean matches(Set<String> list, String text) {
        return text != null && list.contains(KeywordNormalizer.fold(text));
    }

    private static Set<String> folded(Collection<String> words) {
        return words.stream().map(KeywordNormalizer::fold).collect(Collectors.toUnmodifiableSet());
    }
}
