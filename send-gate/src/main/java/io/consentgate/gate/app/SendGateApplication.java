package io.consentgate.gate.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The send gate: exactly one approved send or rejection per outbound request. */
@SpringBootApplication
public class SendGateApplication {

    public static void main(String[] args) {
        SpringApplication.run(SendGateApplication.class, args);
    }
}
