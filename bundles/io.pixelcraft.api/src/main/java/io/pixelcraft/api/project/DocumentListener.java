package io.pixelcraft.api.project;

import org.osgi.annotation.versioning.ConsumerType;

/** Receives the changes of one project's document. */
@ConsumerType
@FunctionalInterface
public interface DocumentListener {

    void changed(DocumentChange change);
}
