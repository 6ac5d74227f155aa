package io.consentgate.projector;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The read side of Consent Gate: state, proof, history, audience and data-subject requests over HTTP. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ConsentProjectorApplication {

    public static void main(String[] args) {
        SpringApplication.run(ConsentProjectorApplication.class, args);
    }
}
