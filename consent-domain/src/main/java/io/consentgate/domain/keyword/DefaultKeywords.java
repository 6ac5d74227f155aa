package io.consentgate.domain.keyword;

import java.util.Map;
import java.util.Set;

/**
 * The keyword lists every business starts with, per language. Opt-out words are ones a person types to stop messages;
 * opt-back-in words only undo a keyword opt-out. The "Stop promotions" labels are how a business may localise that
 * quick-reply button of its marketing templates. Only whole messages (or whole button replies) match.
 */
final class DefaultKeywords {

    static final Map<String, LanguageKeywords> BY_LANGUAGE = Map.of(
            "en", new LanguageKeywords(
                    Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "OPT OUT"),
                    Set.of("START", "UNSTOP", "RESUBSCRIBE"),
                    Set.of("Stop promotions")),
            "es", new LanguageKeywords(
                    Set.of("BAJA", "DARME DE BAJA", "DETENER", "PARAR", "CANCELAR", "DESUSCRIBIR", "DESUSCRIBIRME", "REMOVER"),
                    Set.of("ALTA", "INICIAR", "SUSCRIBIR"),
                    Set.of("Detener promociones", "Parar promociones", "No quiero promociones")),
            "pt", new LanguageKeywords(
                    Set.of("DESCADASTRAR", "PARAR", "CANCELAR", "SAIR", "REMOVER"),
                    Set.of("INICIAR", "REATIVAR", "CADASTRAR"),
                    Set.of("Parar promoções", "Interromper promoções")),
            "it", new LanguageKeywords(
                    Set.of("ANNULLA", "DISISCRIVI", "DISISCRIVIMI", "CANCELLAMI", "BASTA"),
                    Set.of("ISCRIVIMI", "RIATTIVA"),
                    Set.of("Interrompi promozioni", "Stop promozioni")),
            "fr", new LanguageKeywords(
                    Set.of("ARRET", "DESABONNER", "DESINSCRIRE", "DESINSCRIPTION"),
                    Set.of("REABONNER", "REPRENDRE"),
                    Set.of("Arrêter les promotions", "Stop promotions")),
            "de", new LanguageKeywords(
                    Set.of("STOPP", "ABMELDEN", "ABBESTELLEN", "BEENDEN"),
                    Set.of("ANMELDEN", "FORTSETZEN"),
                    Set.of("Werbung stoppen", "Angebote stoppen")));

    private DefaultKeywords() {
    }
}
