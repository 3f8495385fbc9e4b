package io.pixelcraft.versions.internal;

/** Thrown when a project has no version with the requested number. */
final class VersionNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    VersionNotFoundException(String projectId, long number) {
        super("Version " + number + " of project '" + projectId + "' was not found");
    }
}
