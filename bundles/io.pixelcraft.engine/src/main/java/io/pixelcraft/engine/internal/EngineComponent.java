package io.pixelcraft.engine.internal;

import io.pixelcraft.api.document.Document;
import io.pixelcraft.api.document.DocumentEngine;
import io.pixelcraft.api.document.DocumentSnapshot;
import io.pixelcraft.api.document.EngineLimits;
import io.pixelcraft.api.document.ExportFormat;
import io.pixelcraft.api.document.FilterLookup;
import io.pixelcraft.api.document.ImageLookup;
import io.pixelcraft.api.document.RenderRequest;
import io.pixelcraft.api.document.RenderResult;
import java.io.IOException;
import java.io.OutputStream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the {@link DocumentEngine} service. A configuration change takes effect for documents
 * created or opened afterwards; documents already open keep the limits they were opened with.
 */
@Component(service = DocumentEngine.class, configurationPid = "io.pixelcraft.engine")
@Designate(ocd = EngineConfig.class)
public final class EngineComponent implements DocumentEngine {

    private static final Logger LOG = LoggerFactory.getLogger(EngineComponent.class);

    private volatile Engine engine;

    @Activate
    public EngineComponent(EngineConfig config) {
        EngineLimits limits;
        try {
            limits = limits(config);
        } catch (IllegalArgumentException e) {
            LOG.error("Invalid configuration for PID io.pixelcraft.engine, using the default limits instead: {}", e.getMessage());
            limits = EngineLimits.DEFAULTS;
        }
        this.engine = new Engine(limits);
        LOG.info("Document engine started with limits {}", limits);
    }

    @Modified
    void modified(EngineConfig config) {
        EngineLimits limits;
        try {
            limits = limits(config);
        } catch (IllegalArgumentException e) {
            LOG.error("Invalid configuration for PID io.pixelcraft.engine, keeping the limits {}: {}", engine.limits(), e.getMessage());
            return;
        }
        if (!limits.equals(engine.limits())) {
            engine = new Engine(limits);
            LOG.info("Document engine limits changed to {}", limits);
        }
    }

    private static EngineLimits limits(EngineConfig config) {
        return new EngineLimits(config.maxNodes(), config.maxDepth(), config.maxTextLength(),
                config.maxOpsPerBatch(), config.recentOpIds(), config.maxRenderPixels());
    }

    @Override
    public EngineLimits limits() {
        return engine.limits();
    }

    @Override
    public Document create(double width, double height) {
        return engine.create(width, height);
    }

    @Override
    public Document open(DocumentSnapshot snapshot) {
        return engine.open(snapshot);
    }

    @Override
    public RenderResult render(Document document, RenderRequest request, ImageLookup images, FilterLookup filters) {
        return engine.render(document, request, images, filters);
    }

    @Override
    public void export(RenderResult result, ExportFormat format, OutputStream out) throws IOException {
        engine.export(result, format, out);
    }
}
