package io.kavsak.hub.web;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Applies {@link HttpLimits}: Jackson's read constraints on the hub's ObjectMapper (the one the routes,
 * Camel's JSON data format and the body filter use), and the body filter in front of every request,
 * before security, so even an anonymous oversized body is refused without being held.
 */
@Configuration
public class HttpLimitsConfig {

    @Bean
    Jackson2ObjectMapperBuilderCustomizer jsonReadConstraints(HttpLimits limits) {
        StreamReadConstraints constraints = readConstraints(limits);
        return builder -> builder.postConfigurer(mapper -> mapper.getFactory().setStreamReadConstraints(constraints));
    }

    static StreamReadConstraints readConstraints(HttpLimits limits) {
        HttpLimits.Json json = limits.json();
        return StreamReadConstraints.builder()
                .maxNestingDepth(json.maxDepth())
                .maxStringLength(json.maxStringLength())
                .maxNumberLength(json.maxNumberLength())
                .maxNameLength(json.maxNameLength())
                .maxDocumentLength(limits.maxBodySize().toBytes())
                .build();
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(HttpLimits limits, ObjectMapper json,
                                                                          Problems problems) {
        FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
                new RequestBodyLimitFilter(limits, json.getFactory(), problems));
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 10);
        return registration;
    }
}
