package io.kavsak.hub.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExportFormatTest {

    @Test
    void deliveryFormatsOfTheSeedParseIgnoringCase() {
        assertThat(ExportFormat.fromDeliveryFormat("excel")).isEqualTo(ExportFormat.EXCEL);
        assertThat(ExportFormat.fromDeliveryFormat("PDF")).isEqualTo(ExportFormat.PDF);
        assertThat(ExportFormat.fromDeliveryFormat(" Csv ")).isEqualTo(ExportFormat.CSV);
        assertThat(ExportFormat.EXCEL.extension()).isEqualTo("xlsx");
        assertThat(ExportFormat.CSV.extension()).isEqualTo("csv");
        assertThat(ExportFormat.PDF.contentType()).isEqualTo("application/pdf");
        assertThat(ExportFormat.EXCEL.contentType())
                .isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    }

    @Test
    void anUnknownDeliveryFormatNamesTheAllowedOnes() {
        assertThatThrownBy(() -> ExportFormat.fromDeliveryFormat("docx"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("docx")
                .hasMessageContaining("csv, excel, pdf");
        assertThatThrownBy(() -> ExportFormat.fromDeliveryFormat(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
