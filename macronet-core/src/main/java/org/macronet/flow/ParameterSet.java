package org.macronet.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
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
import org.macronet.engine.Tensors;

/**
 * The named float32 tensors of a network: trainable parameters and fixed buffers (permutations,
 * ActNorm's "initialised" flag). Owns a long-lived manager; per-step tensors must never be attached
 * to it. Saved as one binary file whose reload is bit-exact.
 *
 * <p>All trainable values live in one flat buffer ({@link #trainableValues()}), so that an optimizer
 * updates a whole network with one engine call. Layers reach their parameters through
 * {@link Parameter#value(NDArray)}: within the scope of a batch (the batch's {@link NDManager}) every
 * parameter is a view of one per-scope leaf tensor that shares the buffer's memory and records gradients,
 * so that one backward pass leaves the gradient of the whole network in one flat tensor
 * ({@link #gradient(NDManager)}). The buffer holds the parameters in creation order, except that a layer
 * may {@link #arrange} its own parameters (e.g. those of one kind next to each other, to cut them with one
 * engine call); everything else (listing, saving, optimizer state) follows the creation order. The layout
 * is fixed once the first value is read (creating a trainable parameter later rebuilds it).
 */
public final class ParameterSet implements AutoCloseable {
    private static final String MAGIC = "MACRONET-PARAMS-1";

    private final NDManager manager;
    private final Map<String, Parameter> byName = new LinkedHashMap<>();
    /** Trainable parameters in creation order. */
    private final List<Parameter> trainables = new ArrayList<>();
    /** Groups laid out together, in the given order (see {@link #arrange}). */
    private final List<List<Parameter>> arranged = new ArrayList<>();
    /** Trainable parameters in the flat buffer's order; set with the buffer. */
    private List<Parameter> layout;
    /** Runs of consecutive (in the layout) parameters of one size: {first layout index, count, size}. */
    private List<long[]> runs;
    private long trainableSize;
    /** All trainable values in creation order; null until first needed. */
    private NDArray flat;
    /** Per-scope leaves (at most a few: scopes close after each batch). */
    private final List<Binding> bindings = new ArrayList<>();

    /**
     * A tensor of the set. Layers keep the handle and ask for the tensor each time they compute, with
     * {@link #value(NDArray)}.
     */
    public static final class Parameter {
        private final ParameterSet set;
        private final String name;
        private final Shape shape;
        private final boolean trainable;
        /** Index among the trainable parameters in creation order, or -1. */
        private final int index;
        /** Position in the flat buffer and index in its layout (trainable, once the buffer exists). */
        private long offset = -1;
        private int slot = -1;
        /** Initial values until the flat buffer exists (trainable). */
        private float[] initial;
        /** The stored tensor: a view of the flat buffer (trainable) or a tensor of its own (buffer). */
        private NDArray stored;

        private Parameter(ParameterSet set, String name, Shape shape, boolean trainable, int index) {
            this.set = set;
            this.name = name;
            this.shape = shape;
            this.trainable = trainable;
            this.index = index;
        }

        public String name() {
            return name;
        }

        public Shape shape() {
            return shape;
        }

        public boolean trainable() {
            return trainable;
        }

        /**
         * The tensor to compute with on {@code batch}: for a trainable parameter a view that records
         * gradients into the set's per-scope leaf and is freed with the batch's manager; for a buffer the
         * stored tensor itself (on the set's manager).
         */
        public NDArray value(NDArray batch) {
            return trainable ? set.binding(batch.getManager()).view(this) : stored;
        }
    }

    /** The leaf of one scope: an alias of the flat buffer that records gradients, and views of it. */
    private final class Binding {
        final NDManager scope;
        final NDArray leaf;
        /** One piece per trainable parameter, cut at the first request (one engine call for all). */
        NDList pieces;
        final NDArray[] views;

        Binding(NDManager scope) {
            this.scope = scope;
            NDArray a = flat().stopGradient();
            a.attach(scope);
            a.setRequiresGradient(true);
            this.leaf = a;
            this.views = new NDArray[trainables.size()];
        }

        NDArray view(Parameter p) {
            NDArray v = views[p.index];
            if (v == null) {
                if (pieces == null) {
                    // One split (not a slice per piece): the leaf's gradient is then the pieces' gradients
                    // side by side, not a zero-filled copy of the whole buffer per parameter, added up.
                    long[] sizes = new long[layout.size()];
                    for (int i = 0; i < sizes.length; i++) {
                        sizes[i] = layout.get(i).shape.size();
                    }
                    pieces = Tensors.split(leaf, sizes, 0);
                }
                v = pieces.get(p.slot);
                if (p.shape.dimension() != 1) {
                    v = v.reshape(p.shape);
                }
                views[p.index] = v;
            }
            return v;
        }
    }

    public ParameterSet(NDManager parent) {
        this.manager = parent.newSubManager();
    }

    private static NDArray slice(NDArray a, long from, long length) {
        return a.get(new NDIndex(from + ":" + (from + length)));
    }

    /** Registers a tensor of the given shape with row-major initial values. */
    public Parameter create(String name, float[] values, Shape shape, boolean isTrainable) {
        if (byName.containsKey(name)) {
            throw new IllegalArgumentException("duplicate parameter name: " + name);
        }
        if (values.length != shape.size()) {
            throw new IllegalArgumentException(name + ": " + values.length + " values for shape " + shape);
        }
        Parameter p;
        if (isTrainable) {
            if (flat != null) {
                unseal();
            }
            p = new Parameter(this, name, shape, true, trainables.size());
            p.initial = values.clone();
            trainables.add(p);
            trainableSize += values.length;
        } else {
            p = new Parameter(this, name, shape, false, -1);
            p.stored = manager.create(values, shape);
            p.stored.setName(name);
        }
        byName.put(name, p);
        return p;
    }

    /**
     * Lays the given trainable parameters of this set out next to each other in the flat buffer, in this
     * order, where the first of them (in creation order) would be. Creation order stays the order of
     * {@link #trainable()}, of saved files and of optimizer state. Call it before the values are first used.
     */
    public synchronized void arrange(List<Parameter> group) {
        for (Parameter p : group) {
            if (p.set != this || !p.trainable) {
                throw new IllegalArgumentException(p.name + " is not a trainable parameter of this set");
            }
            for (List<Parameter> g : arranged) {
                if (g.contains(p)) {
                    throw new IllegalArgumentException(p.name + " is already arranged");
                }
            }
        }
        if (flat != null) {
            unseal();
        }
        arranged.add(List.copyOf(group));
    }

    /** The flat buffer, built from the initial values on first use. */
    private synchronized NDArray flat() {
        if (flat == null) {
            List<Parameter> order = new ArrayList<>(trainables.size());
            java.util.Set<Parameter> placed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (Parameter p : trainables) {
                if (placed.contains(p)) {
                    continue;
                }
                List<Parameter> group = List.of(p);
                for (List<Parameter> g : arranged) {
                    if (g.contains(p)) {
                        group = g;
                    }
                }
                for (Parameter q : group) {
                    order.add(q);
                    placed.add(q);
                }
            }
            long at = 0;
            runs = new ArrayList<>();
            for (int i = 0; i < order.size(); i++) {
                Parameter p = order.get(i);
                p.offset = at;
                p.slot = i;
                at += p.shape.size();
                long[] run = runs.isEmpty() ? null : runs.get(runs.size() - 1);
                if (run != null && run[2] == p.shape.size()) {
                    run[1]++;
                } else {
                    runs.add(new long[] {i, 1, p.shape.size()});
                }
            }
            layout = List.copyOf(order);
            float[] all = new float[Math.toIntExact(trainableSize)];
            for (Parameter p : trainables) {
                System.arraycopy(p.initial, 0, all, (int) p.offset, p.initial.length);
                p.initial = null;
            }
            flat = manager.create(all, new Shape(trainableSize));
            for (Parameter p : trainables) {
                NDArray v = slice(flat, p.offset, p.shape.size());
                p.stored = p.shape.dimension() == 1 ? v : v.reshape(p.shape);
                p.stored.setName(p.name);
            }
        }
        return flat;
    }

    /** Takes the values back out of the flat buffer so that a larger one can be built. */
    private synchronized void unseal() {
        for (Parameter p : trainables) {
            p.initial = p.stored.toFloatArray();
            p.stored.close();
            p.stored = null;
        }
        flat.close();
        flat = null;
        layout = null;
        runs = null;
        bindings.clear();
    }

    private synchronized Binding binding(NDManager scope) {
        Binding found = null;
        for (int i = bindings.size() - 1; i >= 0; i--) {
            Binding b = bindings.get(i);
            if (!b.scope.isOpen()) {
                bindings.remove(i);
            } else if (b.scope == scope) {
                found = b;
            }
        }
        if (found == null) {
            found = new Binding(scope);
            bindings.add(found);
        }
        return found;
    }

    /**
     * The trainable parameters from {@code first} to {@code last} (inclusive, in creation order) as one flat
     * view of the batch's scope, like {@link Parameter#value}: for layers that cut many parameters at once.
     */
    public NDArray span(Parameter first, Parameter last, NDArray batch) {
        if (!first.trainable || !last.trainable || first.set != this || last.set != this) {
            throw new IllegalArgumentException("a span runs between trainable parameters of this set");
        }
        NDArray leaf = binding(batch.getManager()).leaf;
        if (last.offset < first.offset) {
            throw new IllegalArgumentException("a span runs from a parameter to one laid out after it");
        }
        return slice(leaf, first.offset, last.offset + last.shape.size() - first.offset);
    }

    /** The stored tensor of a parameter (for reading and writing values, not for computing). */
    public NDArray get(String name) {
        Parameter p = byName.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter named " + name);
        }
        return stored(p);
    }

    private NDArray stored(Parameter p) {
        if (p.trainable) {
            flat();
        }
        return p.stored;
    }

    /** Stored tensors of the trainable parameters, in creation order (the order of the flat buffer). */
    public List<NDArray> trainable() {
        flat();
        return trainables.stream().map(p -> p.stored).toList();
    }

    /** Stored tensors by name, in creation order. */
    public Map<String, NDArray> all() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        byName.forEach((k, p) -> out.put(k, stored(p)));
        return Collections.unmodifiableMap(out);
    }

    /** Number of trainable scalars. */
    public long trainableCount() {
        return trainableSize;
    }

    /**
     * Every trainable value in one flat tensor, in creation order, sharing memory with the stored tensors
     * and with every scope's views: an optimizer updates it in place. Never replace its storage (e.g. with
     * {@code set(float[])}): write through {@link #assign} instead.
     */
    public NDArray trainableValues() {
        return flat();
    }

    /**
     * The gradient of everything computed on batches of {@code scope} (and of any other open scope) with
     * respect to {@link #trainableValues()}, flat, attached to {@code scope}; zeros when no forward pass
     * recorded one. Gradients accumulate over backward passes within a scope and start from zero in a new one.
     */
    public synchronized NDArray gradient(NDManager scope) {
        NDArray sum = null;
        for (Binding b : bindings) {
            if (b.scope.isOpen()) {
                NDArray g = b.leaf.getGradient();
                g.attach(scope);
                sum = sum == null ? g : sum.add(g);
            }
        }
        return sum != null ? sum : scope.zeros(new Shape(trainableSize), DataType.FLOAT32);
    }

    /**
     * The gradient of what was computed on batches of {@code scope} alone (not of other open scopes), flat,
     * attached to {@code scope}; zeros when no forward pass on that scope recorded one. For workers that each
     * compute on a scope of their own, so that their gradients can be added in a fixed order.
     */
    public synchronized NDArray gradientOf(NDManager scope) {
        for (Binding b : bindings) {
            if (b.scope == scope && scope.isOpen()) {
                NDArray g = b.leaf.getGradient();
                g.attach(scope);
                return g;
            }
        }
        return scope.zeros(new Shape(trainableSize), DataType.FLOAT32);
    }

    /**
     * Σ g² over each trainable tensor's part of a flat gradient ({@link #gradient}), in creation order, each
     * bit for bit what {@code g.square().sum()} gives for that tensor alone: an optimizer can add them in a
     * fixed order for a global norm that does not depend on the layout. A few engine calls and one copy.
     */
    public float[] squaredNorms(NDArray flatGradient) {
        flat();
        if (flatGradient.getShape().dimension() != 1 || flatGradient.getShape().get(0) != trainableSize) {
            throw new IllegalArgumentException("a flat gradient has " + trainableSize + " values, got "
                    + flatGradient.getShape());
        }
        float[] out = new float[trainables.size()];
        if (out.length == 0) {
            return out;
        }
        NDArray sq = flatGradient.square();
        NDList perRun = new NDList(runs.size());
        for (long[] run : runs) {
            long from = layout.get((int) run[0]).offset;
            perRun.add(slice(sq, from, run[1] * run[2]).reshape(run[1], run[2]).sum(new int[] {1}));
        }
        float[] sums = (perRun.size() == 1 ? perRun.get(0) : ai.djl.ndarray.NDArrays.concat(perRun)).toFloatArray();
        for (int i = 0; i < sums.length; i++) {
            out[layout.get(i).index] = sums[i];
        }
        return out;
    }

    /** The values of each trainable tensor in a flat tensor laid out like {@link #trainableValues()}, in creation order. */
    public List<float[]> perTensor(float[] flatValues) {
        flat();
        List<float[]> out = new ArrayList<>(trainables.size());
        for (Parameter p : trainables) {
            out.add(java.util.Arrays.copyOfRange(flatValues, (int) p.offset, (int) (p.offset + p.shape.size())));
        }
        return out;
    }

    /** The inverse of {@link #perTensor}: tensors in creation order into one flat array laid out like the buffer. */
    public float[] flatten(List<float[]> tensors) {
        flat();
        if (tensors.size() != trainables.size()) {
            throw new IllegalArgumentException(tensors.size() + " tensors for " + trainables.size() + " parameters");
        }
        float[] all = new float[Math.toIntExact(trainableSize)];
        for (Parameter p : trainables) {
            float[] v = tensors.get(p.index);
            if (v.length != p.shape.size()) {
                throw new IllegalArgumentException(p.name + ": " + v.length + " values for shape " + p.shape);
            }
            System.arraycopy(v, 0, all, (int) p.offset, v.length);
        }
        return all;
    }

    /** Overwrites a tensor's values in place (keeps its identity and every view of it). */
    public void assign(String name, float[] values) {
        Parameter p = byName.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter named " + name);
        }
        if (values.length != p.shape.size()) {
            throw new IllegalArgumentException(name + ": " + values.length + " values for shape " + p.shape);
        }
        if (p.trainable) {
            NDArray f = flat();
            try (NDManager tmp = manager.newSubManager()) {
                f.set(new NDIndex(p.offset + ":" + (p.offset + values.length)), tmp.create(values));
            }
        } else {
            p.stored.set(values);
        }
    }

    /** A deep copy of all values, e.g. the best model seen during training. */
    public Map<String, float[]> snapshot() {
        Map<String, float[]> snap = new LinkedHashMap<>();
        float[] all = flat().toFloatArray();
        byName.forEach((k, p) -> snap.put(k, p.trainable
                ? java.util.Arrays.copyOfRange(all, (int) p.offset, (int) (p.offset + p.shape.size()))
                : p.stored.toFloatArray()));
        return snap;
    }

    public void restore(Map<String, float[]> snapshot) {
        for (var e : snapshot.entrySet()) {
            assign(e.getKey(), e.getValue());
        }
    }

    /** Writes every tensor (name, shape, raw float bits). */
    public void save(Path file) throws IOException {
        Map<String, float[]> values = snapshot();
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeUTF(MAGIC);
            out.writeInt(byName.size());
            for (Parameter p : byName.values()) {
                out.writeUTF(p.name);
                out.writeBoolean(p.trainable);
                long[] shape = p.shape.getShape();
                out.writeInt(shape.length);
                for (long s : shape) {
                    out.writeLong(s);
                }
                for (float f : values.get(p.name)) {
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
            if (n != byName.size()) {
                throw new IOException(file + " holds " + n + " tensors, the network has " + byName.size());
            }
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                in.readBoolean();
                int rank = in.readInt();
                long[] shape = new long[rank];
                for (int r = 0; r < rank; r++) {
                    shape[r] = in.readLong();
                }
                Parameter target = byName.get(name);
                if (target == null || !target.shape.equals(new Shape(shape))) {
                    throw new IOException(file + ": tensor " + name + " " + new Shape(shape)
                            + " does not match the network");
                }
                float[] v = new float[Math.toIntExact(new Shape(shape).size())];
                for (int j = 0; j < v.length; j++) {
                    v[j] = Float.intBitsToFloat(in.readInt());
                }
                assign(name, v);
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
