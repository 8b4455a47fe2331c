package io.kavsak.hub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Kavsak's integration hub: Camel routes from {@code routes/*.camel.yaml} on Spring Boot. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class KavsakHubApplication {

    public static void main(String[] args) {
        SpringApplication.run(KavsakHubApplication.class, args);
    }
}
