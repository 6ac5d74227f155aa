package io.consentgate.testing;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The three services as the local stack runs them: which jar, which port, which settings. */
enum LocalService {

    CONSENT_EVENTS("consent-events", 8080, Map.of(
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

    /** The service's jar with its settings as command-line properties, not started yet; output to logs/&lt;module&gt;.log. */
    ServiceProcess process(Path projectRoot, Path dataFolder, Map<String, String> common) {
        Map<String, String> properties = new LinkedHashMap<>(common);
        properties.put("spring.kafka.streams.state-dir", dataFolder.resolve("state").resolve(module).toString());
        properties.put("consentgate.privacy.erasure-hash-key", LocalStack.ERASURE_KEY);
        // One business policy for every service: the gate and the projector fold the same events with it.
        properties.put("consentgate.policy.businesses." + LocalDemo.BUSINESS + ".default-region", "ES");
        properties.putAll(ownProperties);
        Path logs = dataFolder.resolve("logs");
        LogFile.fresh(logs.resolve(module + ".log"));
        return ServiceProcess.of(projectRoot, module, module, logs, port, List.of("-Xmx512m"), properties);
    }
}
