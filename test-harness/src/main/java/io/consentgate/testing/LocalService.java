package io.consentgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The three services as the local stack runs them: which jar, which port, which settings. */
enum LocalService {

    CONSENT_EVENTS("consent-events", 8080, Map.of(
            "consentgate.events.regions.acme-retail", "ES",
            "consentgate.events.whatsapp.verify-token", LocalDemo.VERIFY_TOKEN,
            "consentgate.events.whatsapp.app-secret", LocalDemo.APP_SECRET,
            "consentgate.events.whatsapp.accounts." + LocalDemo.WABA_ID, LocalDemo.BUSINESS,
            "consentgate.events.whatsapp.senders." + LocalDemo.DISPLAY_NUMBER, LocalDemo.SENDER)),
    CONSENT_PROJECTOR("consent-projector", 8082, Map.of(
            "consentgate.projector.advertised-host", "127.0.0.1")),
    SEND_GATE("send-gate", 8083, Map.of());

    private final String module;
    private final int port;
    private final Map<String, String> ownProperties;

    LocalService(String module, int port, Map<String, String> ownProperties) {
        this.module = module;
        this.port = port;
        this.ownProperties = ownProperties;
    }

    String module() {
        return module;
    }

    int port() {
        return port;
    }

    /** Starts the service's jar with its settings as command-line properties; output to logs/&lt;module&gt;.log. */
    Process start(Path projectRoot, Path dataFolder, Map<String, String> common) {
        Path jar = projectRoot.resolve(module).resolve("target").resolve(module + "-0.1.0-SNAPSHOT.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with ./mvnw package -DskipTests (bin/run-local does)");
        }
        Map<String, String> properties = new LinkedHashMap<>(common);
        properties.put("server.port", Integer.toString(port));
        properties.put("spring.kafka.streams.state-dir", dataFolder.resolve("state").resolve(module).toString());
        properties.put("consentgate.privacy.erasure-hash-key", LocalStack.ERASURE_KEY);
        // One business policy for every service: the gate and the projector fold the same events with it.
        properties.put("consentgate.policy.businesses." + LocalDemo.BUSINESS + ".default-region", "ES");
        properties.putAll(ownProperties);
        List<String> arguments = new ArrayList<>(List.of("-Xmx512m", "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString()));
        properties.forEach((name, value) -> arguments.add("--" + name + "=" + value));
        try {
            Files.createDirectories(dataFolder.resolve("state"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return JavaProcess.start(arguments, dataFolder, LogFile.fresh(dataFolder.resolve("logs").resolve(module + ".log")));
    }
}
