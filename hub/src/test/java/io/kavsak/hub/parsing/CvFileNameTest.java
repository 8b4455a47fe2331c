package io.kavsak.hub.parsing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CvFileNameTest {

    @Test
    void onlyCvWordsAVersionTagAndAKnownExtensionSurvive() {
        assertThat(CvFileName.redact("Firstname_Lastname_CV.pdf")).isEqualTo("[redacted]_CV.pdf");
        assertThat(CvFileName.redact("C:\\Users\\ayse\\Ayşe Yılmaz - Özgeçmiş (2024).DOCX"))
                .isEqualTo("[redacted]_Özgeçmiş_[redacted].docx");
        assertThat(CvFileName.redact("resume-chidi-okonkwo-v2.pdf")).isEqualTo("resume_[redacted]_v2.pdf");
        assertThat(CvFileName.redact("özgeçmiş.docx")).isEqualTo("özgeçmiş.docx");
        assertThat(CvFileName.redact("John.Carter")).isEqualTo("[redacted]");
        assertThat(CvFileName.redact("john.carter@example.com.pdf")).isEqualTo("[redacted].pdf");
        assertThat(CvFileName.redact(null)).isNull();
        // found by an attacker's pass: a fake extension, a birth date and a phone number in the name
        assertThat(CvFileName.redact("CV_Ayse.Kaya")).isEqualTo("CV_[redacted]");
        assertThat(CvFileName.redact("Resume.Smith")).isEqualTo("Resume_[redacted]");
        assertThat(CvFileName.redact("CV_12.04.1990.pdf")).isEqualTo("CV_[redacted].pdf");
        assertThat(CvFileName.redact("CV 0532 123 45 67.pdf")).isEqualTo("CV_[redacted].pdf");
        assertThat(CvFileName.redact("Ali Son CV.pdf")).isEqualTo("[redacted]_CV.pdf");
    }

    @Test
    void theStoredNameKeepsNoTraceOfTheMark() {
        assertThat(CvStorage.safeName(CvFileName.redact("Firstname_Lastname_CV.pdf"))).isEqualTo("cv");
        assertThat(CvStorage.safeName(CvFileName.redact("Ayşe_Yılmaz.pdf"))).isEqualTo("cv");
        assertThat(CvStorage.safeName(CvFileName.redact("özgeçmiş_v3.docx"))).isEqualTo("ozgecmis_v3");
    }
}
