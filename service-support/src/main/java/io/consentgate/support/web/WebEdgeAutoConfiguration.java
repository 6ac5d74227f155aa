package io.consentgate.support.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP edge every servlet service shares: problem answers ({@link ProblemAdvice}, {@link ProblemInstances}, and
 * {@link StreamsProblemAdvice} where Kafka Streams is on the class path) and the strict body reader.
 */
// Before Spring MVC's, so that its own problem handler (spring.mvc.problemdetails.enabled) sees ours and steps aside.
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
        beforeName = "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration")
@ConditionalOnWebApplication(type = Type.SERVLET)
public class WebEdgeAutoConfiguration {

    @Bean
    ProblemAdvice problemAdvice() {
        return new ProblemAdvice();
    }

    @Bean
    ProblemInstances problemInstances() {
        return new ProblemInstances();
    }

    @Bean
    StrictJson strictJson(JsonMapper jsonMapper) {
        return new StrictJson(jsonMapper);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.apache.kafka.streams.KafkaStreams")
    static class Streams {

        @Bean
        StreamsProblemAdvice streamsProblemAdvice() {
            return new StreamsProblemAdvice();
        }
    }
}
