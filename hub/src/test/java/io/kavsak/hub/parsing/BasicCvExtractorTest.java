package io.kavsak.hub.parsing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class BasicCvExtractorTest {

    private final BasicCvExtractor extractor = new BasicCvExtractor();
    private final PersonalDataRedactor redactor = new PersonalDataRedactor();

    @Test
    void overlappingPeriodsCountOnceAndCurrentJobsRunToToday() {
        JsonNode profile = extractor.extract("""
                Experience
                Lead Engineer at Initech | Jan 2020 - Present
                Engineer, Globex (Jun 2019 - Mar 2020)
                Intern, Hooli (2018 - 2018)
                """, YearMonth.of(2021, 12));
        // Jun 2019..Dec 2021 = 31 months, plus 12 months of 2018
        assertThat(profile.path("basics").path("total_experience_in_years").asDouble()).isEqualTo(3.6);
        JsonNode first = profile.path("professional_experiences").get(0);
        assertThat(first.path("title").asText()).isEqualTo("Lead Engineer");
        assertThat(first.path("company").asText()).isEqualTo("Initech");
        assertThat(first.path("is_current").asBoolean()).isTrue();
        assertThat(first.path("end_date").isNull()).isTrue();
    }

    @Test
    void turkishCvGivesDegreeSchoolSkillsAndProfession() {
        CvCorpus.Cv cv = CvCorpus.turkish("mkabc");
        JsonNode profile = extractor.extract(redactor.redact(cv.text()).text(), YearMonth.of(2024, 6));
        assertThat(profile.path("basics").path("profession").asText()).isEqualTo("Yazılım Mühendisi");
        assertThat(profile.path("basics").path("total_experience_in_years").asDouble()).isEqualTo(8.3);
        assertThat(profile.path("basics").path("has_driving_license").asBoolean()).isTrue();
        JsonNode school = profile.path("education").get(0);
        assertThat(school.path("school").asText()).isEqualTo("Orta Doğu Teknik Üniversitesi");
        assertThat(school.path("degree").asText()).isEqualTo("Lisans");
        assertThat(school.path("field_of_study").asText()).isEqualTo("Bilgisayar Mühendisliği");
        assertThat(profile.path("basics").path("skills").toString()).contains("Java", "Apache Kafka", "Docker");
        assertThat(new CvLanguageDetector().detect(cv.text())).isEqualTo("tr");
        assertThat(new CvLanguageDetector().detect(CvCorpus.english("mkabc").text())).isEqualTo("en");
    }

    @Test
    void aClientFileNameCannotLeaveTheDirectory() {
        assertThat(CvStorage.safeName("../../etc/passwd")).isEqualTo("passwd");
        assertThat(CvStorage.safeName("C:\\Users\\x\\Özgeçmiş İlker.pdf")).isEqualTo("ozgecmis_ilker");
        assertThat(CvStorage.safeName("....")).isEqualTo("cv");
        assertThat(CvStorage.safeName(null)).isEqualTo("cv");
    }
}
