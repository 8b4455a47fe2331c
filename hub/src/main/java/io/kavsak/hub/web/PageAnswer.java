package io.kavsak.hub.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;

/** One page of a list answer, the same for every paged route: items, page, size, total and X-Total-Count. */
public final class PageAnswer {

    private PageAnswer() {
    }

    public static Map<String, Object> of(Exchange exchange, List<?> items, int page, int size, long total) {
        exchange.getMessage().setHeader("X-Total-Count", total);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("items", items);
        answer.put("page", page);
        answer.put("size", size);
        answer.put("total", total);
        return answer;
    }
}
