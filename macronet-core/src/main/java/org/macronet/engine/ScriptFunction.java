package org.macronet.engine;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A tensor function written in TorchScript and compiled by the engine at run time: one engine call runs
 * all its operations, instead of one call (with its fixed cost of a few microseconds) per operation. The
 * operations are the engine's own, run one by one without graph optimisation ({@link TensorEngine} turns
 * the optimiser off), so results and gradients are bit for bit those of the same operations called one
 * at a time; gradients are recorded when the call happens inside a gradient collector.
 *
 * <p>The source is the body of a module class in TorchScript's serialized form: its methods take and
 * return tensors only. It is packed into the engine's archive format in memory (no file is written and
 * nothing but the source is needed) and compiled once per process: functions hold no tensors and are
 * shared (e.g. by every flow of one architecture).
 */
public final class ScriptFunction {
    private static final Map<String, ScriptFunction> COMPILED = new ConcurrentHashMap<>();

    /** Kept referenced: the engine frees the compiled module with its model. */
    private final Model model;
    private final Block block;
    /** Whether the block was initialised: set once, by the first call (see {@link #call}). */
    private volatile boolean initialized;

    private ScriptFunction(Model model) {
        this.model = model;
        this.block = model.getBlock();
    }

    /**
     * The compiled module class, compiled on first request.
     *
     * @param className the class's name (letters and digits)
     * @param methods the class body after its attribute declarations: a {@code def forward(self, ...)}
     *     taking and returning tensors (a tuple of tensors for several results), and any helpers
     * @throws IllegalStateException when the engine cannot compile the source
     */
    public static ScriptFunction of(String className, String methods) {
        return COMPILED.computeIfAbsent(className + "\n" + methods, k -> compile(className, methods));
    }

    private static ScriptFunction compile(String className, String methods) {
        if (!className.matches("[A-Za-z][A-Za-z0-9]*")) {
            throw new IllegalArgumentException("not a class name: " + className);
        }
        TensorEngine.start();
        String source = "class " + className + "(Module):\n"
                + "  __parameters__ = []\n"
                + "  __buffers__ = []\n"
                + "  training : bool\n"
                + "  _is_full_backward_hook : Optional[bool]\n"
                + methods;
        Model model = Model.newInstance(className, TensorEngine.device(), TensorEngine.ENGINE);
        try {
            model.load(new ByteArrayInputStream(archive(className, source)));
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new IllegalStateException("the engine could not compile " + className + ": " + e.getMessage(), e);
        }
        return new ScriptFunction(model);
    }

    /** Runs {@code forward} on the inputs; the results belong to the first input's manager. */
    public NDList call(NDList inputs) {
        ParameterStore store = new ParameterStore(inputs.head().getManager(), false);
        if (!initialized) {
            // The engine's block initialises itself on its first call, which is not safe from two threads at once
            // (two data-parallel workers' first step failed with an ArrayIndexOutOfBoundsException inside it).
            synchronized (this) {
                if (!initialized) {
                    block.initialize(store.getManager(), DataType.FLOAT32, inputs.getShapes());
                    initialized = true;
                }
            }
        }
        // "training" only means: do not switch gradient recording off (it stays as the caller has it).
        return block.forward(store, inputs, true);
    }

    /** Inputs the engine's block was initialised with (tests: one initialisation, whoever called first). */
    int initialisedInputs() {
        return block.describeInput().size();
    }

    /** The engine's archive of a module without tensors: its pickled object, code and constants. */
    private static byte[] archive(String className, String source) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            String dir = "archive/";
            stored(zip, dir + "data.pkl", pickledModule(className));
            stored(zip, dir + "code/__torch__.py", source.getBytes(StandardCharsets.UTF_8));
            stored(zip, dir + "constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
            stored(zip, dir + ".data/version", "10\n".getBytes(StandardCharsets.US_ASCII));
        }
        return bytes.toByteArray();
    }

    /**
     * Pickle (protocol 2) of an instance of {@code __torch__.className} whose state holds its two
     * declared attributes: training = True, _is_full_backward_hook = None.
     */
    private static byte[] pickledModule(String className) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(0x80);
        p.write(2);
        p.writeBytes(("c__torch__\n" + className + "\n").getBytes(StandardCharsets.US_ASCII));
        p.writeBytes(new byte[] {'q', 0, ')', (byte) 0x81, '}', '('});
        binUnicode(p, "training");
        p.writeBytes(new byte[] {'q', 1, (byte) 0x88});
        binUnicode(p, "_is_full_backward_hook");
        p.writeBytes(new byte[] {'q', 2, 'N', 'u', 'b', 'q', 3, '.'});
        return p.toByteArray();
    }

    private static void binUnicode(ByteArrayOutputStream p, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        p.write('X');
        for (int i = 0; i < 4; i++) {
            p.write((b.length >>> (8 * i)) & 0xff);
        }
        p.writeBytes(b);
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }
}
