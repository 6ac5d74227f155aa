package io.consentgate.support.web;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/** The OpenAPI document of each service that serves one (springdoc on its class path): see {@link ApiDocsCustomizer}. */
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.info.ProjectInfoAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "org.springdoc.core.customizers.OpenApiCustomizer")
@EnableConfigurationProperties({ApiDocsProperties.class, ApiKeyProperties.class})
public class ApiDocsAutoConfiguration {

    @Bean
    ApiDocsCustomizer apiDocsCustomizer(ApiDocsProperties docs, ApiKeyProperties keys, ObjectProvider<BuildProperties> build, Environment environment) {
        String title = docs.title() != null ? docs.title() : environment.getProperty("spring.application.name", "Consent Gate");
        return new ApiDocsCustomizer(title, docs.description(), versionOf(build.getIfAvailable()), new PublicPaths(keys.publicPaths()));
    }

    /** The build's version (META-INF/build-info.properties, written by the build), else the jar's, else "unknown". */
    static String versionOf(BuildProperties build) {
        if (build != null && build.getVersion() != null) {
            return build.getVersion();
        }
        String manifest = ApiDocsAutoConfiguration.class.getPackage().getImplementationVersion();
        return manifest != null ? manifest : "unknown";
    }
}
