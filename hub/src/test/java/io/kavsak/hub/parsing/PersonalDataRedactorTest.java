package io.kavsak.hub.parsing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PersonalDataRedactorTest {

    private final PersonalDataRedactor redactor = new PersonalDataRedactor();

    @Test
    void tcKimlikIsRecognisedByItsChecksumOnly() {
        assertThat(PersonalDataRedactor.isTcKimlik("12345678950")).isTrue();
        assertThat(PersonalDataRedactor.isTcKimlik("12345678951")).isFalse();
        assertThat(PersonalDataRedactor.isTcKimlik("02345678950")).isFalse();
        assertThat(redactor.scrub("kimlik 12345678950", Set.of())).doesNotContain("12345678950");
    }

    @Test
    void phoneNumbersGoButDateRangesStay() {
        assertThat(PersonalDataRedactor.isPhone("+90 532 987 65 43")).isTrue();
        assertThat(PersonalDataRedactor.isPhone("(415) 555-0132")).isTrue();
        assertThat(PersonalDataRedactor.isPhone("2015 - 2018 2019")).isFalse();
        assertThat(PersonalDataRedactor.isPhone("01/2018 - 03/2021")).isFalse();
        assertThat(redactor.scrub("Acme (2018 - 2021), call 0532 123 45 67", Set.of()))
                .isEqualTo("Acme (2018 - 2021), call " + PersonalDataRedactor.MARK);
    }

    @Test
    void theHeaderNameIsRemovedEverywhereButAJobTitleHeaderIsKept() {
        PersonalDataRedactor.Redaction r = redactor.redact("""
                Ayşe Yılmaz
                Yazılım Mühendisi
                Özet
                Ayşe takım liderliği yaptı. AYŞE YILMAZ
                """);
        assertThat(r.nameTokens()).containsExactlyInAnyOrder("Ayşe", "Yılmaz");
        assertThat(r.text()).contains("Yazılım Mühendisi").doesNotContain("Ayşe").doesNotContain("AYŞE")
                .doesNotContain("YILMAZ");
    }

    @Test
    void labelledDetailsAddressesAndTheReferencesSectionAreDropped() {
        String text = redactor.redact("""
                Software Engineer
                E-mail: someone@example.com
                Date of Birth: 01.02.1990
                Atatürk Mahallesi 12. Sokak No: 5 Kadıköy
                Experience
                Engineer, Acme (2018 - 2020) born 03.04.1989
                References
                Jane Roe, CTO, +1 415 555 0199
                Skills
                Java
                """).text();
        assertThat(text).doesNotContain("someone@").doesNotContain("01.02.1990").doesNotContain("Mahallesi")
                .doesNotContain("03.04.1989").doesNotContain("Jane").doesNotContain("555")
                .contains("Engineer, Acme (2018 - 2020)").contains("Java");
    }

    @Test
    void aRefereeGoesButTheEmployerTheCvShowsElsewhereStays() {
        String text = redactor.redact("""
                Data Analyst
                Experience
                Senior Data Analyst — Morgan Stanley, Dublin (2021 - 2024)
                Analyst at Koç Holding (2018 - 2021)
                References
                Gülten Akbulut, Finans Direktörü, Koç Holding
                Cathal Brennock, Head of Analytics, Morgan Stanley
                """).text();
        assertThat(text).contains("Morgan Stanley, Dublin").contains("Koç Holding (2018")
                .doesNotContain("Gülten").doesNotContain("Akbulut").doesNotContain("Cathal")
                .doesNotContain("Brennock").doesNotContain("Finans");
        assertThat(text.split("Morgan Stanley", -1)).hasSize(3);
    }

    @Test
    void namesInReferenceSentencesGreetingsAndAliasesGo() {
        String text = redactor.redact("""
                Summary
                Hi! Seun here, a data engineer. Also known as Kostas. Sales lead at Cardinal Health since 2020.
                Available references: Linda Park (VP Sales, Cardinal Health) and Bethan Rhys-Evans, who led
                my team. Danışmanım Dr. Öğr. Üyesi Gülşah Topaloğlu idi.
                merhaba, ben selin su güneş.
                """).text();
        assertThat(text).doesNotContain("Seun").doesNotContain("Linda").doesNotContain("Park")
                .doesNotContain("Kostas").doesNotContain("Bethan").doesNotContain("Rhys").doesNotContain("Gülşah")
                .doesNotContain("Topaloğlu").doesNotContain("güneş")
                .contains("at Cardinal Health since").contains("Sales, Cardinal Health)");
    }

    @Test
    void proseSelfIntroductionsAddressesBirthDatesAndForeignIdsGo() {
        String text = redactor.redact("""
                hi, i'm chidi okonkwo and I live at 42 Baker Street, London NW1 6XE. I was born on the fifth of
                March 1990. Chidi's passport is C01X00T47 (passport no), IBAN DE89 3704 0044 0532 0130 00,
                SSN 536-22-8149. Merhaba, ben Gülizar Taşdelen; 5 Mart 1993 doğumluyum ve Bahçelievler Mah.
                7. Cad. No:12/4 Çankaya/Ankara adresinde oturuyorum. My former manager, Thomas Becker, knows
                my Kafka and Spring Boot work at Monzo.
                """).text();
        assertThat(text).doesNotContainIgnoringCase("chidi").doesNotContainIgnoringCase("okonkwo")
                .doesNotContain("Baker").doesNotContain("6XE").doesNotContain("fifth").doesNotContain("1990")
                .doesNotContain("C01X00T47").doesNotContain("DE89").doesNotContain("8149").doesNotContain("Gülizar")
                .doesNotContain("Taşdelen").doesNotContain("Mart 1993").doesNotContain("Bahçelievler")
                .doesNotContain("Çankaya").doesNotContain("Thomas").doesNotContain("Becker")
                .contains("Kafka").contains("Spring Boot").contains("Monzo");
    }

    @Test
    void aNameOnTheSecondLineUnderACurriculumVitaeHeadingGoes() {
        PersonalDataRedactor.Redaction r = redactor.redact("""
                CURRICULUM VITAE
                Tülay Erkmen
                DevOps Mühendisi
                Deneyim
                Tülay'nın ekibi Kubernetes kullanır.
                """);
        assertThat(r.text()).contains("CURRICULUM VITAE").contains("DevOps Mühendisi").contains("Kubernetes")
                .doesNotContain("Tülay").doesNotContain("Erkmen");
    }
}
