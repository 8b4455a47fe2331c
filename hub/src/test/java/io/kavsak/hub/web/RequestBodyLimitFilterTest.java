package io.kavsak.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class RequestBodyLimitFilterTest {

    private static final HttpLimits LIMITS = new HttpLimits(DataSize.ofMegabytes(1),
            new HttpLimits.Json(4, 3, 1000, 10, 20),
            new HttpLimits.Sse(1, 1, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMinutes(1)));

    private final RequestBodyLimitFilter filter;

    RequestBodyLimitFilterTest() {
        JsonFactory json = new JsonFactory();
        json.setStreamReadConstraints(HttpLimitsConfig.readConstraints(LIMITS));
        filter = new RequestBodyLimitFilter(LIMITS, json, new Problems(new ObjectMapper()));
    }

    private String violation(String body) throws Exception {
        return filter.jsonViolation(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void bodiesWithinEveryLimitPass() throws Exception {
        assertThat(violation("{\"a\": [1, 2, 3], \"b\": {\"c\": [{}, [], \"x\"]}, \"d\": null}")).isNull();
        assertThat(violation("[[1, 2, 3], [4, 5, 6], {\"x\": 1, \"y\": 2, \"z\": 3}]")).isNull();
    }

    @Test
    void anArrayOrObjectWithOneEntryTooManyIsNamedByItsPointer() throws Exception {
        assertThat(violation("[1, 2, 3, 4]")).startsWith("The JSON array at '/' has more than 3 entries");
        assertThat(violation("{\"a\": {\"w\": 1, \"x\": 2, \"y\": 3, \"z\": 4}}"))
                .startsWith("The JSON object at '/a' has more than 3 entries");
        assertThat(violation("{\"a\": [[], {}, [1], {\"b\": 1}]}"))
                .startsWith("The JSON array at '/a' has more than 3 entries");
        assertThat(violation("[[1], [2], [[1, 2, 3, 4]]]")).startsWith("The JSON array at '/2/0' has more than");
    }

    @Test
    void depthAndNumberLengthAreJacksonsConstraints() throws Exception {
        assertThat(violation("[[[[[1]]]]]")).contains("nesting depth").endsWith("(kavsak.http.json.*)");
        assertThat(violation("[[[[1]]]]")).isNull();
        assertThat(violation("[12345678901]")).contains("Number value length");
    }

    @Test
    void aBodyThatIsNotJsonIsLeftToTheRoute() throws Exception {
        assertThat(violation("{\"a\": ")).isNull();
        assertThat(violation("user_id=1&text=x")).isNull();
    }
}
