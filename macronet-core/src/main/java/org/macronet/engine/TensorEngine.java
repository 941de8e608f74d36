package org.macronet.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.ndarray.NDManager;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Entry point to the tensor engine, and the one place that decides where tensors live and how many CPU
 * threads the engine uses ({@link Settings}). Forces offline mode (nothing is ever downloaded at run time),
 * keeps the native library's warnings quiet unless {@code MACRONET_DEBUG} is set, and hands out root
 * {@link NDManager}s on the chosen device. Model code never asks DJL for a device itself.
 */
public final class TensorEngine {
    /** The engine's name in DJL. */
    static final String ENGINE = "PyTorch";
    private static Settings settings;
    private static Engine engine;
    private static Device device;

    private TensorEngine() {}

    /**
     * The device and thread counts of the engine.
     *
     * @param device {@code cpu}, {@code gpu} (the first GPU) or {@code gpu:N} (GPU number N, from 0)
     * @param threads intra-op threads of the engine, ≥ 1 (1: fastest for the small dense networks, and
     *     bit-reproducible whatever the machine's load)
     * @param interopThreads inter-op threads, ≥ 1
     * @param workers data-parallel training workers, each with its share of a batch on a thread of its own
     *     (see {@link #workers}); 0 for automatic
     */
    public record Settings(String device, int threads, int interopThreads, int workers) {
        private static final Pattern DEVICE = Pattern.compile("cpu|gpu(?::(\\d+))?");

        public Settings {
            device = device == null ? "" : device.strip().toLowerCase(Locale.ROOT);
            if (!DEVICE.matcher(device).matches()) {
                throw new IllegalArgumentException("unknown device '" + device + "': use cpu, gpu or gpu:N");
            }
            if (threads < 1 || interopThreads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + (threads < 1 ? threads
                        : interopThreads + " inter-op threads"));
            }
            if (workers < 0) {
                throw new IllegalArgumentException("workers must be >= 1 (or auto), got " + workers);
            }
        }

        /** Settings with the number of training workers chosen automatically. */
        public Settings(String device, int threads, int interopThreads) {
            this(device, threads, interopThreads, 0);
        }

        /** The CPU with one intra-op and one inter-op thread, training workers chosen automatically. */
        public static Settings defaults() {
            return new Settings("cpu", 1, 1, 0);
        }

        /**
         * The settings a process gets when nobody {@link #configure}s them: the device from the environment
         * variable {@code MACRONET_DEVICE}; the threads from the system property {@code ai.djl.pytorch.num_threads}
         * (as tests and benchmarks pin them), else the environment variable {@code MACRONET_THREADS}; inter-op
         * threads from {@code ai.djl.pytorch.num_interop_threads}; the training workers from the system property
         * {@code macronet.workers}, else the environment variable {@code MACRONET_WORKERS} (a number, or
         * {@code auto}); the {@link #defaults()} for what is unset.
         */
        public static Settings fromEnvironment() {
            Settings d = defaults();
            String dev = firstNonBlank(System.getenv("MACRONET_DEVICE"), d.device());
            String property = System.getProperty("ai.djl.pytorch.num_threads");
            int threads = property != null && !property.isBlank()
                    ? parseThreads(property, d.threads(), "ai.djl.pytorch.num_threads")
                    : parseThreads(System.getenv("MACRONET_THREADS"), d.threads(), "MACRONET_THREADS");
            int interop = parseThreads(System.getProperty("ai.djl.pytorch.num_interop_threads"), d.interopThreads(),
                    "ai.djl.pytorch.num_interop_threads");
            String w = firstNonBlank(System.getProperty("macronet.workers"), System.getenv("MACRONET_WORKERS"));
            return new Settings(dev, threads, interop, parseWorkers(w));
        }

        /** A number of workers, or 0 for {@code auto} (or nothing). */
        public static int parseWorkers(String s) {
            if (s == null || s.isBlank() || s.strip().equalsIgnoreCase("auto")) {
                return 0;
            }
            try {
                int n = Integer.parseInt(s.strip());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // refused below
            }
            throw new IllegalArgumentException("workers must be a whole number >= 1 or auto, got '" + s + "'");
        }

        /** These settings with another number of training workers (0: automatic). */
        public Settings withWorkers(int w) {
            return new Settings(device, threads, interopThreads, w);
        }

        /** These settings on another device. */
        public Settings withDevice(String d) {
            return new Settings(d, threads, interopThreads, workers);
        }

        /** These settings with another number of intra-op threads. */
        public Settings withThreads(int t) {
            return new Settings(device, t, interopThreads, workers);
        }

        /** The settings in words, e.g. "cpu, 1 thread" (with the training workers when they are fixed). */
        public String describe() {
            return device + ", " + threads + (threads == 1 ? " thread" : " threads")
                    + (workers == 0 ? "" : ", " + workers + (workers == 1 ? " worker" : " workers"));
        }

        /** Whether a GPU is asked for. */
        public boolean gpu() {
            return device.startsWith("gpu");
        }

        /** The GPU's number (0 for plain {@code gpu}); meaningless on the CPU. */
        public int gpuIndex() {
            Matcher m = DEVICE.matcher(device);
            return m.matches() && m.group(1) != null ? Integer.parseInt(m.group(1)) : 0;
        }

        private static String firstNonBlank(String a, String b) {
            return a != null && !a.isBlank() ? a : b;
        }

        private static int parseThreads(String s, int fallback, String name) {
            if (s == null || s.isBlank()) {
                return fallback;
            }
            try {
                return Integer.parseInt(s.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a whole number of threads, got '" + s + "'");
            }
        }
    }

    /**
     * Sets the device, threads and workers for this process. Call it before anything uses the engine; once the
     * engine runs, only its device and threads are accepted (with any number of workers).
     *
     * @throws IllegalStateException when the engine already runs with other settings
     */
    public static synchronized void configure(Settings s) {
        java.util.Objects.requireNonNull(s, "settings");
        // The workers are not the engine's: they may change at any time.
        if (engine != null && !s.withWorkers(0).equals(settings.withWorkers(0))) {
            throw new IllegalStateException("the tensor engine already runs with " + settings.describe()
                    + "; choose the device and threads before anything uses it");
        }
        settings = s;
    }

    /** The settings in force: those {@link #configure}d, else {@link Settings#fromEnvironment()}. */
    public static synchronized Settings settings() {
        if (settings == null) {
            settings = Settings.fromEnvironment();
        }
        return settings;
    }

    /**
     * Starts the engine once with the {@link #settings()}; safe to call repeatedly.
     *
     * @throws IllegalStateException when the native library is missing or cannot be loaded
     * @throws IllegalArgumentException when a GPU is asked for and there is none the engine can use
     */
    public static synchronized Engine start() {
        if (engine != null) {
            return engine;
        }
        Settings s = settings();
        System.setProperty("ai.djl.offline", "true");
        // DJL reads its thread counts once, when the engine loads.
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(s.threads()));
        System.setProperty("ai.djl.pytorch.num_interop_threads", Integer.toString(s.interopThreads()));
        // TorchScript functions (ScriptFunction) run their operations as written: the graph optimiser would
        // fuse them and differentiate the fused graph its own way, and results would depend on it.
        System.setProperty("ai.djl.pytorch.graph_optimizer", "false");
        boolean debug = debug();
        if (!debug && System.getProperty(CUDA_PROBE_LOG) == null) {
            // DJL probes for CUDA while it loads and logs a warning on every machine without a driver.
            System.setProperty(CUDA_PROBE_LOG, "error");
        }
        Engine e;
        try {
            e = Engine.getEngine(ENGINE);
        } catch (RuntimeException ex) {
            throw new IllegalStateException("cannot start the PyTorch engine (native library missing or"
                    + " unloadable): " + ex.getMessage(), ex);
        }
        NativeLog.configure(debug);
        Device d = Device.cpu();
        if (s.gpu()) {
            if (!e.hasCapability(StandardCapabilities.CUDA)) {
                throw new IllegalArgumentException("device " + s.device() + ": this build has the CPU-only PyTorch"
                        + " library (" + e.getVersion() + "); build with -Pcuda on a machine with CUDA (README: GPU)");
            }
            int gpus = e.getGpuCount();
            if (gpus == 0) {
                throw new IllegalArgumentException("device " + s.device() + ": no GPU found (no CUDA device or"
                        + " driver); use --device cpu");
            }
            if (s.gpuIndex() >= gpus) {
                throw new IllegalArgumentException("device " + s.device() + ": there " + (gpus == 1 ? "is 1 GPU"
                        : "are " + gpus + " GPUs") + ", numbered from 0");
            }
            d = Device.gpu(s.gpuIndex());
        }
        device = d;
        engine = e;
        return e;
    }

    /**
     * Data-parallel workers for a training step or an encoding: the {@link Settings#workers()} when set, else 2 where it pays
     * and nothing else uses the cores: the step is {@code parallelWorthIt} (a workload measured to run
     * faster so, e.g. a convolutional network on a batch of at least 32 images), the engine computes on the
     * CPU with one intra-op thread, and the machine has at least two cores; else 1. Results are
     * bit-reproducible for a given number of workers (and threads); another number changes the last bits.
     */
    public static int workers(boolean parallelWorthIt) {
        Settings s = settings();
        if (s.workers() > 0) {
            return s.workers();
        }
        return parallelWorthIt && !s.gpu() && s.threads() == 1 && Runtime.getRuntime().availableProcessors() >= 2
                ? 2 : 1;
    }

    /**
     * Whether a training step that is not split by rows computes its two encoders on two threads at once: when
     * the workers are automatic (an explicit number, 1 included, is taken literally), the engine computes on the
     * CPU with one intra-op thread and the machine has at least two cores. It leaves the results unchanged to the
     * last bit (see {@code macro.TrainingStep}), so only the load on the machine depends on it.
     */
    public static boolean parallelSides() {
        Settings s = settings();
        return s.workers() == 0 && !s.gpu() && s.threads() == 1 && Runtime.getRuntime().availableProcessors() >= 2;
    }

    /** The engine's intra-op thread count setter for the calling thread (the PyTorch engine is runtime-only). */
    private static final MethodHandle SET_THREADS;

    static {
        try {
            SET_THREADS = MethodHandles.publicLookup().findStatic(Class.forName("ai.djl.pytorch.jni.JniUtils"),
                    "setNumThreads", MethodType.methodType(void.class, int.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError("the PyTorch engine's thread setting is missing: " + e);
        }
    }

    /** Whether the calling thread has its engine settings (see {@link #joinThread}). */
    private static final ThreadLocal<Boolean> JOINED = ThreadLocal.withInitial(() -> false);

    /**
     * Gives the calling thread, a thread of our own that computes with the engine, the engine's intra-op thread
     * count: the engine sets it on the thread that starts it, and a thread of its own would otherwise size its
     * own thread pool after the machine (measured: a worker thread then ran the oscillator network's encoder
     * 1.5× slower than the main thread, and a convolutional one to other last bits).
     */
    static void joinThread() {
        if (!JOINED.get()) {
            start();
            try {
                SET_THREADS.invokeExact(settings().threads());
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            JOINED.set(true);
        }
    }

    private static final String CUDA_PROBE_LOG = "org.slf4j.simpleLogger.log.ai.djl.util.cuda";

    /** A new root manager on the chosen device; close it to free every tensor it owns. */
    public static NDManager newManager() {
        Engine e = start();
        synchronized (TensorEngine.class) {
            return e.newBaseManager(device);
        }
    }

    /** The device tensors live on (after {@link #start}). */
    static synchronized Device device() {
        start();
        return device;
    }

    /** Engine name and version, for provenance records. */
    public static String describe() {
        Engine e = start();
        return e.getEngineName() + " " + e.getVersion();
    }

    /**
     * Whether {@code MACRONET_DEBUG} is set (and not 0): the engine's and the JVM's own warnings are then
     * shown, and commands print stack traces.
     */
    public static boolean debug() {
        String v = System.getenv("MACRONET_DEBUG");
        return v != null && !v.isBlank() && !v.strip().equals("0");
    }
}
