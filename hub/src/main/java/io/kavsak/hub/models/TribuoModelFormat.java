package io.kavsak.hub.models;

import com.google.protobuf.InvalidProtocolBufferException;
import org.tribuo.Model;
import org.tribuo.protos.core.ModelProto;
import org.springframework.stereotype.Component;

/**
 * Reads a model file in Tribuo's protobuf format: plain data, parsed by protobuf, that cannot execute code.
 * Tribuo instantiates the class the file names, so that name is checked first against an allow-list: a class of
 * the {@code org.tribuo} packages that is a {@link Model}, loaded without running its static initialisers.
 * Java serialization is never used.
 */
@Component
public class TribuoModelFormat {

    private static final String ALLOWED_PACKAGE = "org.tribuo.";

    /** The model in {@code bytes}; {@link CorruptModelException} when they are not a valid, allowed Tribuo model. */
    public Model<?> read(byte[] bytes) {
        ModelProto proto;
        try {
            proto = ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new CorruptModelException("not a Tribuo protobuf model: " + e.getMessage());
        }
        String className = proto.getClassName();
        if (!className.startsWith(ALLOWED_PACKAGE)) {
            throw new CorruptModelException("model class " + className + " is not an allowed Tribuo model class");
        }
        try {
            Class<?> type = Class.forName(className, false, Model.class.getClassLoader());
            if (!Model.class.isAssignableFrom(type)) {
                throw new CorruptModelException("class " + className + " is not a Tribuo model");
            }
        } catch (ClassNotFoundException e) {
            throw new CorruptModelException("unknown model class " + className);
        }
        Model<?> model;
        try {
            model = Model.deserialize(proto);
        } catch (RuntimeException e) {
            throw new CorruptModelException("the model does not deserialize: " + e.getMessage());
        }
        if (model.getFeatureIDMap().size() == 0 || model.getOutputIDInfo() == null) {
            throw new CorruptModelException("the model has no features or no output domain");
        }
        return model;
    }
}
