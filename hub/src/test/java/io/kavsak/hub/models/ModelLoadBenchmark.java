package io.kavsak.hub.models;

import io.kavsak.hub.support.HubIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tribuo.Example;
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

/**
 * Seed 003's targets as a load program, not a test: cold load of a large model (goal < 100 ms), warm load
 * (goal < 1 ms), heap growth after 100 loads (goal < 50 MB), ten concurrent loaders, and scoring throughput of
 * the loaded model. Prints figures, asserts nothing about time. Not picked up by {@code ./mvnw verify}; run it
 * with {@code ./mvnw -B -pl hub verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=ModelLoadBenchmark} ({@code -Dbench.features=500 -Dbench.samples=4000} size the model).
 */
class ModelLoadBenchmark extends HubIntegrationTest {

    private static final int FEATURES = Integer.getInteger("bench.features", 500);
    private static final int SAMPLES = Integer.getInteger("bench.samples", 4000);

    @Autowired
    private ModelRegistry registry;
    @Autowired
    private ModelLoader loader;
    @Autowired
    private MeterRegistry meters;

    @Test
    void seedTargets() throws Exception {
        String tenant = "bench-" + UUID.randomUUID().toString().substring(0, 6);
        registerTenant(tenant);
        long trainStart = System.nanoTime();
        Model<Event> trained = train();
        byte[] bytes = TestModels.bytes(trained);
        System.out.printf("MODEL-BENCH model: %d features, %d samples, %.1f MB, trained in %.1f s%n", FEATURES,
                SAMPLES, bytes.length / 1e6, (System.nanoTime() - trainStart) / 1e9);
        ModelVersion version = registry.save(tenant, "bench", "v1", new ByteArrayInputStream(bytes), null,
                Instant.now(), "bench");

        double[] cold = new double[20];
        for (int i = 0; i < cold.length; i++) {
            loader.evict(version.id());
            long start = System.nanoTime();
            loader.load(version);
            cold[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(cold);
        System.out.printf("MODEL-BENCH cold load (file read, SHA-256, protobuf, deserialize): median %.1f ms,"
                + " max %.1f ms over %d loads (goal < 100 ms)%n", cold[cold.length / 2], cold[cold.length - 1],
                cold.length);

        // where a cold load's time goes: the loader's steps, timed one by one on the same file
        java.nio.file.Path file = registry.file(version);
        TribuoModelFormat format = new TribuoModelFormat();
        double[][] split = new double[5][20];
        for (int i = 0; i < 20; i++) {
            long t0 = System.nanoTime();
            byte[] read = java.nio.file.Files.readAllBytes(file);
            long t1 = System.nanoTime();
            java.util.HexFormat.of().formatHex(ModelFiles.sha256().digest(read));
            long t2 = System.nanoTime();
            org.tribuo.protos.core.ModelProto proto = org.tribuo.protos.core.ModelProto.parseFrom(read);
            long t3 = System.nanoTime();
            Model.deserialize(proto);
            long t4 = System.nanoTime();
            format.read(read);
            long t5 = System.nanoTime();
            split[0][i] = (t1 - t0) / 1e6;
            split[1][i] = (t2 - t1) / 1e6;
            split[2][i] = (t3 - t2) / 1e6;
            split[3][i] = (t4 - t3) / 1e6;
            split[4][i] = (t5 - t4) / 1e6;
        }
        for (double[] step : split) {
            Arrays.sort(step);
        }
        System.out.printf("MODEL-BENCH cold load split (medians of 20): read %.1f ms, SHA-256 %.1f ms, protobuf parse"
                        + " %.1f ms, Tribuo deserialize %.1f ms (TribuoModelFormat.read, parse + checks + deserialize:"
                        + " %.1f ms)%n", split[0][10], split[1][10], split[2][10], split[3][10], split[4][10]);

        int warmLoads = 100_000;
        long warmStart = System.nanoTime();
        for (int i = 0; i < warmLoads; i++) {
            loader.load(version);
        }
        System.out.printf("MODEL-BENCH warm load (cache hit): %.2f µs each (goal < 1 ms)%n",
                (System.nanoTime() - warmStart) / 1e3 / warmLoads);

        Runtime runtime = Runtime.getRuntime();
        long before = usedAfterGc(runtime);
        for (int i = 0; i < 100; i++) {
            loader.evict(version.id());
            loader.load(version);
        }
        long after = usedAfterGc(runtime);
        System.out.printf("MODEL-BENCH heap growth after 100 cold loads: %.1f MB (goal < 50 MB)%n",
                (after - before) / 1e6);

        loader.evict(version.id());
        double readsBefore = meters.counter("kavsak.model.disk.reads", "model", "bench").count();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<Model<?>>> loads = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            loads.add(pool.submit(() -> {
                go.await();
                return loader.load(version);
            }));
        }
        long concurrentStart = System.nanoTime();
        go.countDown();
        for (Future<Model<?>> load : loads) {
            load.get();
        }
        System.out.printf("MODEL-BENCH ten concurrent loaders: all served in %.1f ms, %.0f disk read(s)%n",
                (System.nanoTime() - concurrentStart) / 1e6,
                meters.counter("kavsak.model.disk.reads", "model", "bench").count() - readsBefore);
        pool.shutdown();

        @SuppressWarnings("unchecked")
        Model<Event> served = (Model<Event>) loader.load(version);
        List<Example<Event>> events = new ArrayList<>();
        Random random = new Random(99);
        for (int i = 0; i < 2000; i++) {
            events.add(example(random, AnomalyFactory.UNKNOWN_EVENT));
        }
        long scoreStart = System.nanoTime();
        int scored = 0;
        while (System.nanoTime() - scoreStart < 5_000_000_000L) {
            served.predict(events);
            scored += events.size();
        }
        System.out.printf("MODEL-BENCH scoring with the loaded model (one thread): %.0f events/s%n",
                scored / ((System.nanoTime() - scoreStart) / 1e9));
    }

    private static long usedAfterGc(Runtime runtime) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static Model<Event> train() {
        AnomalyFactory factory = new AnomalyFactory();
        MutableDataset<Event> data = new MutableDataset<>(new SimpleDataSourceProvenance("bench", factory), factory);
        Random random = new Random(7);
        for (int i = 0; i < SAMPLES; i++) {
            data.add(example(random, AnomalyFactory.EXPECTED_EVENT));
        }
        SVMParameters<Event> parameters = new SVMParameters<>(new SVMAnomalyType(SVMAnomalyType.SVMMode.ONE_CLASS),
                KernelType.RBF);
        parameters.setNu(0.5);
        parameters.setGamma(1.0 / FEATURES);
        return new LibSVMAnomalyTrainer(parameters, 7).train(data);
    }

    private static Example<Event> example(Random random, Event event) {
        String[] names = new String[FEATURES];
        double[] values = new double[FEATURES];
        for (int f = 0; f < FEATURES; f++) {
            names[f] = "f" + f;
            values[f] = random.nextGaussian();
        }
        return new ArrayExample<>(event, names, values);
    }
}
