package io.consentgate.support.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the OpenAPI document says about the service ({@code consentgate.api-docs.*}).
 *
 * @param title       the API's name; the application's name when not set
 * @param description what the API is for
 */
@ConfigurationProperties("consentgate.api-docs")
public record ApiDocsProperties(String title, String description) {
}
