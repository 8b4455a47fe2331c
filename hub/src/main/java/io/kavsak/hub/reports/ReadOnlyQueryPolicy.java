package io.kavsak.hub.reports;

import io.kavsak.hub.web.ApiProblem;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.util.TablesNamesFinder;
import org.springframework.stereotype.Component;

/**
 * Decides whether a report query may run: JSqlParser must read exactly one {@code SELECT} / {@code WITH … SELECT},
 * with no {@code SELECT … INTO}, no row locks, no data-changing statement inside a {@code WITH}, and no call of a
 * function with side effects on the list below. The statement the parser printed back is the one that runs.
 */
@Component
public class ReadOnlyQueryPolicy {

    static final int MAX_LENGTH = 20_000;

    /** Functions refused by name (any schema, any case): they change state, reach outside, or sleep. */
    static final Set<String> REFUSED_FUNCTIONS = Set.of("pg_sleep", "pg_sleep_for", "pg_sleep_until",
            "pg_terminate_backend", "pg_cancel_backend", "pg_reload_conf", "pg_rotate_logfile", "pg_switch_wal",
            "pg_promote", "pg_create_restore_point", "pg_backup_start", "pg_backup_stop", "pg_notify",
            "pg_logical_emit_message", "pg_log_backend_memory_contexts", "pg_file_write", "pg_file_rename",
            "pg_file_unlink", "set_config", "nextval", "setval", "currval", "lastval", "txid_current",
            "pg_current_xact_id", "query_to_xml", "query_to_xml_and_xmlschema", "query_to_xmlschema",
            "cursor_to_xml", "cursor_to_xmlschema", "pg_import_system_collations", "pg_stat_statements_reset");

    /** Prefixes of refused function families: large objects, dblink, advisory locks, files, slots, resets. */
    static final Set<String> REFUSED_PREFIXES = Set.of("lo_", "dblink", "pg_advisory", "pg_try_advisory",
            "pg_read_", "pg_ls_", "pg_stat_file", "pg_stat_reset", "pg_create_", "pg_drop_", "pg_replication_",
            "pg_copy_", "pg_wal_replay");

    /** The statement to run, as the parser printed it back; a 400 naming the reason otherwise. */
    public String check(String sql) {
        if (sql == null || sql.isBlank()) {
            throw refused("the query is empty");
        }
        if (sql.length() > MAX_LENGTH) {
            throw refused("the query is longer than " + MAX_LENGTH + " characters");
        }
        Statements statements;
        try {
            statements = CCJSqlParserUtil.parseStatements(sql);
        } catch (JSQLParserException e) {
            throw refused("it is not a statement the SQL parser can read (" + firstLine(e) + ")");
        }
        if (statements.size() != 1) {
            throw refused("it holds " + statements.size() + " statements; exactly one SELECT is allowed");
        }
        Statement statement = statements.get(0);
        if (!(statement instanceof Select select)) {
            throw refused("it is not a SELECT but " + statement.getClass().getSimpleName().toUpperCase(Locale.ROOT)
                    + "; only SELECT and WITH … SELECT are allowed");
        }
        if (select.getForMode() != null) {
            throw refused("it locks rows (FOR " + select.getForMode() + ")");
        }
        try {
            new Inspector().getTablesOrOtherSources(select);
        } catch (ApiProblem problem) {
            throw problem;
        } catch (RuntimeException e) {
            throw refused("the SQL parser cannot analyse it (" + e.getMessage() + ")");
        }
        return select.toString();
    }

    static boolean refusedFunction(String name) {
        String bare = name.toLowerCase(Locale.ROOT).replace("\"", "");
        bare = bare.substring(bare.lastIndexOf('.') + 1);
        return REFUSED_FUNCTIONS.contains(bare) || REFUSED_PREFIXES.stream().anyMatch(bare::startsWith);
    }

    private static ApiProblem refused(String reason) {
        return ApiProblem.badRequest("sql", "The query was refused: " + reason);
    }

    private static String firstLine(Exception e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String message = String.valueOf(cause.getMessage());
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    /** Walks every sub-select, join, expression and WITH item of the statement. */
    private static final class Inspector extends TablesNamesFinder<Void> {

        @Override
        public <S> Void visit(Function function, S context) {
            if (function.getName() != null && refusedFunction(function.getName())) {
                throw refused("it calls " + function.getName() + "(), a function with side effects");
            }
            return super.visit(function, context);
        }

        @Override
        public <S> Void visit(PlainSelect select, S context) {
            if (select.getIntoTables() != null && !select.getIntoTables().isEmpty()
                    || select.getIntoTempTable() != null) {
                throw refused("SELECT … INTO creates a table");
            }
            if (select.getForMode() != null) {
                throw refused("it locks rows (FOR " + select.getForMode() + ")");
            }
            return super.visit(select, context);
        }

        @Override
        public <S> Void visit(WithItem<?> item, S context) {
            if (!(item.getParenthesedStatement() instanceof Select)) {
                throw refused("the WITH item " + item.getAliasName() + " changes data");
            }
            return super.visit(item, context);
        }

        @Override
        public <S> Void visit(Delete delete, S context) {
            throw refused("it holds a DELETE");
        }

        @Override
        public <S> Void visit(Update update, S context) {
            throw refused("it holds an UPDATE");
        }

        @Override
        public <S> Void visit(Insert insert, S context) {
            throw refused("it holds an INSERT");
        }

        @Override
        public <S> Void visit(Merge merge, S context) {
            throw refused("it holds a MERGE");
        }

        @Override
        public <S> Void visit(TableFunction table, S context) {
            if (table.getFunction() != null) {
                visit(table.getFunction(), context);
            }
            return super.visit(table, context);
        }
    }
}
