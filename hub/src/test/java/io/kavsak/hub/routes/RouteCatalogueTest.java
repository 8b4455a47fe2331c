package io.kavsak.hub.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Fails the build when the committed docs/routes.md drifts from what the route files generate. */
class RouteCatalogueTest {

    private static final Path COMMITTED = Path.of("..", "docs", "routes.md");
    private static final String REFRESH_HINT = "docs/routes.md differs from the route files. Regenerate it with `"
            + RouteCatalogue.REGENERATE + "` and commit docs/routes.md.";

    @Test
    void committedCatalogueIsTheOneTheRouteFilesGenerate() throws IOException {
        String generated = RouteCatalogue.markdown(RouteFilesSchemaTest.routeFiles());
        if (Boolean.getBoolean("kavsak.routes.update")) {
            Files.writeString(COMMITTED, generated);
        }
        assertThat(COMMITTED).as(REFRESH_HINT).exists();
        assertThat(Files.readString(COMMITTED)).as(REFRESH_HINT).isEqualTo(generated);
    }

    @Test
    void everyRouteAndItsEndpointsAreListed() throws IOException {
        String generated = RouteCatalogue.markdown(RouteFilesSchemaTest.routeFiles());
        assertThat(generated).contains("| `parser-worker` | Parses one requested CV step by step")
                .contains("`kafka:parser.job.requested`").contains("| `kafka-dlq` |")
                .contains("`direct:dead-letter`").contains("| GET | `/api/v1/tenants/{tenantId}` | `get-tenant-rest` |");
    }
}
