package io.pixelcraft.engine.internal;

import java.awt.geom.Path2D;

/**
 * Parses the subset of SVG path data that documents use: M, L, H, V, C, Q and Z, absolute (upper
 * case) or relative (lower case), with implicit repeats as in SVG 1.1 section 9.3. Arcs (A) and
 * smooth curves (S, T) are rejected.
 */
final class PathData {

    private final String text;
    private int position;

    private PathData(String text) {
        this.text = text;
    }

    /**
     * Parses path data into a shape.
     *
     * @throws IllegalArgumentException naming the character position of the first error
     */
    static Path2D.Double parse(String text) {
        return new PathData(text).parse();
    }

    private Path2D.Double parse() {
        Path2D.Double path = new Path2D.Double();
        double x = 0;
        double y = 0;
        double startX = 0;
        double startY = 0;
        char command = 0;
        skipSeparators();
        while (position < text.length()) {
            char c = text.charAt(position);
            if (Character.isLetter(c)) {
                command = c;
                position++;
            } else if (command == 0 || command == 'Z' || command == 'z') {
                throw error("expected a command letter");
            }
            boolean relative = Character.isLowerCase(command);
            double baseX = relative ? x : 0;
            double baseY = relative ? y : 0;
            switch (Character.toUpperCase(command)) {
                case 'M' -> {
                    x = baseX + number();
                    y = baseY + number();
                    path.moveTo(x, y);
                    startX = x;
                    startY = y;
                    // Further coordinate pairs after a move are line segments.
                    command = relative ? 'l' : 'L';
                }
                case 'L' -> {
                    x = baseX + number();
                    y = baseY + number();
                    lineTo(path, x, y);
                }
                case 'H' -> {
                    x = baseX + number();
                    lineTo(path, x, y);
                }
                case 'V' -> {
                    y = baseY + number();
                    lineTo(path, x, y);
                }
                case 'C' -> {
                    double x1 = baseX + number();
                    double y1 = baseY + number();
                    double x2 = baseX + number();
                    double y2 = baseY + number();
                    x = baseX + number();
                    y = baseY + number();
                    ensureStarted(path);
                    path.curveTo(x1, y1, x2, y2, x, y);
                }
                case 'Q' -> {
                    double x1 = baseX + number();
                    double y1 = baseY + number();
                    x = baseX + number();
                    y = baseY + number();
                    ensureStarted(path);
                    path.quadTo(x1, y1, x, y);
                }
                case 'Z' -> {
                    if (path.getCurrentPoint() != null) {
                        path.closePath();
                    }
                    x = startX;
                    y = startY;
                }
                default -> throw error("unsupported command '" + command + "': use M, L, H, V, C, Q or Z");
            }
            skipSeparators();
        }
        return path;
    }

    private void lineTo(Path2D.Double path, double x, double y) {
        ensureStarted(path);
        path.lineTo(x, y);
    }

    private void ensureStarted(Path2D.Double path) {
        if (path.getCurrentPoint() == null) {
            throw error("path data must start with M or m");
        }
    }

    private double number() {
        skipSeparators();
        int start = position;
        if (position < text.length() && (text.charAt(position) == '-' || text.charAt(position) == '+')) {
            position++;
        }
        while (position < text.length() && (Character.isDigit(text.charAt(position)) || text.charAt(position) == '.')) {
            position++;
        }
        if (position < text.length() && (text.charAt(position) == 'e' || text.charAt(position) == 'E')) {
            position++;
            if (position < text.length() && (text.charAt(position) == '-' || text.charAt(position) == '+')) {
                position++;
            }
            while (position < text.length() && Character.isDigit(text.charAt(position))) {
                position++;
            }
        }
        if (start == position) {
            throw error("expected a number");
        }
        try {
            double value = Double.parseDouble(text.substring(start, position));
            if (!Double.isFinite(value)) {
                throw error("number is not finite");
            }
            skipSeparators();
            return value;
        } catch (NumberFormatException e) {
            throw error("invalid number '" + text.substring(start, position) + "'");
        }
    }

    private void skipSeparators() {
        while (position < text.length() && (Character.isWhitespace(text.charAt(position)) || text.charAt(position) == ',')) {
            position++;
        }
    }

    private IllegalArgumentException error(String problem) {
        return new IllegalArgumentException("Invalid path data at character " + position + ": " + problem);
    }
}
