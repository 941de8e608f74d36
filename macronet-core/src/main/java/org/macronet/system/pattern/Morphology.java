package org.macronet.system.pattern;

/** Pattern families, in the spelling used in files and on the command line (lower case). */
public enum Morphology {
    /** No pattern: the field's relative spread is below the patterned threshold. */
    UNIFORM,
    /** Isolated compact blobs of either phase (positive or negative spots). */
    SPOTS,
    /** Elongated components: parallel stripes (wrapping the torus) or separate worms. */
    STRIPES,
    /** Few large, branched components without a common orientation (mazes, coral). */
    LABYRINTH,
    /** The simulation blew up (non-finite values); no descriptors apply. */
    DIVERGED;

    /** The lower-case label, e.g. {@code spots}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
