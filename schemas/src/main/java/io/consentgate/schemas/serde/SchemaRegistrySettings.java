package io.consentgate.schemas.serde;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * How {@link RestSchemaRegistryClient} reaches the registry.
 *
 * @param url               base URL of the Confluent-compatible API, e.g. {@code http://127.0.0.1:8081} or
 *                          {@code http://127.0.0.1:8080/apis/ccompat/v7}
 * @param basicAuthUserInfo {@code user:password} for HTTP basic auth, or null
 * @param bearerToken       a static bearer token, or null
 * @param timeout           connect timeout, and request timeout of each attempt
 * @param maxAttempts       attempts per call; IO errors, 5xx and 429 are retried, a 4xx never
 * @param initialBackoff    wait before the second attempt; it doubles before each further one
 */
public record SchemaRegistrySettings(URI url, String basicAuthUserInfo, String bearerToken, Duration timeout,
                                     int maxAttempts, Duration initialBackoff) {

    public static final String URL_CONFIG = "schema.registry.url";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO_CONFIG = "basic.auth.user.info";
    public static final String BEARER_AUTH_CREDENTIALS_SOURCE_CONFIG = "bearer.auth.credentials.source";
    public static final String BEARER_AUTH_TOKEN_CONFIG = "bearer.auth.token";
    public static final String TIMEOUT_MS_CONFIG = "schema.registry.timeout.ms";
    public static final String MAX_ATTEMPTS_CONFIG = "schema.registry.max.attempts";

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_ATTEMPTS = 4;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);

    public SchemaRegistrySettings {
        if (url == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw new IllegalArgumentException("schema registry URL must be http(s)://host[:port][/path], was " + url);
        }
        url = URI.create(url.toString().replaceAll("/+$", ""));
        if (basicAuthUserInfo != null && bearerToken != null) {
            throw new IllegalArgumentException("give basic auth or a bearer token for the schema registry, not both");
        }
        if (timeout.isNegative() || timeout.isZero() || maxAttempts < 1 || initialBackoff.isNegative()) {
            throw new IllegalArgumentException("schema registry timeout must be positive, attempts at least 1 and "
                    + "backoff not negative; were " + timeout + ", " + maxAttempts + ", " + initialBackoff);
        }
    }

    /** No auth, a 5 s timeout, 4 attempts, backoff from 100 ms. */
    public static SchemaRegistrySettings of(String url) {
        return new SchemaRegistrySettings(URI.create(url), null, null, DEFAULT_TIMEOUT, DEFAULT_MAX_ATTEMPTS,
                DEFAULT_INITIAL_BACKOFF);
    }

    /**
     * Reads the usual Confluent keys ({@code schema.registry.url}, {@code basic.auth.user.info} with
     * {@code basic.auth.credentials.source=USER_INFO}, {@code bearer.auth.token} with
     * {@code bearer.auth.credentials.source=STATIC_TOKEN}) and our {@code schema.registry.timeout.ms} and
     * {@code schema.registry.max.attempts} from a Kafka client's configs.
     */
    public static SchemaRegistrySettings fromConfigs(Map<String, ?> configs) {
        String url = string(configs, URL_CONFIG);
        if (url == null) {
            throw new ConfigException(URL_CONFIG + " is missing: set it to the schema registry's base URL");
        }
        if (url.contains(",")) {
            throw new ConfigException(URL_CONFIG, url, "give one URL (e.g. a load balancer's), not a list");
        }
        return new SchemaRegistrySettings(URI.create(url.trim()),
                credential(configs, BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, "USER_INFO", BASIC_AUTH_USER_INFO_CONFIG),
                credential(configs, BEARER_AUTH_CREDENTIALS_SOURCE_CONFIG, "STATIC_TOKEN", BEARER_AUTH_TOKEN_CONFIG),
                Duration.ofMillis(number(configs, TIMEOUT_MS_CONFIG, DEFAULT_TIMEOUT.toMillis())),
                (int) number(configs, MAX_ATTEMPTS_CONFIG, DEFAULT_MAX_ATTEMPTS),
                DEFAULT_INITIAL_BACKOFF);
    }

    /** Keeps the secrets out of logs. */
    @Override
    public String toString() {
        String auth = basicAuthUserInfo != null ? "basic" : bearerToken != null ? "bearer" : "none";
        return "SchemaRegistrySettings[url=" + url + ", auth=" + auth + ", timeout=" + timeout
                + ", maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff + "]";
    }

    /** Confluent's clients know other credential sources (URL, SASL, OAuth); we support the static one only. */
    private static String credential(Map<String, ?> configs, String sourceKey, String supportedSource, String key) {
        String source = string(configs, sourceKey);
        if (source != null && !source.equals(supportedSource)) {
            throw new ConfigException(sourceKey, source, "only " + supportedSource + " is supported: put the "
                    + "credential in " + key);
        }
        return string(configs, key);
    }

    private static String string(Map<String, ?> configs, String key) {
        Object value = configs.get(key);
        return value == null || value.toString().isBlank() ? null : value.toString();
    }

    private static long number(Map<String, ?> configs, String key, long defaultValue) {
        String value = string(configs, key);
        try {
            return value == null ? defaultValue : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, value, "must be a whole number");
        }
    }
}
