package io.kavsak.hub.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.anomaly.Event;
import org.tribuo.protos.core.ModelProto;

class TribuoModelFormatTest {

    private final TribuoModelFormat format = new TribuoModelFormat();

    @Test
    void aTrainedModelReadsBackAsTheSameModel() {
        Model<?> trained = TestModels.anomalyModel(50, 7);
        Model<?> read = format.read(TestModels.bytes(trained));
        assertThat(read.validate(Event.class)).isTrue();
        assertThat(read.getFeatureIDMap().size()).isEqualTo(2);
        assertThat(read.getProvenance().toString()).isEqualTo(trained.getProvenance().toString());
    }

    @Test
    void bytesThatAreNotATribuoModelAreCorrupt() {
        assertThatThrownBy(() -> format.read("definitely not protobuf \u0000\u0001".getBytes()))
                .isInstanceOf(CorruptModelException.class);
        byte[] model = TestModels.anomalyModelBytes(3);
        byte[] truncated = java.util.Arrays.copyOf(model, model.length / 2);
        assertThatThrownBy(() -> format.read(truncated)).isInstanceOf(CorruptModelException.class);
    }

    @Test
    void aJavaSerializedObjectIsNeverDeserialized() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectOutputStream objects = new ObjectOutputStream(out)) {
            objects.writeObject(new ArrayList<>(java.util.List.of("gadget")));
        }
        assertThatThrownBy(() -> format.read(out.toByteArray())).isInstanceOf(CorruptModelException.class);
    }

    @Test
    void aFileNamingAClassOutsideTribuosModelsIsRefusedBeforeAnyClassIsLoaded() {
        ModelProto real = TestModels.anomalyModel(30, 5).serialize();
        byte[] foreign = real.toBuilder().setClassName("java.lang.ProcessBuilder").build().toByteArray();
        assertThatThrownBy(() -> format.read(foreign)).isInstanceOf(CorruptModelException.class)
                .hasMessageContaining("not an allowed Tribuo model class");
        byte[] notAModel = real.toBuilder().setClassName("org.tribuo.MutableDataset").build().toByteArray();
        assertThatThrownBy(() -> format.read(notAModel)).isInstanceOf(CorruptModelException.class)
                .hasMessageContaining("is not a Tribuo model");
    }
}
