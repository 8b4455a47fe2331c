package io.kavsak.hub.parsing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CvFileNameTest {

    @Test
    void onlyCvWordsNumbersAndTheExtensionSurvive() {
        assertThat(CvFileName.redact("Firstname_Lastname_CV.pdf")).isEqualTo("[redacted]_CV.pdf");
        assertThat(CvFileName.redact("C:\\Users\\ayse\\Ayşe Yılmaz - Özgeçmiş (2024).DOCX"))
                .isEqualTo("[redacted]_Özgeçmiş_2024.docx");
        assertThat(CvFileName.redact("resume-chidi-okonkwo-v2.pdf")).isEqualTo("resume_[redacted]_v2.pdf");
        assertThat(CvFileName.redact("özgeçmiş.docx")).isEqualTo("özgeçmiş.docx");
        assertThat(CvFileName.redact("John.Carter")).isEqualTo("[redacted]");
        assertThat(CvFileName.redact("john.carter@example.com.pdf")).isEqualTo("[redacted].pdf");
        assertThat(CvFileName.redact(null)).isNull();
    }

    @Test
    void theStoredNameKeepsNoTraceOfTheMark() {
        assertThat(CvStorage.safeName(CvFileName.redact("Firstname_Lastname_CV.pdf"))).isEqualTo("cv");
        assertThat(CvStorage.safeName(CvFileName.redact("Ayşe_Yılmaz.pdf"))).isEqualTo("cv");
        assertThat(CvStorage.safeName(CvFileName.redact("özgeçmiş_2024.docx"))).isEqualTo("ozgecmis_2024");
    }
}
