package io.pixelcraft.plugin.host.internal;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import io.pixelcraft.api.storage.StorageService;
import io.pixelcraft.api.storage.StorageUnavailableException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes the plugin audit log: the {@code plugin_audit} collection, and the log file
 * when the store is down. Administrators' actions and the host's automatic disables (actor
 * {@value #SYSTEM_ACTOR}) both go here.
 */
final class PluginAuditLog {

    private static final Logger LOG = LoggerFactory.getLogger(PluginAuditLog.class);

    /** Collection of audit entries; documents are keyed by a time-ordered ObjectId. */
    static final String COLLECTION = "plugin_audit";

    /** Actor of the entries that the plugin host writes itself. */
    static final String SYSTEM_ACTOR = "system";

    private PluginAuditLog() {
    }

    /** Writes one entry to the log file and, when {@code store} is not null, to the collection. */
    static void write(StorageService store, String actor, String action, String plugin, String version, String outcome,
            String detail) {
        LOG.info("Plugin audit: actor={} action={} plugin={} version={} outcome={} detail={}",
                actor, action, plugin, version, outcome, detail);
        if (store == null) {
            LOG.warn("Plugin audit entry for {} {} kept only in the log: no storage service", action, plugin);
            return;
        }
        Document entry = new Document("_id", new ObjectId())
                .append("at", Date.from(Instant.now()))
                .append("actor", actor)
                .append("action", action)
                .append("plugin", plugin)
                .append("version", version)
                .append("outcome", outcome)
                .append("detail", detail);
        try {
            collection(store).insertOne(entry);
        } catch (MongoException | StorageUnavailableException e) {
            LOG.error("Cannot write plugin audit entry {} {} by {}; it is kept only in the log", action, plugin, actor, e);
        }
    }

    /** Returns the newest entries, at most {@code limit}, or empty when the store is down or null. */
    static List<PluginAdmin.AuditEntry> read(StorageService store, int limit) {
        if (store == null) {
            return List.of();
        }
        List<PluginAdmin.AuditEntry> entries = new ArrayList<>();
        try {
            for (Document document : collection(store).find().sort(new Document("_id", -1)).limit(limit)) {
                entries.add(new PluginAdmin.AuditEntry(document.getDate("at").toInstant(), document.getString("actor"),
                        document.getString("action"), document.getString("plugin"), document.getString("version"),
                        document.getString("outcome"), document.getString("detail")));
            }
        } catch (MongoException | StorageUnavailableException e) {
            LOG.error("Cannot read the plugin audit log", e);
        }
        return entries;
    }

    private static MongoCollection<Document> collection(StorageService store) {
        return store.database().getCollection(COLLECTION);
    }
}
