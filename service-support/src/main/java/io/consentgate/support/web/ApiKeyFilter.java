package io.consentgate.support.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Map;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a request through only with a configured API key, except on the public paths. Answers
 * 401 as an RFC 9457 problem that says how to authenticate, and never says which keys exist.
 * The caller's name is left in the request attribute {@link #CALLER_ATTRIBUTE} for audit logs.
 */
public class ApiKeyFilter extends OncePerRequestFilter {

    public static final String CALLER_ATTRIBUTE = "consentgate.caller";
    private static final String BEARER = "Bearer ";

    private final Map<String, byte[]> digestsByCaller;
    private final PublicPaths publicPaths;

    public ApiKeyFilter(ApiKeyProperties properties) {
        this.digestsByCaller = properties.apiKeys().entrySet().stream()
                .collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey, entry -> sha256(entry.getValue())));
        this.publicPaths = new PublicPaths(properties.publicPaths());
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String raw = request.getRequestURI().substring(request.getContextPath().length());
        if (!isNormalPath(raw)) {
            return false; // refused below: never taken for a public path
        }
        return publicPaths.matches(raw);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!isNormalPath(request.getRequestURI().substring(request.getContextPath().length()))) {
            // No API uses dot segments, path parameters or encoded separators: such a path is an attempt to make the
            // raw path look public while the container routes the normalised one, or to reach files. Refused before
            // any handler sees it (the resource handler would log the path, contact and all); the answer does not repeat it.
            ProblemWriter.write(response, ProblemType.INVALID_REQUEST,
                    "the path is not in normal form: no '.' or '..' segments, ';' parameters, empty segments or encoded '/', '\\' or '.'");
            return;
        }
        String presented = presentedKey(request);
        String caller = presented == null ? null : callerOf(presented);
        if (caller == null) {
            refuse(response, presented == null
                    ? "this endpoint needs an API key: send it as 'X-API-Key: <key>' or 'Authorization: Bearer <key>'"
                    : "the API key is not valid for this service: check the key or ask for one");
            return;
        }
        request.setAttribute(CALLER_ATTRIBUTE, caller);
        chain.doFilter(request, response);
    }

    private static String presentedKey(HttpServletRequest request) {
        String key = request.getHeader("X-API-Key");
        if (key != null && !key.isBlank()) {
            return key.strip();
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return authorization.substring(BEARER.length()).strip();
        }
        return null;
    }

    /** Compares digests in constant time, so the time taken says nothing about how close a guess was. */
    private String callerOf(String presented) {
        byte[] digest = sha256(presented);
        String match = null;
        for (Map.Entry<String, byte[]> entry : digestsByCaller.entrySet()) {
            if (MessageDigest.isEqual(entry.getValue(), digest)) {
                match = entry.getKey();
            }
        }
        return match;
    }

    private static void refuse(HttpServletResponse response, String detail) throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer");
        ProblemWriter.write(response, ProblemType.UNAUTHORIZED, detail); // detail: one of this class's constants
    }

    /**
     * Whether the raw (undecoded) path is what the container will route: no {@code .} or {@code ..} segment (plain or
     * percent-encoded), no {@code ;} path parameter, no empty segment, no encoded {@code /} or {@code \}.
     */
    static boolean isNormalPath(String raw) {
        if (raw.isEmpty() || raw.equals("/")) {
            return true;
        }
        String lower = raw.toLowerCase(Locale.ROOT);
        if (lower.contains(";") || lower.contains("%2f") || lower.contains("%5c") || lower.contains("\\") || lower.contains("%25")) {
            return false;
        }
        String[] segments = lower.replace("%2e", ".").substring(lower.startsWith("/") ? 1 : 0).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            boolean trailingSlash = i == segments.length - 1 && segments[i].isEmpty();
            if (segments[i].isEmpty() && !trailingSlash || segments[i].equals(".") || segments[i].equals("..")) {
                return false;
            }
        }
        return true;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
