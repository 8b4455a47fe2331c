package io.kavsak.hub.storage;

/**
 * An object that cannot be read as asked, and will not be on a second try: the bucket or key is not the
 * tenant's, the bucket or the object does not exist, access is denied, or it is over the size limit.
 */
public class ObjectRefusedException extends RuntimeException {

    public ObjectRefusedException(String reason) {
        super(reason);
    }
}
