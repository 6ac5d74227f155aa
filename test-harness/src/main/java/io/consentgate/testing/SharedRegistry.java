package io.consentgate.testing;

import io.consentgate.schemas.serde.RestSchemaRegistryClient;
import io.consentgate.schemas.serde.SchemaRegistryClient;
import io.consentgate.schemas.serde.SchemaRegistrySettings;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One real schema registry per test JVM: the Apicurio Registry built by module dev-registry, started on
 * first use, speaking the Confluent Schema Registry API at {@link #url()}, with the global compatibility
 * rule set to BACKWARD (as in production; Apicurio's default is NONE). Stopped when the JVM exits.
 *
 * <p>The jar is {@code -Dconsentgate.registry.jar} (the root pom passes it to every module's tests), or else
 * {@code dev-registry/target/quarkus-app/quarkus-run.jar} in the first folder above the working directory
 * that has module dev-registry.
 */
public final class SharedRegistry {

    public static final String JAR_PROPERTY = "consentgate.registry.jar";
    private static final Path JAR_IN_MODULE = Path.of("dev-registry", "target", "quarkus-app", "quarkus-run.jar");
    private static final String CONFLUENT_API = "/apis/ccompat/v7";

    private static final Once<String> URL = new Once<>(SharedRegistry::startWithBackwardCompatibility);
    private static final Once<SchemaRegistryClient> CLIENT =
            new Once<>(() -> new RestSchemaRegistryClient(SchemaRegistrySettings.of(url())));

    /** The Confluent-compatible API, e.g. {@code http://127.0.0.1:45083/apis/ccompat/v7}. */
    public static String url() {
        return URL.get();
    }

    /** A client of the shared registry with the serde's default settings, shared too: do not close it. */
    public static SchemaRegistryClient client() {
        return CLIENT.get();
    }

    private static String startWithBackwardCompatibility() {
        RegistryProcess registry = RegistryProcess.start(jar());
        Runtime.getRuntime().addShutdownHook(new Thread(registry::stop, "shared-registry-shutdown"));
        String url = registry.baseUrl() + CONFLUENT_API;
        try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(SchemaRegistrySettings.of(url))) {
            client.setCompatibility(null, "BACKWARD");
        }
        return url;
    }

    private static Path jar() {
        String property = System.getProperty(JAR_PROPERTY);
        Path jar = property == null || property.isBlank() ? jarInProjectAbove(Path.of("").toAbsolutePath()) : Path.of(property);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The schema registry for tests is not built: " + jar + " is missing. "
                    + "Build it from the project root with: ./mvnw -q -f dev-registry/pom.xml package -DskipTests");
        }
        return jar;
    }

    /** Where the jar is in the multi-module project that holds {@code folder}; a path that names the problem if none does. */
    private static Path jarInProjectAbove(Path folder) {
        for (Path candidate = folder; candidate != null; candidate = candidate.getParent()) {
            if (Files.isDirectory(candidate.resolve("dev-registry"))) {
                return candidate.resolve(JAR_IN_MODULE);
            }
        }
        return folder.resolve(JAR_IN_MODULE);
    }

    private SharedRegistry() {
    }
}
