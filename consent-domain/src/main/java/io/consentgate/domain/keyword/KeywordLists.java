package io.consentgate.domain.keyword;

import io.consentgate.avro.InboundMessage;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A business's keyword lists, per language (ISO 639-1 code, e.g. {@code es}). An inbound message carries no language, so
 * it matches when it matches the lists of any language the business has. Configure them in any case and with any accents:
 * {@code "Désabonner"} matches {@code "desabonner!"}.
 */
public record KeywordLists(Map<String, LanguageKeywords> languages) {

    /** Where lists set for no language in particular are kept. */
    public static final String ANY_LANGUAGE = "*";

    /** Defaults for ES, PT, IT, FR, DE and EN ({@link DefaultKeywords}). */
    public static final KeywordLists DEFAULTS = new KeywordLists(DefaultKeywords.BY_LANGUAGE);

    public KeywordLists {
        languages = Map.copyOf(new TreeMap<>(languages));
    }

    /** One set of lists for every language: it replaces the per-language lists. */
    public KeywordLists(Set<String> optOut, Set<String> optBackIn, Set<String> stopPromotions) {
        this(Map.of(ANY_LANGUAGE, new LanguageKeywords(optOut, optBackIn, stopPromotions)));
    }

    /** These lists with one language's replaced (or added). */
    public KeywordLists with(String language, LanguageKeywords lists) {
        Map<String, LanguageKeywords> changed = new TreeMap<>(languages);
        changed.put(language, lists);
        return new KeywordLists(changed);
    }

    /** Every language's opt-out keywords, folded. */
    public Set<String> optOut() {
        return union(LanguageKeywords::optOut);
    }

    public Set<String> optBackIn() {
        return union(LanguageKeywords::optBackIn);
    }

    public Set<String> stopPromotions() {
        return union(LanguageKeywords::stopPromotions);
    }

    /**
     * Whole-message match only: the intake folded the text into {@code keywordCandidate}; a quick-reply or interactive
     * reply is matched by its payload (id) and by its label. "Stop promotions" first (it names marketing only), then the
     * opt-out keywords, then the opt-back-in ones: a reply that is both is read as the refusal.
     */
    public KeywordIntent intentOf(InboundMessage message) {
        String payload = folded(message.getButtonPayload());
        String label = folded(message.getButtonText());
        String text = folded(message.getKeywordCandidate()); // folding again protects against an intake that sent unfolded text
        if (any(LanguageKeywords::stopPromotions, payload, label)) {
            return KeywordIntent.STOP_PROMOTIONS;
        }
        if (any(LanguageKeywords::optOut, payload, label, text)) {
            return KeywordIntent.OPT_OUT;
        }
        return any(LanguageKeywords::optBackIn, payload, label, text) ? KeywordIntent.OPT_BACK_IN : KeywordIntent.NONE;
    }

    private boolean any(Function<LanguageKeywords, Set<String>> list, String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isEmpty()) {
                for (LanguageKeywords language : languages.values()) {
                    if (list.apply(language).contains(candidate)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private Set<String> union(Function<LanguageKeywords, Set<String>> list) {
        return languages.values().stream().flatMap(language -> list.apply(language).stream()).collect(Collectors.toUnmodifiableSet());
    }

    private static String folded(String text) {
        return text == null ? null : KeywordNormalizer.fold(text);
    }
}
