package org.macronet.macro;

/** Which of the two observations. */
public enum Side {
    X, Y;

    public static Side parse(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "x" -> X;
            case "y" -> Y;
            default -> throw new IllegalArgumentException("side must be x or y, got " + s);
        };
    }
}
