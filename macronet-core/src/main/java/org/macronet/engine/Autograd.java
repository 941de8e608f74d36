package org.macronet.engine;

import ai.djl.ndarray.NDArray;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Gradient recording that any number of threads can do at once, each for its own computation (DJL's
 * {@code GradientCollector} allows one in the whole process). The engine keeps the recording switch per
 * thread, so a {@link Recording} affects only the thread that opened it; the backward pass runs on the calling
 * thread and leaves gradients in the leaves (tensors that require gradients) the computation started from.
 */
public final class Autograd {
    private static final MethodHandle IS_ENABLED;
    private static final MethodHandle SET_ENABLED;
    private static final MethodHandle BACKWARD;

    static {
        try {
            Class<?> jni = Class.forName("ai.djl.pytorch.jni.JniUtils");
            Class<?> array = Class.forName("ai.djl.pytorch.engine.PtNDArray");
            MethodHandles.Lookup l = MethodHandles.publicLookup();
            IS_ENABLED = l.findStatic(jni, "isGradMode", MethodType.methodType(boolean.class));
            SET_ENABLED = l.findStatic(jni, "setGradMode", MethodType.methodType(void.class, boolean.class));
            BACKWARD = l.findStatic(jni, "backward", MethodType.methodType(void.class, array, array, boolean.class,
                    boolean.class)).asType(MethodType.methodType(void.class, NDArray.class, NDArray.class,
                            boolean.class, boolean.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError("the PyTorch engine's autograd calls are missing: " + e);
        }
    }

    private Autograd() {}

    /** Gradient recording on the calling thread, switched back to its previous state by {@link #close}. */
    public static final class Recording implements AutoCloseable {
        private final boolean previous;

        private Recording(boolean on) {
            TensorEngine.start();
            previous = call(IS_ENABLED);
            setEnabled(on);
        }

        /**
         * Back-propagates from a scalar computed while recording: adds d(loss)/d(leaf) to the gradient of every leaf it depends on, on
         * the calling thread. The recorded graph is freed.
         */
        public void backward(NDArray loss) {
            NDArray seed = loss.getManager().ones(loss.getShape(), loss.getDataType());
            try {
                BACKWARD.invokeExact(loss, seed, false, false);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }

        @Override
        public void close() {
            setEnabled(previous);
        }
    }

    /** Starts recording the calling thread's operations for a backward pass. */
    public static Recording record() {
        return new Recording(true);
    }

    /**
     * Stops recording on the calling thread until closed (a thread of one's own starts out recording, the
     * engine's default: computations without a backward pass, such as encoding, would keep their graphs).
     */
    public static Recording pause() {
        return new Recording(false);
    }

    private static void setEnabled(boolean on) {
        try {
            SET_ENABLED.invokeExact(on);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static boolean call(MethodHandle h) {
        try {
            return (boolean) h.invokeExact();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
