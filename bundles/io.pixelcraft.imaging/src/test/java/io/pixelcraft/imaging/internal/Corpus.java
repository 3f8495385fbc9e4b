package io.pixelcraft.imaging.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Locates the shared image corpus and builds the decoding pipeline the tests run it through. */
final class Corpus {

    static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "test-decode-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private Corpus() {
    }

    /** Returns {@code ../shared/corpus} next to the repository root (the directory with mvnw), if present. */
    static Optional<Path> directory() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            return Optional.empty();
        }
        Path corpus = dir.resolveSibling("shared").resolve("corpus");
        return Files.isRegularFile(corpus.resolve("SOURCES.md")) ? Optional.of(corpus) : Optional.empty();
    }

    static ImageDecoder decoder() {
        return new ImageDecoder(100_000_000L, 15_000, new MemoryBudget(1L << 30), WATCHDOG);
    }

    /** One table row of SOURCES.md: the file and what the editor must do with it. */
    record Row(String file, String exercises, String expected, String observedTwelveMonkeys) {
    }

    static List<Row> rows(Path corpus) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(corpus.resolve("SOURCES.md"))) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] columns = line.split(" \\| ");
            String file = columns[0].substring(3, columns[0].lastIndexOf('`'));
            if (columns.length < 7 || !Files.isRegularFile(corpus.resolve(file))) {
                continue;
            }
            rows.add(new Row(file, columns[2].trim(), columns[3].trim(), columns[5].trim()));
        }
        return rows;
    }
}
