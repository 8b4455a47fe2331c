package io.kavsak.operator.recall;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A user's right-to-erasure request, submitted to the hub once and followed until it completes. */
@Group("kavsak.io")
@Version("v1alpha1")
@ShortNames({"krecall", "krr"})
@Categories("kavsak")
@AdditionalPrinterColumn(name = "Tenant", jsonPath = ".spec.tenantId", priority = 1)
@AdditionalPrinterColumn(name = "User", jsonPath = ".spec.userId")
@AdditionalPrinterColumn(name = "Mode", jsonPath = ".spec.mode")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Deadline", jsonPath = ".status.deadline")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class RecallRequest extends CustomResource<RecallRequestSpec, RecallRequestStatus> implements Namespaced {
}
