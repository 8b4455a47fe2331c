package io.kavsak.operator.hub;

/** A tenant datasource as the hub reports it ({@code GET /api/v1/tenants/{tenantId}/datasources}); never a password. */
public record HubDatasource(String id, String jdbcUrl, String username, String schema) {
}
