package org.macronet.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The named float32 tensors of a network: trainable parameters and fixed buffers (permutations,
 * ActNorm's "initialised" flag). Owns a long-lived manager; per-step tensors must never be attached
 * to it. Saved as one binary file whose reload is bit-exact.
 */
public final class ParameterSet implements AutoCloseable {
    private static final String MAGIC = "MACRONET-PARAMS-1";

    private final NDManager manager;
    private final Map<String, NDArray> arrays = new LinkedHashMap<>();
    private final Map<String, Boolean> trainable = new LinkedHashMap<>();

    public ParameterSet(NDManager parent) {
        this.manager = parent.newSubManager();
    }

    /** Creates a tensor of the given shape from row-major values. */
    public NDArray create(String name, float[] values, Shape shape, boolean isTrainable) {
        if (arrays.containsKey(name)) {
            throw new IllegalArgumentException("duplicate parameter name: " + name);
        }
        if (values.length != shape.size()) {
            throw new IllegalArgumentException(name + ": " + values.length + " values for shape " + shape);
        }
        NDArray a = manager.create(values, shape);
        a.setName(name);
        if (isTrainable) {
            a.setRequiresGradient(true);
        }
        arrays.put(name, a);
        trainable.put(name, isTrainable);
        return a;
    }

    public NDArray get(String name) {
        NDArray a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no parameter named " + name);
        }
        return a;
    }

    /** Trainable tensors, in creation order. */
    public List<NDArray> trainable() {
        List<NDArray> out = new ArrayList<>();
        arrays.forEach((k, v) -> {
            if (trainable.get(k)) {
                out.add(v);
            }
        });
        return out;
    }

    public Map<String, NDArray> all() {
        return Collections.unmodifiableMap(arrays);
    }

    /** Number of trainable scalars. */
    public long trainableCount() {
        return trainable().stream().mapToLong(a -> a.getShape().size()).sum();
    }

    /** Overwrites a tensor's values in place (keeps its identity, gradient flag and optimizer state key). */
    public void assign(String name, float[] values) {
        NDArray a = get(name);
        if (values.length != a.getShape().size()) {
            throw new IllegalArgumentException(name + ": " + values.length + " values for shape " + a.getShape());
        }
        a.set(values);
    }

    /** A deep copy of all values, e.g. the best model seen during training. */
    public Map<String, float[]> snapshot() {
        Map<String, float[]> snap = new LinkedHashMap<>();
        arrays.forEach((k, v) -> snap.put(k, v.toFloatArray()));
        return snap;
    }

    public void restore(Map<String, float[]> snapshot) {
        for (var e : snapshot.entrySet()) {
            assign(e.getKey(), e.getValue());
        }
    }

    /** Writes every tensor (name, shape, raw float bits). */
    public void save(Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeUTF(MAGIC);
            out.writeInt(arrays.size());
            for (var e : arrays.entrySet()) {
                NDArray a = e.getValue();
                out.writeUTF(e.getKey());
                out.writeBoolean(trainable.get(e.getKey()));
                long[] shape = a.getShape().getShape();
                out.writeInt(shape.length);
                for (long s : shape) {
                    out.writeLong(s);
                }
                for (float f : a.toFloatArray()) {
                    out.writeInt(Float.floatToRawIntBits(f));
                }
            }
        }
    }

    /**
     * Loads values saved by {@link #save} into this set, which must have been built with the same
     * architecture (same names and shapes).
     */
    public void load(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            String magic = in.readUTF();
            if (!MAGIC.equals(magic)) {
                throw new IOException(file + " is not a MacroNet parameter file");
            }
            int n = in.readInt();
            if (n != arrays.size()) {
                throw new IOException(file + " holds " + n + " tensors, the network has " + arrays.size());
            }
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                in.readBoolean();
                int rank = in.readInt();
                long[] shape = new long[rank];
                for (int r = 0; r < rank; r++) {
                    shape[r] = in.readLong();
                }
                NDArray target = arrays.get(name);
                if (target == null || !target.getShape().equals(new Shape(shape))) {
                    throw new IOException(file + ": tensor " + name + " " + new Shape(shape)
                            + " does not match the network");
                }
                float[] v = new float[Math.toIntExact(new Shape(shape).size())];
                for (int j = 0; j < v.length; j++) {
                    v[j] = Float.intBitsToFloat(in.readInt());
                }
                target.set(v);
            }
        }
    }

    public NDManager manager() {
        return manager;
    }

    static void checkFloat(NDArray a) {
        if (a.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("expected float32, got " + a.getDataType());
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
