package io.pixelcraft.api.storage;

/**
 * Where the platform stores its data.
 *
 * @param mode            {@code embedded} for the built-in store, {@code external} for a configured URI
 * @param address         host and port, or the cluster hosts, without credentials
 * @param databaseName    the MongoDB database that holds the platform's collections
 * @param maxPoolSize     maximum connections in the driver's pool
 */
public record StorageInfo(String mode, String address, String databaseName, int maxPoolSize) {
}
