package io.consentgate.domain.keyword;

import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.avro.InboundMessage;
import io.consentgate.avro.InboundMessageType;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeywordNormalizerTest {

    @ParameterizedTest(name = "''{0}'' folds to {1}")
    @CsvSource(delimiter = ';', value = {
            "STOP;STOP", "stop!;STOP", "Stop 🛑;STOP", "  stop.  ;STOP", "¡BAJA!;BAJA", "baja;BAJA", "Désinscrire;DESINSCRIRE",
            "ARRÊT;ARRET", "Arrêt !!;ARRET", "opt-out;OPTOUT", "Stop all;STOP ALL", "«Annulla»;ANNULLA", "DESCADASTRAR 👋🏽;DESCADASTRAR",
            "Cancelar;CANCELAR", "ｓｔｏｐ;STOP", "Stop promotions;STOP PROMOTIONS"})
    void shouldFoldCaseAccentsPunctuationAndEmoji(String text, String folded) {
        assertThat(KeywordNormalizer.keywordCandidate(text)).isEqualTo(folded);
    }

    @ParameterizedTest(name = "''{0}'' is no keyword candidate")
    @ValueSource(strings = {"please don't stop sending me offers", "I want to stop receiving these messages now",
            "🛑🛑", "   ", "!!!", "abcdefghijklmnopqrstuvwxyz0123456789"})
    void shouldOfferNoCandidateForSentencesAndEmptyText(String text) {
        assertThat(KeywordNormalizer.keywordCandidate(text)).isNull();
    }

    @ParameterizedTest(name = "''{0}'' is an opt-out")
    @ValueSource(strings = {"STOP", "stop!", "Stop 🛑", "¡BAJA!", "Baja.", "stopall", "Unsubscribe", "cancelar", "Détener", "PARAR",
            "desuscribir", "Remover", "descadastrar", "annulla", "Arrêt", "opt-out", "OptOut", "quit", "End", "cancel"})
    void shouldRecogniseTheDefaultOptOutKeywordsInAnyWriting(String text) {
        assertThat(KeywordLists.DEFAULTS.intentOf(text(text))).isEqualTo(KeywordIntent.OPT_OUT);
    }

    @ParameterizedTest(name = "''{0}'' is not an opt-out")
    @ValueSource(strings = {"please don't stop sending", "stop the order", "no stop", "stop it now please", "STOPPED", "Stop sending",
            "bajar", "when does it end?", "hola"})
    void shouldNotTakeSentencesThatMerelyContainAKeywordForAnOptOut(String text) {
        assertThat(KeywordLists.DEFAULTS.intentOf(text(text))).isEqualTo(KeywordIntent.NONE);
    }

    @ParameterizedTest(name = "''{0}'' is an opt-back-in")
    @ValueSource(strings = {"START", "start", "Unstop", "¡Alta!", "iniciar", "Suscribir"})
    void shouldRecogniseTheDefaultOptBackInKeywords(String text) {
        assertThat(KeywordLists.DEFAULTS.intentOf(text(text))).isEqualTo(KeywordIntent.OPT_BACK_IN);
    }

    @Test
    void shouldTakeTheStopPromotionsButtonByPayloadOrText() {
        InboundMessage byText = InboundMessage.newBuilder().setMessageId("m").setSenderId("s").setType(InboundMessageType.BUTTON)
                .setButtonText("Stop promotions").setButtonPayload("custom-payload").build();
        InboundMessage byPayload = InboundMessage.newBuilder(byText).setButtonText("Parar").setButtonPayload("STOP PROMOTIONS").build();

        assertThat(KeywordLists.DEFAULTS.intentOf(byText)).isEqualTo(KeywordIntent.STOP_PROMOTIONS);
        assertThat(KeywordLists.DEFAULTS.intentOf(byPayload)).isEqualTo(KeywordIntent.STOP_PROMOTIONS);
    }

    @Test
    void shouldMatchABusinessesOwnListWrittenInAnyCase() {
        // Given a business that configured its own words, accents and all
        KeywordLists lists = new KeywordLists(Set.of("Désabonner", "Abmelden"), Set.of("Réabonner"), Set.of("Plus de promos"));

        // Then
        assertThat(lists.intentOf(text("desabonner!"))).isEqualTo(KeywordIntent.OPT_OUT);
        assertThat(lists.intentOf(text("REABONNER"))).isEqualTo(KeywordIntent.OPT_BACK_IN);
        assertThat(lists.intentOf(text("STOP"))).isEqualTo(KeywordIntent.NONE);
    }

    private static InboundMessage text(String text) {
        return InboundMessage.newBuilder().setMessageId("m").setSenderId("s").setType(InboundMessageType.TEXT)
                .setKeywordCandidate(KeywordNormalizer.keywordCandidate(text)).build();
    }
}
