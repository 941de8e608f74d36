package org.macronet.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;

/**
 * Entry point to the tensor engine. Forces offline mode (nothing is ever downloaded at run time)
 * and hands out root {@link NDManager}s on the chosen device.
 */
public final class TensorEngine {
    private static volatile boolean started;

    private TensorEngine() {}

    /** Starts the engine once; safe to call repeatedly. Fails with a clear message when natives are missing. */
    public static synchronized Engine start() {
        if (!started) {
            System.setProperty("ai.djl.offline", "true");
            try {
                Engine engine = Engine.getEngine("PyTorch");
                started = true;
                return engine;
            } catch (RuntimeException e) {
                throw new IllegalStateException("cannot start the PyTorch engine (native library missing or"
                        + " unloadable): " + e.getMessage(), e);
            }
        }
        return Engine.getEngine("PyTorch");
    }

    /** A new root manager on the CPU; close it to free every tensor it owns. */
    public static NDManager newManager() {
        return start().newBaseManager(Device.cpu());
    }

    /** Engine name and version, for provenance records. */
    public static String describe() {
        Engine e = start();
        return e.getEngineName() + " " + e.getVersion();
    }
}
