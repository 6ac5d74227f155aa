package io.consentgate.gate.app;

import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A test of the whole gate application on the shared broker and registry, with the explain endpoint on: each test
 * class gets its own application id (so its own consumer group, state and internal topics) and starts once the
 * streams run. The context is closed after the class while the shared broker still runs: closed by the JVM's
 * shutdown hook instead, the streams would wait out their close timeout against a broker already gone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
abstract class RunningGateTest {

    @RegisterExtension
    static final GateProducers kafka = new GateProducers();

    @Autowired
    GateStreams streams;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void kafkaAndRegistry(DynamicPropertyRegistry registry) {
        RunningGate.propertiesWithExplain(registry, "send-gate-test-" + UUID.randomUUID());
    }

    @BeforeEach
    void gateIsRunning() {
        RunningGate.awaitRunning(streams);
    }
}
