package io.kavsak.hub.anomaly;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tribuo.Model;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;

/**
 * The measure that decides activation: F1 of the anomaly class on the tenant's held-out runs (taken as normal)
 * plus one injected anomaly per ten of them. An injected anomaly is a copy of a held-out run made 4 to 8 standard
 * deviations (of the held-out log values, at least 0.5) slower, larger, or both.
 */
record Evaluation(List<QueryRunFeatures> normal, List<QueryRunFeatures> anomalies) {

    static Evaluation of(List<QueryRunFeatures> heldOut, Random random) {
        double durationStd = Math.max(0.5, std(heldOut.stream().mapToDouble(QueryRunFeatures::logDuration).toArray()));
        double rowStd = Math.max(0.5, std(heldOut.stream().filter(r -> !r.failed())
                .mapToDouble(QueryRunFeatures::logRows).toArray()));
        List<QueryRunFeatures> anomalies = new ArrayList<>();
        int count = Math.max(10, heldOut.size() / 10);
        for (int i = 0; i < count; i++) {
            QueryRunFeatures base = heldOut.get(random.nextInt(heldOut.size()));
            int kind = random.nextInt(3);
            double duration = base.logDuration();
            double rows = base.logRows();
            boolean failed = base.failed();
            if (kind != 1) {
                duration += (4 + 4 * random.nextDouble()) * durationStd;
            }
            if (kind != 0) {
                rows += (4 + 4 * random.nextDouble()) * rowStd;
                failed = false;
            }
            anomalies.add(new QueryRunFeatures(Math.round(Math.expm1(duration)), Math.round(Math.expm1(rows)),
                    failed));
        }
        return new Evaluation(heldOut, anomalies);
    }

    int normalCount() {
        return normal.size();
    }

    int anomalyCount() {
        return anomalies.size();
    }

    double f1(Model<Event> model) {
        long truePositives = anomalies.stream().filter(r -> anomalous(model, r)).count();
        long falsePositives = normal.stream().filter(r -> anomalous(model, r)).count();
        long falseNegatives = anomalies.size() - truePositives;
        return truePositives == 0 ? 0 : 2.0 * truePositives / (2.0 * truePositives + falsePositives + falseNegatives);
    }

    private static boolean anomalous(Model<Event> model, QueryRunFeatures run) {
        return model.predict(run.example(AnomalyFactory.UNKNOWN_EVENT)).getOutput().getType()
                == Event.EventType.ANOMALOUS;
    }

    private static double std(double[] values) {
        if (values.length < 2) {
            return 0;
        }
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= values.length;
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return Math.sqrt(sum / (values.length - 1));
    }
}
