package io.pixelcraft.storage.internal;

import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.client.ClientSession;
import io.pixelcraft.api.storage.StorageUnavailableException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Wraps the driver's database, collection, iterable, cursor and GridFS bucket objects so that
 * a lost or overloaded store surfaces as {@link StorageUnavailableException}, which the HTTP
 * layer turns into 503, instead of the driver's own exceptions, which would become 500.
 *
 * <p>Translated: {@link MongoTimeoutException} (no free pooled connection within the wait time,
 * no reachable server within the selection timeout, and client-side operation timeouts),
 * {@link MongoSocketException} (connection refused, reset or read timeout) and
 * {@link MongoConnectionPoolClearedException}. Every other exception passes unchanged.
 *
 * <p>Each object a wrapped method returns is wrapped too when its declared type is an interface
 * of the driver's {@code com.mongodb.client} packages. Two gaps remain: GridFS upload and
 * download streams are abstract classes, not interfaces, so their reads and writes throw the
 * driver's exceptions; and {@code spliterator()} and {@code stream()} iterate the unwrapped
 * object. {@link ClientSession} is never wrapped, because the driver expects its own sessions.
 *
 * <p>Each call holds a lease on the client that created the object, so that a client replaced by
 * a pool change closes only after the calls running on it have finished ({@link PooledClient}).
 */
final class StoreFailureTranslator implements InvocationHandler {

    private static final String DRIVER_CLIENT_PACKAGE = "com.mongodb.client.";

    private final Object target;
    private final String store;
    private final PooledClient owner;

    private StoreFailureTranslator(Object target, String store, PooledClient owner) {
        this.target = target;
        this.store = store;
        this.owner = owner;
    }

    /**
     * Returns {@code target} wrapped as {@code type}.
     *
     * @param store the store's description for exception messages, for example
     *              {@code embedded store at 127.0.0.1:40123}; never contains credentials
     * @param owner the client that {@code target} belongs to, which counts each call as a lease
     */
    static <T> T wrap(Class<T> type, T target, String store, PooledClient owner) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                new StoreFailureTranslator(target, store, owner));
        return type.cast(proxy);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return invokeObjectMethod(proxy, method, args);
        }

        if (!owner.acquire()) {
            if (method.getName().equals("close") && method.getParameterCount() == 0) {
                // Closing the client already closed this cursor or stream.
                return null;
            }
            throw new StorageUnavailableException("The " + store + " client was closed before this call, because"
                    + " a new storage configuration replaced it or the storage service stopped; retry the request");
        }
        Object result;
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw closedUnderCall(e.getCause()) ? closedDuringCall(e.getCause()) : translate(e.getCause());
        } finally {
            owner.release();
        }
        return wrapResult(method.getReturnType(), result);
    }

    private Object invokeObjectMethod(Object proxy, Method method, Object[] args) {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> target.toString();
        };
    }

    private Object wrapResult(Class<?> returnType, Object result) {
        boolean driverInterface = returnType.isInterface()
                && returnType.getName().startsWith(DRIVER_CLIENT_PACKAGE)
                && returnType != ClientSession.class;
        if (result == null || !driverInterface) {
            return result;
        }
        return Proxy.newProxyInstance(returnType.getClassLoader(), new Class<?>[] {returnType},
                new StoreFailureTranslator(result, store, owner));
    }

    /**
     * Returns whether the call failed because its client was closed while it ran. A stop closes a
     * client that still has calls after its drain limit, and the driver then throws
     * {@code IllegalStateException} ("state should be: ... open").
     */
    private boolean closedUnderCall(Throwable failure) {
        return failure instanceof IllegalStateException && owner.closed();
    }

    private StorageUnavailableException closedDuringCall(Throwable failure) {
        return new StorageUnavailableException("The " + store + " client was closed during this call, because the"
                + " storage service stopped or a new configuration replaced it; retry the request", failure);
    }

    /** Returns the exception to throw in place of {@code failure}. */
    Throwable translate(Throwable failure) {
        boolean unavailable = failure instanceof MongoTimeoutException
                || failure instanceof MongoSocketException
                || failure instanceof MongoConnectionPoolClearedException;
        if (!unavailable) {
            return failure;
        }
        return new StorageUnavailableException("The " + store + " is unavailable: " + failure.getMessage(), failure);
    }
}
