package io.kavsak.operator.hub;

/** A dependent resource that talks to the hub; the SDK instantiates dependents, so the client is handed over here. */
public interface NeedsHub {

  void useHub(HubClient hub);
}
