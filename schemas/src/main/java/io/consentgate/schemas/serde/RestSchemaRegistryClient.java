package io.consentgate.schemas.serde;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SchemaRegistryClient} over the Confluent Schema Registry REST API (also served by Apicurio under
 * {@code /apis/ccompat/v7}). Ids and schemas are cached, so a running producer or consumer asks the registry
 * once per schema. IO errors, 5xx and 429 are retried with exponential backoff; a 4xx never is, as it would
 * only fail again. Thread-safe.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private final SchemaRegistrySettings settings;
    private final HttpClient http;
    private final String authorization;
    private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    /** A lock per subject being registered (few: the contract's and the services' own subjects). */
    private final Map<String, Object> registering = new ConcurrentHashMap<>();

    public RestSchemaRegistryClient(SchemaRegistrySettings settings) {
        this.settings = settings;
        // HTTP/1.1: registries serve it, and it spares the h2c upgrade the JDK client otherwise tries on plain http.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout())
                .build();
        this.authorization = authorization(settings);
    }

    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        // One registration of a subject at a time in this process: the stream threads of a starting gate all serialize
        // their first record of a new subject at once, and Apicurio answered such a burst of first registrations with
        // 500s and timeouts (the bench's two-instance form: 8-12 s of retries). The others then read the cache.
        synchronized (registering.computeIfAbsent(subject, ignored -> new Object())) {
            cached = idsBySubjectSchema.get(key);
            if (cached != null) {
                return cached;
            }
            Reply reply = call("POST", subjectPath(subject) + "/versions", schemaBody(schema));
            for (int attempt = 1; lostTheRaceToCreate(reply) && attempt < settings.maxAttempts(); attempt++) {
                reply = call("POST", subjectPath(subject) + "/versions", schemaBody(schema));
            }
            if (reply.status() == 409) {
                throw SchemaRegistryException.incompatible(subject, reply.message());
            }
            return remember(key, reply.schemaId());
        }
    }

    @Override
    public int idOf(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        Reply reply = call("POST", subjectPath(subject), schemaBody(schema));
        if (reply.status() == 404) {
            throw SchemaRegistryException.notRegistered(subject);
        }
        return remember(key, reply.schemaId());
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        Reply reply = call("GET", "/schemas/ids/" + id, null);
        if (reply.status() == 404) {
            throw SchemaRegistryException.unknownSchemaId(id);
        }
        Schema schema = new Schema.Parser().parse(reply.json().path("schema").asText());
        schemasById.putIfAbsent(id, schema);
        return schema;
    }

    @Override
    public void setCompatibility(String subjectOrNullForGlobal, String level) {
        String path = subjectOrNullForGlobal == null ? "/config" : "/config/" + encode(subjectOrNullForGlobal);
        call("PUT", path, JSON.createObjectNode().put("compatibility", level)).json();
    }

    @Override
    public void close() {
        http.close();
    }

    /**
     * Apicurio answers 409 "artifact … already exists" to the second of two first registrations of a subject
     * racing each other (two instances starting at once); the subject exists by then, so registering again
     * succeeds. Confluent's registry never answers so, and a real incompatibility says otherwise.
     */
    private static boolean lostTheRaceToCreate(Reply reply) {
        return reply.status() == 409 && reply.message().contains("already exists");
    }

    private int remember(SubjectSchema key, int id) {
        idsBySubjectSchema.putIfAbsent(key, id);
        schemasById.putIfAbsent(id, key.schema());
        return id;
    }

    /** Sends the call, retrying IO errors, 5xx and 429; answers any other status for the caller to judge. */
    private Reply call(String method, String path, JsonNode body) {
        HttpRequest request = request(method, path, body);
        String call = method + " " + path;
        for (int attempt = 1; ; attempt++) {
            String failure;
            try {
                var response = http.send(request, BodyHandlers.ofString());
                Reply reply = new Reply(call, response.statusCode(), response.body());
                if (reply.status() == 401 || reply.status() == 403) {
                    throw SchemaRegistryException.unauthorized(settings.url(), reply.status(), call);
                }
                if (reply.status() < 500 && reply.status() != 429) {
                    return reply;
                }
                if (attempt == settings.maxAttempts()) {
                    throw SchemaRegistryException.unavailable(settings.url(), attempt, reply.status(), reply.body());
                }
                failure = "HTTP " + reply.status();
            } catch (IOException e) {
                if (attempt == settings.maxAttempts()) {
                    throw SchemaRegistryException.unreachable(settings.url(), attempt, e);
                }
                failure = e.toString();
            } catch (InterruptedException e) {
                throw interrupted(call, e);
            }
            Duration backoff = settings.initialBackoff().multipliedBy(1L << Math.min(attempt - 1, 20));
            log.warn("schema registry {} {} failed ({}), attempt {} of {}; retrying in {} ms",
                    settings.url(), call, failure, attempt, settings.maxAttempts(), backoff.toMillis());
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                throw interrupted(call, e);
            }
        }
    }

    private HttpRequest request(String method, String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.url() + path))
                .timeout(settings.timeout())
                .header("Accept", CONTENT_TYPE + ", application/json")
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body.toString()));
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.build();
    }

    private SchemaRegistryException interrupted(String call, InterruptedException e) {
        Thread.currentThread().interrupt();
        return new SchemaRegistryException(SchemaRegistryException.Reason.UNAVAILABLE,
                "interrupted during schema registry call " + call + " to " + settings.url(), e);
    }

    private static String authorization(SchemaRegistrySettings settings) {
        if (settings.basicAuthUserInfo() != null) {
            return "Basic " + Base64.getEncoder().encodeToString(settings.basicAuthUserInfo().getBytes(UTF_8));
        }
        return settings.bearerToken() == null ? null : "Bearer " + settings.bearerToken();
    }

    private static String subjectPath(String subject) {
        return "/subjects/" + encode(subject);
    }

    private static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, UTF_8).replace("+", "%20");
    }

    private static JsonNode schemaBody(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString());
    }

    private record SubjectSchema(String subject, Schema schema) {
    }

    /** One answer of the registry; errors come as {@code {"error_code": 40403, "message": "..."}}. */
    private record Reply(String call, int status, String body) {

        /** The body of a 2xx answer; any other status here is one the caller did not expect. */
        JsonNode json() {
            if (status / 100 != 2) {
                throw SchemaRegistryException.unexpected(call, status, body);
            }
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw SchemaRegistryException.unexpected(call, status, "not JSON: " + body);
            }
        }

        int schemaId() {
            JsonNode id = json().path("id");
            if (!id.isInt()) {
                throw SchemaRegistryException.unexpected(call, status, "no schema id in " + body);
            }
            return id.asInt();
        }

        /** The registry's own error text, or the raw body when it sent none. */
        String message() {
            try {
                JsonNode message = JSON.readTree(body).path("message");
                return message.isTextual() ? message.asText() : body;
            } catch (JsonProcessingException e) {
                return body;
            }
        }
    }
}
