package io.kavsak.hub.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Builds RFC 9457 problem documents, the one error shape every part of the hub answers with. */
@Component
public class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";

    private final ObjectMapper json;

    public Problems(ObjectMapper json) {
        this.json = json;
    }

    public String document(HttpStatus status, String title, String detail, String field, String instance) {
        ObjectNode problem = json.createObjectNode();
        problem.put("type", "about:blank");
        problem.put("title", title == null ? status.getReasonPhrase() : title);
        problem.put("status", status.value());
        if (detail != null) {
            problem.put("detail", detail);
        }
        if (instance != null) {
            problem.put("instance", instance);
        }
        if (field != null) {
            problem.put("field", field);
        }
        return problem.toString();
    }

    public String document(ApiProblem problem, String instance) {
        return document(problem.status(), problem.title(), problem.getMessage(), problem.field(), instance);
    }
}
