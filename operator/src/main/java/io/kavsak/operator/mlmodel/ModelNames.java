package io.kavsak.operator.mlmodel;

/** The names a model's metadata.name gives to its claim, its volume in the hub Deployment and its path in the hub. */
public final class ModelNames {

  private ModelNames() {
  }

  public static String claim(MLModel model) {
    return "kavsak-model-" + model.getMetadata().getName();
  }

  public static String volume(MLModel model) {
    return "model-" + model.getMetadata().getName();
  }

  public static String mountPath(MLModel model) {
    return "/var/lib/kavsak/models/" + model.getMetadata().getName();
  }
}
