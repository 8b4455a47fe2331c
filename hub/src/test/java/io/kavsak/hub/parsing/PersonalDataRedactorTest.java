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
}
