package io.kavsak.hub.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaTextTest {

    private final SchemaText.Column total = new SchemaText.Column("order_total", "numeric(12,2)", "currency",
            "Total with VAT", false);
    private final SchemaText.Column email = new SchemaText.Column("email", "varchar(320)", "email",
            "Where receipts are sent", true);

    @Test
    void anObjectListsItsColumnsWithTypesButNotTheirDescriptions() {
        String text = SchemaText.object("sales.orders", "Orders", "One row per order", List.of(total));
        assertThat(text).isEqualTo("Table sales.orders (Orders): One row per order. Columns: order_total"
                + " numeric(12,2) [currency]");
    }

    @Test
    void aColumnNamesItsObjectTypeLogicalTypeAndDescription() {
        assertThat(SchemaText.column("sales.orders", total))
                .isEqualTo("Column sales.orders.order_total numeric(12,2) [currency]: Total with VAT");
    }

    @Test
    void aPersonalDataColumnIsDescribedByNameAndDescriptionOnly() {
        assertThat(SchemaText.column("crm.customers", email))
                .isEqualTo("Column crm.customers.email: Where receipts are sent");
        assertThat(SchemaText.object("crm.customers", null, null, List.of(email)))
                .isEqualTo("Table crm.customers. Columns: email");
    }
}
