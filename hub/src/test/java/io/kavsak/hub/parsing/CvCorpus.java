package io.kavsak.hub.parsing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

/** CVs the tests generate: English and Turkish, full of planted personal data, as text, PDF and DOCX. */
final class CvCorpus {

    /** A CV and the personal data planted in it, none of which may come out of the hub. */
    record Cv(String text, List<String> personalData) {
    }

    private CvCorpus() {
    }

    static String tcKimlik(String nineDigits) {
        int[] d = nineDigits.chars().map(c -> c - '0').toArray();
        int tenth = Math.floorMod((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7]), 10);
        int sum = tenth;
        for (int x : d) {
            sum += x;
        }
        return nineDigits + tenth + (sum % 10);
    }

    static Cv english(String marker) {
        String text = """
                John Carter
                Senior Software Engineer
                Email: john.carter@example.com
                Phone: +1 (415) 555-0132
                Address: 742 Evergreen Terrace, Springfield, IL 62704
                Date of Birth: 14.03.1988
                Nationality: Canadian
                linkedin.com/in/john-carter-dev

                Summary
                Backend engineer building Java and Kafka systems, %s. John leads the platform team.

                Experience
                Senior Software Engineer, Acme Corp (Jan 2018 - Dec 2022)
                Built payment services with Java, Spring Boot and Kafka on Kubernetes. Call 0532 123 45 67 after 6pm.
                Software Engineer, Globex (Mar 2014 - Dec 2017)
                Developed REST APIs in Python and PostgreSQL.

                Education
                Bachelor of Science in Computer Engineering, Middle East Technical University (2010 - 2014)

                Skills
                Java, Spring Boot, Kafka, Docker, Kubernetes, PostgreSQL, Python

                Driving licence: B

                References
                Jane Smith, CTO at Acme, jane.smith@acme.example, +1 415 555 0199
                """.formatted(marker);
        return new Cv(text, List.of("John", "Carter", "john.carter@example.com", "555-0132", "Evergreen", "62704",
                "14.03.1988", "Canadian", "john-carter-dev", "0532 123 45 67", "Jane", "Smith",
                "jane.smith@acme.example", "555 0199"));
    }

    static Cv turkish(String marker) {
        String tc = tcKimlik("123456789");
        String text = """
                Ayşe Yılmaz
                Yazılım Mühendisi
                E-posta: ayse.yilmaz@example.com.tr
                Telefon: +90 532 987 65 43
                T.C. Kimlik No: %s
                Doğum Tarihi: 02.05.1991
                Atatürk Mahallesi 12. Sokak No: 5 Kadıköy/İstanbul

                Özet
                Dağıtık sistemler ve bulut teknolojileri konusunda deneyimli yazılım mühendisi, %s. Ayşe takım liderliği yaptı. Kimlik %s.

                İş Deneyimi
                Kıdemli Yazılım Mühendisi, Trendyol (Ocak 2019 - Aralık 2023)
                Java ve Kafka ile sipariş servisleri geliştirdim.
                Yazılım Mühendisi, Turkcell (Eylül 2015 - Aralık 2018)
                Python ve PostgreSQL ile raporlama sistemleri için çalıştım.

                Eğitim
                Orta Doğu Teknik Üniversitesi, Bilgisayar Mühendisliği, Lisans (2011 - 2015)

                Yetenekler
                Java, Kafka, Docker, Kubernetes, Python, PostgreSQL

                Ehliyet: B sınıfı sürücü belgesi

                Referanslar
                Mehmet Demir, Turkcell, 0533 111 22 33
                """.formatted(tc, marker, tc);
        return new Cv(text, List.of("Ayşe", "Yılmaz", "ayse.yilmaz", "532 987 65 43", tc, "02.05.1991",
                "Atatürk Mahallesi", "Kadıköy", "Mehmet", "Demir", "0533 111 22 33"));
    }

    static byte[] pdf(String text) throws IOException {
        return pdf(text, null);
    }

    static byte[] encryptedPdf(String text) throws IOException {
        return pdf(text, "secret-password");
    }

    private static byte[] pdf(String text, String password) throws IOException {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 9);
                content.setLeading(11);
                content.newLineAtOffset(40, 750);
                for (String line : text.split("\n")) {
                    content.showText(line);
                    content.newLine();
                }
                content.endText();
            }
            if (password != null) {
                StandardProtectionPolicy policy = new StandardProtectionPolicy(password, password,
                        new AccessPermission());
                policy.setEncryptionKeyLength(128);
                document.protect(policy);
            }
            document.save(out);
            return out.toByteArray();
        }
    }

    static byte[] docx(String text) throws IOException {
        try (XWPFDocument document = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (String line : text.split("\n")) {
                document.createParagraph().createRun().setText(line);
            }
            document.write(out);
            return out.toByteArray();
        }
    }
}
