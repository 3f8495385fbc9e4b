package io.pixelcraft.api.storage;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The platform's connection to MongoDB: either the embedded store or a configured cluster.
 *
 * <p>Callers fetch the database on every unit of work and never keep it in a field, because the
 * storage bundle may swap the underlying client when its configuration changes.
 *
 * <p>Operations on the returned database, its collections, query results and buckets throw
 * {@link StorageUnavailableException} when the store times out, refuses or drops the connection,
 * or has no free pooled connection in time. Other driver exceptions, such as a duplicate key,
 * pass unchanged.
 */
@ProviderType
public interface StorageService {

    /**
     * Returns the platform database on the current client.
     *
     * @throws StorageUnavailableException when no client is connected
     */
    MongoDatabase database();

    /**
     * Returns the GridFS bucket with the given name on the current client.
     *
     * @throws StorageUnavailableException when no client is connected
     * @throws IllegalArgumentException when the name is blank
     */
    GridFSBucket bucket(String name);

    /** Describes where the store is and how the pool is set up, for health and the console. */
    StorageInfo info();
}
