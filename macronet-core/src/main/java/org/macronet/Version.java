package org.macronet;

/** The library version, written into every model and output folder. */
public final class Version {
    public static final String VERSION = "0.1.0";

    private Version() {}
}
