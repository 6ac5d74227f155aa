package io.consentgate.domain.keyword;

import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One language's keyword lists, kept folded ({@link KeywordNormalizer#fold}), so that matching is a set lookup.
 *
 * @param optOut         whole messages (or button replies) that opt out of everything
 * @param optBackIn      whole messages (or button replies) that undo keyword opt-outs
 * @param stopPromotions the marketing template's "Stop promotions" button, by payload or label, as the business localised it
 */
public record LanguageKeywords(Set<String> optOut, Set<String> optBackIn, Set<String> stopPromotions) {

    public LanguageKeywords {
        optOut = folded(optOut);
        optBackIn = folded(optBackIn);
        stopPromotions = folded(stopPromotions);
    }

    /** This language's lists with the given ones replacing theirs; a null list keeps this one's. */
    public LanguageKeywords with(Set<String> newOptOut, Set<String> newOptBackIn, Set<String> newStopPromotions) {
        return new LanguageKeywords(newOptOut != null ? newOptOut : optOut, newOptBackIn != null ? newOptBackIn : optBackIn,
                newStopPromotions != null ? newStopPromotions : stopPromotions);
    }

    static Set<String> folded(Collection<String> words) {
        return words.stream().map(KeywordNormalizer::fold).filter(word -> !word.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }
}
