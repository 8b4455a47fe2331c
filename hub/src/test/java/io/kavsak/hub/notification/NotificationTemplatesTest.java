package io.kavsak.hub.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kavsak.hub.web.ApiProblem;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class NotificationTemplatesTest {

    private final NotificationTemplates templates = new NotificationTemplates(null,
            new NotificationProperties("n@kavsak.local", "kavsak.local", "en", 50, Duration.ofMinutes(10),
                    DataSize.ofMegabytes(10), 0));

    NotificationTemplatesTest() throws Exception {
    }

    @Test
    void everyMailKavsakSendsHasABuiltInTemplateInEnglishAndTurkishThatCompiles() {
        assertThat(templates.builtInNames()).containsOnlyKeys("welcome", "recall_confirmation", "recall_sla_warning",
                "recall_sla_breached", "monthly_export_report", "appointment_reminder",
                "anomaly_detector_fallback", "scheduled_report");
        templates.builtInNames().forEach((name, locales) -> {
            assertThat(locales).as(name).isEqualTo(List.of("en", "tr"));
            locales.forEach(locale -> templates.validate(templates.builtIn(name, locale).orElseThrow()));
        });
    }

    @Test
    void aTemplateThatDoesNotCompileNamesThePartAndTheLine() {
        assertThatThrownBy(() -> templates.validate(new NotificationTemplates.Parts("ok ${a}", "<p>\n<#if x>\n</p>",
                "ok")))
                .isInstanceOf(ApiProblem.class).hasMessageContaining("'html'").hasMessageContaining("line");
        assertThatThrownBy(() -> templates.validate(new NotificationTemplates.Parts("ok", "<p/>", "line 1\n${")))
                .isInstanceOf(ApiProblem.class).hasMessageContaining("'text'").hasMessageContaining("line 2");
    }
}
