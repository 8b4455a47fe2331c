package io.kavsak.hub.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.rest.ResponseMessageDefinition;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.apache.camel.openapi.BeanConfig;
import org.apache.camel.openapi.RestOpenApiReader;
import org.apache.camel.openapi.RestOpenApiSupport;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the OpenAPI document camel-openapi-java builds from the REST DSL, with one correction: version
 * 4.17 documents every response with the verb's {@code produces} and ignores a {@code responseMessage}'s own
 * {@code contentType}; the declared one (application/problem+json for errors) is applied here, so the route
 * files stay the only description of the contract. It also turns {@code formData} params, which it emits as
 * OpenAPI 2 parameters, into the OpenAPI 3 multipart/form-data request body (a {@code file} param is binary).
 */
@RestController
public class OpenApiDocument {

    private final CamelContext camel;

    public OpenApiDocument(CamelContext camel) {
        this.camel = camel;
    }

    @GetMapping(path = "/api/openapi.json", produces = "application/json")
    public String document() throws Exception {
        List<RestDefinition> rests = ((ModelCamelContext) camel).getRestDefinitions();
        BeanConfig config = new BeanConfig();
        Map<String, Object> properties = new HashMap<>(camel.getRestConfiguration().getApiProperties());
        new RestOpenApiSupport().initOpenApi(config, properties);
        OpenAPI document = new RestOpenApiReader().read(camel, rests, config, camel.getName(),
                camel.getClassResolver());
        applyDeclaredMediaTypes(document, rests);
        formDataAsMultipartBody(document);
        deterministicTags(document, rests);
        return RestOpenApiSupport.getJsonFromOpenAPIAsString(document, config);
    }

    private static void formDataAsMultipartBody(OpenAPI document) {
        for (PathItem path : document.getPaths().values()) {
            for (Operation operation : path.readOperations()) {
                if (operation.getParameters() == null) {
                    continue;
                }
                ObjectSchema form = new ObjectSchema();
                List<Parameter> kept = new ArrayList<>();
                for (Parameter parameter : operation.getParameters()) {
                    if (!"formData".equals(parameter.getIn())) {
                        kept.add(parameter);
                        continue;
                    }
                    Schema<?> field = parameter.getSchema() == null || "file".equals(parameter.getSchema().getType())
                            ? new StringSchema().format("binary") : parameter.getSchema();
                    field.setDescription(parameter.getDescription());
                    if (parameter.getExamples() != null && !parameter.getExamples().isEmpty()) {
                        field.setExample(parameter.getExamples().values().iterator().next().getValue());
                    }
                    form.addProperty(parameter.getName(), field);
                    if (Boolean.TRUE.equals(parameter.getRequired())) {
                        form.addRequiredItem(parameter.getName());
                    }
                }
                if (form.getProperties() != null) {
                    operation.setParameters(kept.isEmpty() ? null : kept);
                    operation.setRequestBody(new RequestBody().required(true).content(
                            new Content().addMediaType("multipart/form-data", new MediaType().schema(form))));
                }
            }
        }
    }

    private static void applyDeclaredMediaTypes(OpenAPI document, List<RestDefinition> rests) {
        Map<String, VerbDefinition> verbs = new HashMap<>();
        rests.forEach(rest -> rest.getVerbs().forEach(verb -> verbs.put(verb.getId(), verb)));
        for (PathItem path : document.getPaths().values()) {
            for (Operation operation : path.readOperations()) {
                VerbDefinition verb = verbs.get(operation.getOperationId());
                if (verb == null || verb.getResponseMsgs() == null || operation.getResponses() == null) {
                    continue;
                }
                for (ResponseMessageDefinition message : verb.getResponseMsgs()) {
                    ApiResponse response = operation.getResponses().get(message.getCode());
                    if (message.getContentType() == null || response == null || response.getContent() == null
                            || response.getContent().isEmpty()) {
                        continue;
                    }
                    MediaType media = response.getContent().values().iterator().next();
                    response.setContent(new Content().addMediaType(message.getContentType(), media));
                }
            }
        }
    }

    /**
     * The document's tags in name order, one per name with the descriptions of every rest block that shares it:
     * camel-openapi-java keeps the first block's in route-loading order, which differs from run to run.
     */
    private static void deterministicTags(OpenAPI document, List<RestDefinition> rests) {
        if (document.getTags() == null) {
            return;
        }
        Map<String, java.util.SortedSet<String>> descriptions = new java.util.TreeMap<>();
        for (RestDefinition rest : rests) {
            String name = rest.getTag() != null ? rest.getTag() : rest.getPath();
            if (name != null) {
                java.util.SortedSet<String> texts = descriptions.computeIfAbsent(name, key -> new java.util.TreeSet<>());
                if (rest.getDescriptionText() != null) {
                    texts.add(rest.getDescriptionText());
                }
            }
        }
        java.util.Set<String> used = new java.util.HashSet<>();
        document.getTags().forEach(tag -> used.add(tag.getName()));
        document.setTags(descriptions.entrySet().stream().filter(entry -> used.contains(entry.getKey()))
                .map(entry -> new io.swagger.v3.oas.models.tags.Tag().name(entry.getKey())
                        .description(entry.getValue().isEmpty() ? null : String.join("; ", entry.getValue())))
                .toList());
    }
}
