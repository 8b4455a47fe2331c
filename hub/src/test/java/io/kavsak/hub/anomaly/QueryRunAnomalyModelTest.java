package io.kavsak.hub.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import io.kavsak.hub.models.TribuoModelFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;

/** The anomaly model itself: trained on generated runs, stored in Tribuo's protobuf format and read back. */
class QueryRunAnomalyModelTest {

    @Test
    void aTrainedModelSurvivesTheProtobufFormatAndSeparatesInjectedAnomalies() {
        QueryRuns generator = new QueryRuns(11);
        List<QueryRunFeatures> runs = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            runs.add(generator.normal().features());
        }
        Model<Event> trained = AnomalyTrainer.fit(runs.subList(0, 2400), 0.02, 0.5);
        @SuppressWarnings("unchecked")
        Model<Event> read = (Model<Event>) new TribuoModelFormat().read(trained.serialize().toByteArray());
        assertThat(QueryRunAnomalyDetector.usable(read)).isTrue();

        Evaluation evaluation = Evaluation.of(runs.subList(2400, 3000), new Random(3));
        double f1 = evaluation.f1(read);
        System.out.printf("ANOMALY-MODEL F1 on 600 held-out runs + %d injected anomalies: %.3f%n",
                evaluation.anomalyCount(), f1);
        assertThat(f1).isEqualTo(evaluation.f1(trained)).isGreaterThan(0.5);
        QueryRunFeatures runaway = generator.anomalous().features();
        assertThat(read.predict(runaway.example(AnomalyFactory.UNKNOWN_EVENT)).getOutput().getType())
                .isEqualTo(Event.EventType.ANOMALOUS);
    }

    @Test
    void withoutFailuresInTheTrainingRunsTheFailureFlagIsNoFeatureAndTheModelStillServes() {
        QueryRuns generator = new QueryRuns(5);
        List<QueryRunFeatures> runs = new ArrayList<>();
        while (runs.size() < 500) {
            QueryRuns.Run run = generator.normal();
            if (!run.failed()) {
                runs.add(run.features());
            }
        }
        Model<Event> model = AnomalyTrainer.fit(runs, 0.02, 0.5);
        assertThat(model.getFeatureIDMap().size()).isEqualTo(2);
        assertThat(QueryRunAnomalyDetector.usable(model)).isTrue();
        assertThat(model.predict(new QueryRunFeatures(300, 20, true).example(AnomalyFactory.UNKNOWN_EVENT))
                .getOutput().getType()).isEqualTo(Event.EventType.EXPECTED);
    }

    @Test
    void theZScoreFlagsARunFarFromTheWindowAndNothingWithoutEnoughHistory() {
        AnomalyProperties properties = new AnomalyProperties("query-run-anomaly", 1000, 20000, 0.2, 0.02, 0.5, 200,
                30, 4.0, 100, 0.5, "0 30 2 * * ?");
        ZScoreDetector detector = new ZScoreDetector(null, properties);
        QueryRuns generator = new QueryRuns(8);
        List<QueryRunFeatures> window = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            window.add(generator.normal().features());
        }
        assertThat(detector.score(window, new QueryRunFeatures(45 * 60_000, 500, false)).anomalous()).isTrue();
        assertThat(detector.score(window, new QueryRunFeatures(400, 30, false)).anomalous()).isFalse();
        assertThat(detector.score(window.subList(0, 10), new QueryRunFeatures(45 * 60_000, 500, false)).anomalous())
                .isFalse();
    }
}
