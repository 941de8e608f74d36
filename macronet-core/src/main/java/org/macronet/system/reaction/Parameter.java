package org.macronet.system.reaction;

/**
 * A named model parameter with its valid closed range [{@code min}, {@code max}] and default value.
 *
 * @param name physics name, e.g. {@code F} or {@code D}
 * @param min smallest valid value (inclusive)
 * @param max largest valid value (inclusive)
 * @param defaultValue value used when none is given; inside the range
 * @param description one line saying what the parameter means
 */
public record Parameter(String name, double min, double max, double defaultValue, String description) {
    public Parameter {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("parameter name must not be blank");
        }
        if (!(min <= defaultValue && defaultValue <= max)) {
            throw new IllegalArgumentException("default " + name + "=" + Fmt.num(defaultValue)
                    + " is outside its range [" + Fmt.num(min) + ", " + Fmt.num(max) + "]");
        }
    }

    /** Whether {@code value} is finite and inside the range. */
    public boolean accepts(double value) {
        return Double.isFinite(value) && value >= min && value <= max;
    }

    /** Throws {@link IllegalArgumentException} naming the parameter and its range when {@code value} is outside. */
    public void check(String model, double value) {
        if (!accepts(value)) {
            throw new IllegalArgumentException("parameter " + name + "=" + Fmt.num(value) + " of " + model
                    + " is outside its valid range [" + Fmt.num(min) + ", " + Fmt.num(max) + "]");
        }
    }
}
