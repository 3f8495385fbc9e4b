package io.pixelcraft.collab.internal;

import io.pixelcraft.api.document.Document;
import io.pixelcraft.api.document.DocumentEngine;
import io.pixelcraft.api.document.DocumentSnapshot;
import io.pixelcraft.api.document.EngineLimits;
import io.pixelcraft.api.document.ExportFormat;
import io.pixelcraft.api.document.FilterLookup;
import io.pixelcraft.api.document.ImageLookup;
import io.pixelcraft.api.document.RenderRequest;
import io.pixelcraft.api.document.RenderResult;
import java.io.OutputStream;

/** A {@link DocumentEngine} over {@link TreeDocument}; it does not render. */
final class TreeDocumentEngine implements DocumentEngine {

    @Override
    public EngineLimits limits() {
        return EngineLimits.DEFAULTS;
    }

    @Override
    public Document create(double width, double height) {
        return new TreeDocument(width, height);
    }

    @Override
    public Document open(DocumentSnapshot snapshot) {
        return new TreeDocument(snapshot);
    }

    @Override
    public RenderResult render(Document document, RenderRequest request, ImageLookup images, FilterLookup filters) {
        throw new UnsupportedOperationException("The test engine does not render");
    }

    @Override
    public void export(RenderResult result, ExportFormat format, OutputStream out) {
        throw new UnsupportedOperationException("The test engine does not export");
    }
}
