package io.pixelcraft.imaging.internal;

import io.pixelcraft.api.project.ProjectLifecycle;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Removes a purged project's reference from every image, so that the cleanup can remove images
 * that only the project used, including uploads that no layer ever showed. The projects bundle
 * unlinks the images its documents name; this covers the links the upload route added.
 */
@Component(property = ProjectLifecycle.NAME_PROPERTY + "=imaging")
public final class ImagePurge implements ProjectLifecycle {

    private final ImagingService images;

    @Activate
    public ImagePurge(@Reference ImagingService images) {
        this.images = images;
    }

    @Override
    public void purge(String projectId) {
        images.unlinkProject(projectId);
    }
}
