package io.consentgate.events.capture;

import io.consentgate.support.web.FieldProblem;
import java.util.List;

/**
 * What an import recorded: the accepted lines are on Kafka (acknowledged); the refused ones are listed
 * with what is wrong, so that only they need fixing and sending again.
 */
public record ImportReport(int accepted, int refused, List<Refusal> refusals) {

    /** @param line the line number in the file (1-based; a CSV header is line 1) */
    public record Refusal(long line, List<FieldProblem> errors) {
    }
}
