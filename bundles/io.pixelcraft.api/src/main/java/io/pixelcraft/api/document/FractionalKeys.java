package io.pixelcraft.api.document;

/**
 * Fractional index keys: strings that sort in sibling order and leave room between any two
 * neighbours, so that inserting or moving a node changes that node's key only.
 *
 * <p>The algorithm is David Greenspan's "Implementing Fractional Indexing" (2020) as published in
 * rocicorp/fractional-indexing (CC0): a key is an integer part, whose first character encodes its
 * length ({@code a}-{@code z} for 2 to 27 characters, {@code A}-{@code Z} for negative integers),
 * followed by an optional base-62 fraction without trailing zeros. Keys compare by plain
 * {@link String#compareTo}. Appending after the last key increments the integer part, so a list
 * built by appends keeps keys of at most 3 characters for its first 3,900 entries. Repeated
 * inserts at one spot grow the fraction by about one character per 6 inserts.
 */
public final class FractionalKeys {

    /** The base-62 digits in ascending ASCII order. */
    private static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final char ZERO = '0';
    private static final String SMALLEST_INTEGER = "A" + "0".repeat(26);

    /** Maximum key length that the engine accepts from clients. */
    public static final int MAX_LENGTH = 256;

    private FractionalKeys() {
    }

    /** Returns whether the string is a valid key of at most {@link #MAX_LENGTH} characters. */
    public static boolean isValid(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_LENGTH) {
            return false;
        }
        int integerLength = integerLength(key.charAt(0));
        if (integerLength < 0 || key.length() < integerLength || key.equals(SMALLEST_INTEGER)) {
            return false;
        }
        for (int i = 1; i < key.length(); i++) {
            if (DIGITS.indexOf(key.charAt(i)) < 0) {
                return false;
            }
        }
        return key.length() == integerLength || key.charAt(key.length() - 1) != ZERO;
    }

    /**
     * Returns a key strictly between {@code before} and {@code after}.
     *
     * @param before the lower neighbour's key, or {@code null} for none
     * @param after  the upper neighbour's key, or {@code null} for none
     * @throws IllegalArgumentException when a key is invalid or {@code before >= after}
     */
    public static String between(String before, String after) {
        if (before != null && !isValid(before)) {
            throw new IllegalArgumentException("Invalid fractional index key '" + before + "'");
        }
        if (after != null && !isValid(after)) {
            throw new IllegalArgumentException("Invalid fractional index key '" + after + "'");
        }
        if (before != null && after != null && before.compareTo(after) >= 0) {
            throw new IllegalArgumentException("Key '" + before + "' is not below '" + after + "'");
        }
        if (before == null) {
            if (after == null) {
                return "a" + ZERO;
            }
            String integer = integerPart(after);
            String fraction = after.substring(integer.length());
            if (integer.equals(SMALLEST_INTEGER)) {
                return integer + midpoint("", fraction);
            }
            if (integer.compareTo(after) < 0) {
                return integer;
            }
            String decremented = decrement(integer);
            if (decremented == null) {
                throw new IllegalArgumentException("No key fits below '" + after + "'");
            }
            return decremented;
        }
        String integer = integerPart(before);
        String fraction = before.substring(integer.length());
        if (after == null) {
            String incremented = increment(integer);
            return incremented == null ? integer + midpoint(fraction, null) : incremented;
        }
        String afterInteger = integerPart(after);
        String afterFraction = after.substring(afterInteger.length());
        if (integer.equals(afterInteger)) {
            return integer + midpoint(fraction, afterFraction);
        }
        String incremented = increment(integer);
        if (incremented == null) {
            throw new IllegalArgumentException("No key fits between '" + before + "' and '" + after + "'");
        }
        if (incremented.compareTo(after) < 0) {
            return incremented;
        }
        return integer + midpoint(fraction, null);
    }

    /** Returns a fraction between {@code a} (possibly empty) and {@code b} ({@code null} for 1). */
    private static String midpoint(String a, String b) {
        if (b != null) {
            int common = 0;
            while (common < b.length() && charAt(a, common) == b.charAt(common)) {
                common++;
            }
            if (common > 0) {
                return b.substring(0, common) + midpoint(a.length() > common ? a.substring(common) : "", b.substring(common));
            }
        }
        int digitA = a.isEmpty() ? 0 : DIGITS.indexOf(a.charAt(0));
        int digitB = b != null ? DIGITS.indexOf(b.charAt(0)) : DIGITS.length();
        if (digitB - digitA > 1) {
            return String.valueOf(DIGITS.charAt((int) Math.round(0.5 * (digitA + digitB))));
        }
        if (b != null && b.length() > 1) {
            return b.substring(0, 1);
        }
        return DIGITS.charAt(digitA) + midpoint(a.isEmpty() ? "" : a.substring(1), null);
    }

    private static char charAt(String s, int index) {
        return index < s.length() ? s.charAt(index) : ZERO;
    }

    private static int integerLength(char head) {
        if (head >= 'a' && head <= 'z') {
            return head - 'a' + 2;
        }
        if (head >= 'A' && head <= 'Z') {
            return 'Z' - head + 2;
        }
        return -1;
    }

    private static String integerPart(String key) {
        return key.substring(0, integerLength(key.charAt(0)));
    }

    private static String increment(String integer) {
        char head = integer.charAt(0);
        char[] digits = integer.substring(1).toCharArray();
        boolean carry = true;
        for (int i = digits.length - 1; carry && i >= 0; i--) {
            int next = DIGITS.indexOf(digits[i]) + 1;
            if (next == DIGITS.length()) {
                digits[i] = ZERO;
            } else {
                digits[i] = DIGITS.charAt(next);
                carry = false;
            }
        }
        String body = new String(digits);
        if (!carry) {
            return head + body;
        }
        if (head == 'Z') {
            return "a" + ZERO;
        }
        if (head == 'z') {
            return null;
        }
        char nextHead = (char) (head + 1);
        return nextHead > 'a' ? nextHead + body + ZERO : nextHead + body.substring(0, body.length() - 1);
    }

    private static String decrement(String integer) {
        char head = integer.charAt(0);
        char[] digits = integer.substring(1).toCharArray();
        char largest = DIGITS.charAt(DIGITS.length() - 1);
        boolean borrow = true;
        for (int i = digits.length - 1; borrow && i >= 0; i--) {
            int next = DIGITS.indexOf(digits[i]) - 1;
            if (next == -1) {
                digits[i] = largest;
            } else {
                digits[i] = DIGITS.charAt(next);
                borrow = false;
            }
        }
        String body = new String(digits);
        if (!borrow) {
            return head + body;
        }
        if (head == 'a') {
            return "Z" + largest;
        }
        if (head == 'A') {
            return null;
        }
        char nextHead = (char) (head - 1);
        return nextHead < 'Z' ? nextHead + body + largest : nextHead + body.substring(0, body.length() - 1);
    }
}
