package io.kavsak.hub.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds every request body once, in front of all routes (including ones added later): a body larger
 * than {@code kavsak.http.max-body-size} (declared or, when chunked, counted) and a JSON body past its
 * depth, length or collection-size limits answer 413 problem+json before any route or thread holds it.
 * Multipart uploads have their own limits ({@code spring.servlet.multipart.*}).
 */
public class RequestBodyLimitFilter extends OncePerRequestFilter {

    private final HttpLimits limits;
    private final JsonFactory json;
    private final Problems problems;

    public RequestBodyLimitFilter(HttpLimits limits, JsonFactory json, Problems problems) {
        this.limits = limits;
        this.json = json;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        boolean chunked = request.getHeader("Transfer-Encoding") != null;
        if ((request.getContentLengthLong() <= 0 && !chunked) || type.startsWith("multipart/")) {
            chain.doFilter(request, response);
            return;
        }
        long max = limits.maxBodySize().toBytes();
        if (request.getContentLengthLong() > max) {
            reject(request, response, tooLarge(max));
            return;
        }
        if (type.startsWith("application/x-www-form-urlencoded")) {
            // the container parses form bodies itself, so they are not read here: a declared length is required
            if (chunked) {
                reject(request, response, HttpStatus.LENGTH_REQUIRED, "Length required",
                        "A form body needs a Content-Length of at most " + max + " bytes (kavsak.http.max-body-size)");
            } else {
                chain.doFilter(request, response);
            }
            return;
        }
        byte[] body = request.getInputStream().readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 8));
        if (body.length > max) {
            reject(request, response, tooLarge(max));
            return;
        }
        String violation = jsonViolation(body);
        if (violation != null) {
            reject(request, response, violation);
            return;
        }
        chain.doFilter(new BufferedBodyRequest(request, body), response);
    }

    private static String tooLarge(long max) {
        return "The request body is larger than " + max + " bytes (kavsak.http.max-body-size)";
    }

    /** What makes this JSON body too big, or null when it is within limits or not JSON (the route then decides). */
    String jsonViolation(byte[] body) throws IOException {
        int maxEntries = limits.json().maxCollectionSize();
        Deque<int[]> open = new ArrayDeque<>(); // per open array/object: {1 if array, entries so far}
        try (JsonParser parser = json.createParser(body)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token.isStructEnd()) {
                    open.pop();
                    continue;
                }
                boolean entry = token == JsonToken.FIELD_NAME || (!open.isEmpty() && open.peek()[0] == 1);
                if (entry && ++open.peek()[1] > maxEntries) {
                    JsonPointer container = parser.getParsingContext().pathAsPointer().head();
                    return "The JSON " + (open.peek()[0] == 1 ? "array" : "object") + " at '"
                            + (container == null || container.toString().isEmpty() ? "/" : container)
                            + "' has more than " + maxEntries + " entries (kavsak.http.json.max-collection-size)";
                }
                if (token.isStructStart()) {
                    open.push(new int[] {token == JsonToken.START_ARRAY ? 1 : 0, 0});
                }
            }
        } catch (StreamConstraintsException e) {
            return "The JSON body exceeds a limit: " + e.getOriginalMessage() + " (kavsak.http.json.*)";
        } catch (JsonProcessingException e) {
            return null;
        }
        return null;
    }

    private void reject(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
        reject(request, response, HttpStatus.PAYLOAD_TOO_LARGE, "Request body too large", detail);
    }

    private void reject(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String title,
                        String detail) throws IOException {
        response.setStatus(status.value());
        response.setContentType(Problems.MEDIA_TYPE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        // the rest of an oversized body is not read; the connection cannot be reused
        response.setHeader("Connection", "close");
        response.getWriter().write(problems.document(status, title, detail, "body",
                request.getRequestURI()));
    }

    /** The request with its already-read body served again to whoever reads it next. */
    private static final class BufferedBodyRequest extends HttpServletRequestWrapper {

        private final byte[] body;

        BufferedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("The body was already read");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
