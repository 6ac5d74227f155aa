package io.consentgate.support.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** The one way a problem answer is built: type, title, status, detail, as {@code application/problem+json}. */
public final class ProblemWriter {

    private ProblemWriter() {
    }

    public static ProblemDetail problem(ProblemType type, HttpStatus status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type.uri());
        problem.setTitle(type.title());
        return problem;
    }

    public static ResponseEntity<ProblemDetail> respond(ProblemType type, String detail) {
        return respond(problem(type, type.status(), detail), new HttpHeaders());
    }

    public static ResponseEntity<ProblemDetail> respond(ProblemException e) {
        ProblemDetail problem = problem(e.type(), e.status(), e.getMessage());
        e.properties().forEach(problem::setProperty);
        HttpHeaders headers = new HttpHeaders();
        if (e.retryAfter() != null) {
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfter().toSeconds())));
        }
        return respond(problem, headers);
    }

    public static ResponseEntity<ProblemDetail> respond(ProblemDetail problem, HttpHeaders headers) {
        return ResponseEntity.status(problem.getStatus()).headers(headers).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /**
     * For filters, which answer before Spring MVC: {@code detail} must be a constant of the caller's, nothing from the
     * request (it is written as JSON with only backslashes and quotes escaped).
     */
    public static void write(HttpServletResponse response, ProblemType type, String detail) throws IOException {
        int status = type.status().value();
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(("{\"type\":\"" + type.uri() + "\",\"title\":\"" + type.title() + "\",\"status\":" + status
                + ",\"detail\":\"" + detail.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}").getBytes(StandardCharsets.UTF_8));
    }
}
