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
        Engine configured;
        try {
            configured = engine(config);
        } catch (IllegalArgumentException e) {
            LOG.error("Invalid configuration for PID io.pixelcraft.engine, using the defaults instead: {}", e.getMessage());
            configured = new Engine(EngineLimits.DEFAULTS);
        }
        this.engine = configured;
        LOG.info("Document engine started with limits {}, render memory budget {} MB, render wait {} ms", configured.limits(),
                RenderAdmission.megabytes(configured.admission().budgetBytes()), configured.admission().maxWaitMillis());
    }

    /**
     * Applies a new configuration. Renders in progress finish under the old engine and release
     * their memory to its budget, so for a short time both budgets may be in use.
     */
    @Modified
    void modified(EngineConfig config) {
        Engine current = engine;
        Engine configured;
        try {
            configured = engine(config);
        } catch (IllegalArgumentException e) {
            LOG.error("Invalid configuration for PID io.pixelcraft.engine, keeping the limits {}: {}", current.limits(), e.getMessage());
            return;
        }
        if (!configured.limits().equals(current.limits())
                || configured.admission().budgetBytes() != current.admission().budgetBytes()
                || configured.admission().maxWaitMillis() != current.admission().maxWaitMillis()) {
            engine = configured;
            LOG.info("Document engine changed to limits {}, render memory budget {} MB, render wait {} ms", configured.limits(),
                    RenderAdmission.megabytes(configured.admission().budgetBytes()), configured.admission().maxWaitMillis());
        }
    }

    private static Engine engine(EngineConfig config) {
        EngineLimits limits = new EngineLimits(config.maxNodes(), config.maxDepth(), config.maxTextLength(),
                config.maxOpsPerBatch(), config.recentOpIds(), config.maxRenderPixels());
        int percent = config.renderMemoryPercent();
        if (percent < 1 || percent > 90) {
            throw new IllegalArgumentException("renderMemoryPercent is " + percent + ": use 1 to 90");
        }
        return new Engine(limits, Engine.heapFraction(percent), config.renderWaitMillis());
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
