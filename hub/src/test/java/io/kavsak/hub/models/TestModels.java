package io.kavsak.hub.models;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.libsvm.LibSVMAnomalyTrainer;
import org.tribuo.anomaly.libsvm.SVMAnomalyType;
import org.tribuo.common.libsvm.KernelType;
import org.tribuo.common.libsvm.SVMParameters;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/** Real Tribuo models for tests: one-class SVMs trained on synthetic query-run figures. */
public final class TestModels {

    private static final String[] FEATURES = {"duration_ms", "row_count"};

    private TestModels() {
    }

    /** A one-class SVM trained on {@code samples} normal runs; more samples mean more support vectors, a bigger file. */
    public static Model<?> anomalyModel(int samples, long seed) {
        AnomalyFactory factory = new AnomalyFactory();
        MutableDataset<org.tribuo.anomaly.Event> data = new MutableDataset<>(
                new SimpleDataSourceProvenance("synthetic query runs", factory), factory);
        Random random = new Random(seed);
        for (int i = 0; i < samples; i++) {
            data.add(new ArrayExample<>(AnomalyFactory.EXPECTED_EVENT, FEATURES,
                    new double[] {200 + random.nextGaussian() * 30, 1000 + random.nextGaussian() * 100}));
        }
        SVMParameters<org.tribuo.anomaly.Event> parameters = new SVMParameters<>(
                new SVMAnomalyType(SVMAnomalyType.SVMMode.ONE_CLASS), KernelType.RBF);
        parameters.setNu(0.1);
        parameters.setGamma(0.5);
        return new LibSVMAnomalyTrainer(parameters, seed).train(data);
    }

    /** The model in Tribuo's protobuf format, as a file on the model volume holds it. */
    public static byte[] bytes(Model<?> model) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            model.serializeToStream(out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    public static byte[] anomalyModelBytes(long seed) {
        return bytes(anomalyModel(50, seed));
    }
}
