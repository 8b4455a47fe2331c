package io.kavsak.hub.anomaly;

import io.kavsak.hub.models.LoadedModel;
import io.kavsak.hub.models.ModelLoader;
import io.kavsak.hub.models.ModelRegistry;
import io.kavsak.hub.models.ModelVersion;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.anomaly.libsvm.LibSVMAnomalyTrainer;
import org.tribuo.anomaly.libsvm.SVMAnomalyType;
import org.tribuo.common.libsvm.KernelType;
import org.tribuo.common.libsvm.SVMParameters;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.transform.TransformTrainer;
import org.tribuo.transform.TransformationMap;
import org.tribuo.transform.transformations.MeanStdDevTransformation;

/**
 * Trains a tenant's query-run anomaly model (seed 003 task 8) from its {@code audit.query_runs}: a one-class SVM
 * (Tribuo, RBF kernel) over log-duration, log-row-count and failure, standardised per tenant inside the model.
 * The oldest runs train it; the newest ({@code hold-out-share}) plus anomalies injected into copies of them
 * evaluate it. The version is saved through the model registry with its F1 as accuracy, and activated only when
 * its F1 on that evaluation set is higher than the live version's (or nothing usable is live).
 */
@Component("anomalyTrainer")
public class AnomalyTrainer {

    private static final Logger log = LoggerFactory.getLogger(AnomalyTrainer.class);
    private static final DateTimeFormatter VERSION = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC);

    private final NamedParameterJdbcTemplate jdbc;
    private final ModelRegistry registry;
    private final ModelLoader loader;
    private final AnomalyProperties properties;

    public AnomalyTrainer(NamedParameterJdbcTemplate jdbc, ModelRegistry registry, ModelLoader loader,
                          AnomalyProperties properties) {
        this.jdbc = jdbc;
        this.registry = registry;
        this.loader = loader;
        this.properties = properties;
    }

    /** The scheduled run: every registered tenant with at least {@code min-samples} runs; one failure stops no other. */
    public List<TrainingResult> trainAll() {
        List<String> tenants = jdbc.queryForList("""
                select q.tenant_id from audit.query_runs q join tenant t on t.tenant_id = q.tenant_id
                where q.finished_at is not null group by q.tenant_id having count(*) >= :min order by 1""",
                Map.of("min", properties.minSamples()), String.class);
        List<TrainingResult> results = new ArrayList<>();
        for (String tenant : tenants) {
            try {
                results.add(train(tenant, "anomaly-trainer"));
            } catch (RuntimeException e) {
                log.error("Training the anomaly model of tenant {} failed: {}", tenant, e.getMessage(), e);
            }
        }
        return results;
    }

    public TrainingResult train(String tenant, String actor) {
        List<QueryRunFeatures> runs = new ArrayList<>(jdbc.query("""
                select coalesce(duration_ms, 0) as duration_ms, coalesce(row_count, 0) as row_count, status
                from audit.query_runs where tenant_id = :tenant and finished_at is not null
                order by finished_at desc limit :max""", Map.of("tenant", tenant, "max", properties.maxSamples()),
                (rs, i) -> new QueryRunFeatures(rs.getLong("duration_ms"), rs.getLong("row_count"),
                        "failed".equals(rs.getString("status")))));
        Collections.reverse(runs);
        if (runs.size() < properties.minSamples()) {
            return new TrainingResult(tenant, null, runs.size(), 0, 0, 0, null, null, false,
                    "fewer than " + properties.minSamples() + " query runs");
        }
        int split = (int) Math.round(runs.size() * (1 - properties.holdOutShare()));
        List<QueryRunFeatures> training = runs.subList(0, split);
        List<QueryRunFeatures> heldOut = runs.subList(split, runs.size());
        Evaluation evaluation = Evaluation.of(heldOut, new Random(tenant.hashCode()));
        long start = System.nanoTime();
        Model<Event> candidate = fit(training, properties.nu(), properties.gamma());
        double f1 = evaluation.f1(candidate);
        Double liveF1 = live(tenant).map(evaluation::f1).orElse(null);
        String version = "auto-" + VERSION.format(Instant.now());
        ModelVersion saved = registry.save(tenant, properties.modelName(), version,
                new ByteArrayInputStream(candidate.serialize().toByteArray()), f1, Instant.now(), actor);
        boolean activate = liveF1 == null || f1 > liveF1;
        if (activate) {
            registry.activate(tenant, properties.modelName(), version, actor);
        }
        log.info("Anomaly model of tenant {}: version {} trained on {} runs in {} ms, F1 {} on {} held-out runs + {}"
                        + " injected anomalies (live: {}); {}", tenant, saved.version(), training.size(),
                (System.nanoTime() - start) / 1_000_000, String.format("%.3f", f1), evaluation.normalCount(),
                evaluation.anomalyCount(), liveF1 == null ? "none usable" : String.format("%.3f", liveF1),
                activate ? "activated" : "kept inactive");
        return new TrainingResult(tenant, version, runs.size(), training.size(), evaluation.normalCount(),
                evaluation.anomalyCount(), f1, liveF1, activate, null);
    }

    private Optional<Model<Event>> live(String tenant) {
        try {
            return loader.serving(tenant, properties.modelName())
                    .map(LoadedModel::model).filter(QueryRunAnomalyDetector::usable).map(AnomalyTrainer::events);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    @SuppressWarnings("unchecked")
    private static Model<Event> events(Model<?> model) {
        return (Model<Event>) model;
    }

    /**
     * The model: standardisation (mean and standard deviation of the tenant's runs, kept in the model) and a
     * one-class SVM. The failure flag is a feature only when the training runs hold both outcomes (a constant
     * feature has no standard deviation).
     */
    static Model<Event> fit(List<QueryRunFeatures> runs, double nu, double gamma) {
        long failed = runs.stream().filter(QueryRunFeatures::failed).count();
        boolean withFailure = failed > 0 && failed < runs.size();
        AnomalyFactory factory = new AnomalyFactory();
        MutableDataset<Event> data = new MutableDataset<>(new SimpleDataSourceProvenance("audit.query_runs",
                factory), factory);
        for (QueryRunFeatures run : runs) {
            data.add(withFailure ? run.example(AnomalyFactory.EXPECTED_EVENT)
                    : new ArrayExample<>(AnomalyFactory.EXPECTED_EVENT,
                            new String[] {QueryRunFeatures.LOG_DURATION, QueryRunFeatures.LOG_ROWS},
                            new double[] {run.logDuration(), run.logRows()}));
        }
        SVMParameters<Event> parameters = new SVMParameters<>(new SVMAnomalyType(SVMAnomalyType.SVMMode.ONE_CLASS),
                KernelType.RBF);
        parameters.setNu(nu);
        parameters.setGamma(gamma);
        TransformTrainer<Event> trainer = new TransformTrainer<>(new LibSVMAnomalyTrainer(parameters, 17L),
                new TransformationMap(List.of(new MeanStdDevTransformation())), true, true);
        return trainer.train(data);
    }
}
