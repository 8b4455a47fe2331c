package io.kavsak.hub.parsing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.detect.Detector;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.exception.ZeroByteFileException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.sax.BodyContentHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;
import org.xml.sax.SAXException;

/**
 * Pulls the text out of a stored CV with Apache Tika (PDF, DOCX, DOC, ODT, RTF, HTML, text). Hostile
 * or broken files end as a {@link CvRejectedException} with a message a user can act on.
 */
@Component
public class CvTextExtractor {

    private final AutoDetectParser parser;
    private final int maxCharacters;

    public CvTextExtractor(TikaConfig tika, ParserProperties properties) {
        this.parser = new AutoDetectParser(tika);
        this.maxCharacters = properties.maxTextCharacters();
    }

    @Bean
    static TikaConfig tikaConfig() {
        return TikaConfig.getDefaultConfig();
    }

    @Bean
    static Detector cvDetector(TikaConfig tika) {
        return tika.getDetector();
    }

    private CvRejectedException tooMuchText() {
        return new CvRejectedException("The file expands to more than " + maxCharacters
                + " characters of text, far more than a CV (a decompression bomb?)");
    }

    /** Tika's and POI's guards against zip bombs and deep nesting say so in a message down the causes. */
    private static boolean looksLikeBomb(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            String reason = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (reason.contains("zip bomb") || reason.contains("max. ratio") || reason.contains("nested")
                    || reason.contains("exceed")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Text the hub stored itself (a {@code parse-text} submission, written as UTF-8) is read back as it
     * is; Tika's type detection, which dominated the worker's CPU time, is only for uploaded files.
     */
    public String extractSubmittedText(Path file) {
        try {
            if (Files.size(file) > 4L * maxCharacters) {
                throw tooMuchText();
            }
            String submitted = Files.readString(file, java.nio.charset.StandardCharsets.UTF_8);
            if (submitted.length() > maxCharacters) {
                throw tooMuchText();
            }
            if (submitted.isBlank()) {
                throw new CvRejectedException("The submitted text is empty");
            }
            return submitted;
        } catch (NoSuchFileException e) {
            throw new CvRejectedException("The stored file is gone (deleted by retention or erasure)");
        } catch (IOException e) {
            throw new CvRejectedException("The submitted text could not be read back: " + e.getClass().getSimpleName());
        }
    }

    public String extract(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CvRejectedException("The stored file is gone (deleted by retention or erasure)");
        }
        BodyContentHandler text = new BodyContentHandler(maxCharacters);
        try (TikaInputStream in = TikaInputStream.get(file)) {
            parser.parse(in, text, new Metadata(), new ParseContext());
        } catch (NoSuchFileException e) {
            throw new CvRejectedException("The stored file is gone (deleted by retention or erasure)");
        } catch (EncryptedDocumentException e) {
            throw new CvRejectedException("The file is encrypted or password protected; upload an unprotected copy");
        } catch (ZeroByteFileException e) {
            throw new CvRejectedException("The file is empty");
        } catch (SAXException e) {
            if (WriteLimitReachedException.isWriteLimitReached(e)) {
                throw tooMuchText();
            }
            throw new CvRejectedException("The file could not be read: its content is malformed");
        } catch (TikaException e) {
            if (WriteLimitReachedException.isWriteLimitReached(e)) {
                throw tooMuchText();
            }
            if (looksLikeBomb(e)) {
                throw tooMuchText();
            }
            throw new CvRejectedException("The file could not be read: it is corrupt or not what its type claims");
        } catch (IOException e) {
            throw new CvRejectedException("The file could not be read: it is corrupt or truncated");
        }
        String extracted = text.toString();
        if (extracted.isBlank()) {
            throw new CvRejectedException("No text could be extracted from the file (a scanned image?)");
        }
        return extracted;
    }
}
