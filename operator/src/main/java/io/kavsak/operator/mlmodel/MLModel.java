package io.kavsak.operator.mlmodel;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A machine-learning model whose files live on their own volume, mounted into the hub. */
@Group("kavsak.io")
@Version("v1alpha1")
@Kind("MLModel")
@Singular("mlmodel")
@Plural("mlmodels")
@ShortNames({"kmodel", "mlm"})
@Categories("kavsak")
@AdditionalPrinterColumn(name = "Type", jsonPath = ".spec.modelType")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "PVC", jsonPath = ".status.pvcName")
@AdditionalPrinterColumn(name = "Active", jsonPath = ".status.activeVersion")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class MLModel extends CustomResource<MLModelSpec, MLModelStatus> implements Namespaced {
}
