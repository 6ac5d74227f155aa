package io.consentgate.domain.keyword;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Folds an inbound message into the form keyword lists are matched against: upper case, no
 * accents, no punctuation, emoji and symbols read as spaces, whitespace collapsed.
 * {@code "¡Baja!"} → {@code BAJA}, {@code "Stop 🛑"} → {@code STOP}, {@code "opt-out"} → {@code OPTOUT}.
 */
public final class KeywordNormalizer {

    /** Longer texts are sentences, not keywords; a sentence that merely contains "stop" is no opt-out. */
    public static final int MAX_CHARS = 32;
    public static final int MAX_WORDS = 3;

    private KeywordNormalizer() {
    }

    /**
     * The webhook intake calls this to fill {@code InboundMessage.keywordCandidate}, so that the
     * message text itself is never stored.
     *
     * @return the folded text, or null when there is no text or it is too long to be a keyword
     */
    public static String keywordCandidate(String text) {
        if (text == null) {
            return null;
        }
        String folded = fold(text);
        if (folded.isEmpty() || folded.length() > MAX_CHARS || folded.split(" ").length > MAX_WORDS) {
            return null;
        }
        return folded;
    }

    /** The folding alone, without the length limits: used for configured lists and button payloads. */
    public static String fold(String text) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
        StringBuilder folded = new StringBuilder(decomposed.length());
        boolean pendingSpace = false;
        for (int i = 0; i < decomposed.length(); ) {
            int codePoint = decomposed.codePointAt(i);
            i += Character.charCount(codePoint);
            if (Character.isLetterOrDigit(codePoint)) {
                if (pendingSpace && !folded.isEmpty()) {
                    folded.append(' ');
                }
                pendingSpace = false;
                folded.appendCodePoint(codePoint);
            } else if (!isDropped(codePoint)) {
                pendingSpace = true;
            }
        }
        return folded.toString().toUpperCase(Locale.ROOT);
    }

    /** Accents and punctuation vanish inside a word ("opt-out" is OPTOUT); anything else separates words. */
    private static boolean isDropped(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.FORMAT,
                 Character.DASH_PUNCTUATION, Character.CONNECTOR_PUNCTUATION, Character.OTHER_PUNCTUATION,
                 Character.START_PUNCTUATION, Character.END_PUNCTUATION,
                 Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION -> true;
            default -> false;
        };
    }
}
