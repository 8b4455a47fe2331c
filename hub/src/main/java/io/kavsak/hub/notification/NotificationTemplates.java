package io.kavsak.hub.notification;

import com.fasterxml.jackson.databind.ObjectMapper;
import freemarker.core.InvalidReferenceException;
import freemarker.core.HTMLOutputFormat;
import freemarker.core.ParseException;
import freemarker.core.PlainTextOutputFormat;
import freemarker.core.TemplateConfiguration;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import io.kavsak.hub.web.ApiProblem;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.Yaml;

/**
 * Renders a notification with FreeMarker: subject, HTML (auto-escaped) and plain-text parts, in the request's
 * locale. A tenant's own template wins over the built-in one ({@code notification/templates/*.yaml}); a locale
 * without a version falls back to the default locale. FreeMarker fails on any missing value, so a mail is
 * rendered whole or not at all; templates can call no Java ({@code ?new}, {@code ?api} are off).
 */
@Component("notificationTemplates")
public class NotificationTemplates {

    /** The exchange property the rendered mail is kept in. */
    public static final String RENDERED = "kavsakRenderedMail";

    /** One template in one locale: the three parts, each FreeMarker source. */
    public record Parts(String subject, String html, String text) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CACHE_LIMIT = 2000;

    private final Configuration freemarker;
    private final NamedParameterJdbcTemplate jdbc;
    private final NotificationProperties properties;
    private final Map<String, Map<String, Parts>> builtIn;
    private final Map<String, Template> compiled = new ConcurrentHashMap<>();

    public NotificationTemplates(NamedParameterJdbcTemplate jdbc, NotificationProperties properties) throws IOException {
        this.jdbc = jdbc;
        this.properties = properties;
        this.freemarker = new Configuration(Configuration.VERSION_2_3_34);
        freemarker.setDefaultEncoding("UTF-8");
        freemarker.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        freemarker.setLogTemplateExceptions(false);
        freemarker.setWrapUncheckedExceptions(true);
        freemarker.setFallbackOnNullLoopVariable(false);
        freemarker.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        freemarker.setAPIBuiltinEnabled(false);
        this.builtIn = loadBuiltIn();
    }

    /** The names of the built-in templates and their locales. */
    public Map<String, List<String>> builtInNames() {
        Map<String, List<String>> names = new TreeMap<>();
        builtIn.forEach((name, locales) -> names.put(name, locales.keySet().stream().sorted().toList()));
        return names;
    }

    public Optional<Parts> builtIn(String name, String locale) {
        return Optional.ofNullable(builtIn.getOrDefault(name, Map.of()).get(locale));
    }

    /** The tenant's own version of a template, if it saved one. */
    public Optional<NotificationTemplateView> tenantTemplate(String tenantId, String name, String locale) {
        return jdbc.query("""
                select subject, html, text, updated_at from notification_template
                where tenant_id = :tenant and name = :name and locale = :locale""",
                Map.of("tenant", tenantId, "name", name, "locale", locale),
                (rs, i) -> new NotificationTemplateView(name, locale, "tenant", rs.getString("subject"),
                        rs.getString("html"), rs.getString("text"), rs.getTimestamp("updated_at").toInstant()))
                .stream().findFirst();
    }

    /** Every (name, locale) the tenant saved a version of. */
    public List<NotificationTemplateList.Entry> tenantTemplates(String tenantId) {
        return jdbc.query("select name, locale from notification_template where tenant_id = :tenant order by name, locale",
                Map.of("tenant", tenantId),
                (rs, i) -> new NotificationTemplateList.Entry(rs.getString("name"), rs.getString("locale"), "tenant"));
    }

    /** Saves the tenant's version after checking it compiles; true when it is new. */
    public boolean save(String tenantId, String name, String locale, Parts parts) {
        validate(parts);
        Boolean inserted = jdbc.queryForObject("""
                insert into notification_template (tenant_id, name, locale, subject, html, text)
                values (:tenant, :name, :locale, :subject, :html, :text)
                on conflict (tenant_id, name, locale) do update set subject = excluded.subject,
                    html = excluded.html, text = excluded.text, updated_at = now()
                returning (xmax = 0)
                """, new org.springframework.jdbc.core.namedparam.MapSqlParameterSource()
                .addValue("tenant", tenantId).addValue("name", name).addValue("locale", locale)
                .addValue("subject", parts.subject()).addValue("html", parts.html()).addValue("text", parts.text()),
                Boolean.class);
        return Boolean.TRUE.equals(inserted);
    }

    /** Drops the tenant's version; its mails use the built-in template again. */
    public boolean delete(String tenantId, String name, String locale) {
        return jdbc.update("delete from notification_template where tenant_id = :tenant and name = :name and locale = :locale",
                Map.of("tenant", tenantId, "name", name, "locale", locale)) == 1;
    }

    /** Renders the claimed notification into {@link #RENDERED}; a missing template or value fails it for good. */
    public void render(Exchange exchange) {
        Notification notification = exchange.getProperty(Notifications.NOTIFICATION, Notification.class);
        exchange.setProperty(RENDERED, render(notification));
    }

    public RenderedMail render(Notification notification) {
        String name = notification.template();
        String locale = notification.locale() == null ? properties.defaultLocale() : notification.locale();
        Resolved resolved = resolve(notification.tenantId(), name, locale)
                .orElseThrow(() -> new NotificationFailedException("template '" + name + "' does not exist (locale "
                        + locale + ", tenant " + notification.tenantId() + ")"));
        Map<String, Object> model = new HashMap<>();
        if (notification.params().isObject()) {
            model.putAll(JSON.convertValue(notification.params(), Map.class));
        }
        model.put("locale", resolved.locale());
        Locale javaLocale = Locale.forLanguageTag(resolved.locale());
        String subjectSource = notification.subject() != null ? notification.subject() : resolved.parts().subject();
        String subject = run(name, resolved.locale(), "subject", subjectSource, false, model, javaLocale);
        String html = run(name, resolved.locale(), "html", resolved.parts().html(), true, model, javaLocale);
        String text = run(name, resolved.locale(), "text", resolved.parts().text(), false, model, javaLocale);
        return new RenderedMail(name, resolved.locale(), subject.strip(), html, text);
    }

    /**
     * Checks that a tenant's template compiles; a 400 names the part and the line. Values are not checked:
     * they come with each request.
     */
    public void validate(Parts parts) {
        compile("subject", parts.subject(), false);
        compile("html", parts.html(), true);
        compile("text", parts.text(), false);
    }

    private void compile(String part, String source, boolean html) {
        if (source == null || source.isBlank()) {
            throw ApiProblem.badRequest(part, "'" + part + "' must not be empty");
        }
        try {
            newTemplate(part, source, html);
        } catch (ParseException e) {
            throw ApiProblem.badRequest(part, "'" + part + "' does not compile at line " + e.getLineNumber()
                    + ", column " + e.getColumnNumber() + ": " + e.getEditorMessage());
        } catch (IOException e) {
            throw ApiProblem.badRequest(part, "'" + part + "' cannot be read: " + e.getMessage());
        }
    }

    private record Resolved(String locale, Parts parts) {
    }

    /** Tenant's version in the locale, built-in in the locale, then the same two in the default locale. */
    private Optional<Resolved> resolve(String tenantId, String name, String locale) {
        String language = Locale.forLanguageTag(locale.replace('_', '-')).getLanguage();
        List<String> candidates = java.util.stream.Stream.of(locale, language, properties.defaultLocale())
                .filter(candidate -> !candidate.isBlank()).distinct().toList();
        Map<String, Parts> own = new HashMap<>();
        jdbc.query("""
                select locale, subject, html, text from notification_template
                where tenant_id = :tenant and name = :name and locale in (:locales)""",
                Map.of("tenant", tenantId, "name", name, "locales", candidates),
                rs -> {
                    own.put(rs.getString("locale"),
                            new Parts(rs.getString("subject"), rs.getString("html"), rs.getString("text")));
                });
        for (String candidate : candidates) {
            if (own.containsKey(candidate)) {
                return Optional.of(new Resolved(candidate, own.get(candidate)));
            }
            Optional<Parts> shipped = builtIn(name, candidate);
            if (shipped.isPresent()) {
                return Optional.of(new Resolved(candidate, shipped.get()));
            }
        }
        return Optional.empty();
    }

    private String run(String name, String locale, String part, String source, boolean html,
                       Map<String, Object> model, Locale javaLocale) {
        String where = "template '" + name + "' (" + locale + ", " + part + ")";
        try {
            Template template = compiled(part, source, html);
            StringWriter out = new StringWriter();
            var environment = template.createProcessingEnvironment(model, out);
            environment.setLocale(javaLocale);
            environment.process();
            return out.toString();
        } catch (ParseException e) {
            throw new NotificationFailedException(where + " does not compile at line " + e.getLineNumber()
                    + ": " + e.getEditorMessage());
        } catch (InvalidReferenceException e) {
            throw new NotificationFailedException(where + ": missing parameter '" + e.getBlamedExpressionString()
                    + "' at line " + e.getLineNumber());
        } catch (TemplateException e) {
            throw new NotificationFailedException(where + " failed at line " + e.getLineNumber() + ": "
                    + e.getMessageWithoutStackTop().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new NotificationFailedException(where + " could not be rendered: " + e.getMessage());
        }
    }

    private Template compiled(String part, String source, boolean html) throws IOException {
        String key = (html ? "h:" : "t:") + source;
        Template template = compiled.get(key);
        if (template == null) {
            template = newTemplate(part, source, html);
            if (compiled.size() > CACHE_LIMIT) {
                compiled.clear();
            }
            compiled.put(key, template);
        }
        return template;
    }

    /** HTML parts escape every value (HTML output format); subject and text parts are plain. */
    private Template newTemplate(String part, String source, boolean html) throws IOException {
        TemplateConfiguration format = new TemplateConfiguration();
        format.setParentConfiguration(freemarker);
        format.setOutputFormat(html ? HTMLOutputFormat.INSTANCE : PlainTextOutputFormat.INSTANCE);
        return new Template(part, null, new StringReader(source), freemarker, format, null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Parts>> loadBuiltIn() throws IOException {
        Map<String, Map<String, Parts>> templates = new TreeMap<>();
        Resource[] files = new PathMatchingResourcePatternResolver()
                .getResources("classpath*:notification/templates/*.yaml");
        for (Resource file : files) {
            String name = file.getFilename().substring(0, file.getFilename().length() - ".yaml".length());
            Map<String, Parts> locales = new LinkedHashMap<>();
            try (InputStream in = file.getInputStream()) {
                Map<String, Map<String, String>> yaml = new Yaml().load(in);
                yaml.forEach((locale, parts) -> locales.put(locale,
                        new Parts(parts.get("subject"), parts.get("html"), parts.get("text"))));
            }
            templates.put(name, Map.copyOf(locales));
        }
        return Map.copyOf(templates);
    }
}
