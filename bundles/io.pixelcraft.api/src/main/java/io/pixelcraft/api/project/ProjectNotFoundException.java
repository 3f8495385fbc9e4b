package io.pixelcraft.api.project;

/** Thrown when a project does not exist or is in the trash. */
public class ProjectNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ProjectNotFoundException(String projectId) {
        super("Project '" + projectId + "' was not found");
    }
}
