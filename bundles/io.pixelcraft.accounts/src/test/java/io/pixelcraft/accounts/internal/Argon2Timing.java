package io.pixelcraft.accounts.internal;

/**
 * Measures one Argon2id hash with the given parameters on this machine; the numbers in
 * docs/accounts.md come from it. Not a test: run it with
 * {@code java -cp <test-classes>:<classes>:<bcprov jar> io.pixelcraft.accounts.internal.Argon2Timing 19456 2 1}.
 */
public final class Argon2Timing {

    private Argon2Timing() {
    }

    public static void main(String[] args) {
        int memoryKib = Integer.parseInt(args[0]);
        int iterations = Integer.parseInt(args[1]);
        int parallelism = Integer.parseInt(args[2]);
        PasswordHasher hasher = new PasswordHasher(memoryKib, iterations, parallelism);
        long best = Long.MAX_VALUE;
        long total = 0;
        int runs = 20;
        for (int i = 0; i < runs + 3; i++) {
            long started = System.nanoTime();
            hasher.hash("correct horse battery");
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (i >= 3) {
                best = Math.min(best, millis);
                total += millis;
            }
        }
        System.out.printf("Argon2id m=%d KiB t=%d p=%d: best %d ms, mean %d ms over %d runs after 3 warm-up runs, %d CPUs%n",
                memoryKib, iterations, parallelism, best, total / runs, runs, Runtime.getRuntime().availableProcessors());
    }
}
