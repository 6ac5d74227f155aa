package io.consentgate.events;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The intake: capture API, WhatsApp webhook, and the only writer of contact-events and business-events. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ConsentEventsApplication {

    public static void main(String[] args) {
        SpringApplication.run(ConsentEventsApplication.class, args);
    }
}
