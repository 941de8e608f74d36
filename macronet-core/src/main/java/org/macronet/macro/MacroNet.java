package org.macronet.macro;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.macronet.Version;
import org.macronet.engine.Autograd;
import org.macronet.engine.TensorEngine;
import org.macronet.engine.Workers;
import org.macronet.flow.FlowResult;
import org.macronet.flow.InvertibleLayer;
import org.macronet.flow.ParameterSet;
import org.macronet.random.Seeds;

/**
 * A MacroNet model: one invertible encoder per observation, F_X(x) = (m_X, z_X) and
 * F_Y(y) = (m_Y, z_Y), whose first k outputs are the macrostate.
 *
 * <p>All public methods take and return plain Java arrays in the user's units; tensors never leak.
 * Close the model to free its native memory.
 */
public final class MacroNet implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final MacroNetConfig config;
    private final NDManager manager;
    private final Encoder encoderX;
    private final Encoder encoderY;
    private boolean warmStarted;
    /** Workers of {@link #encode}, fixed (tests); 0 for the engine's choice. */
    int encodeWorkers;

    /** A fresh, untrained model; its initial weights depend only on {@code config.seed()}. */
    public MacroNet(MacroNetConfig config) {
        this(config, "");
    }

    /** A fresh model whose initial weights come from the streams "init.x" + salt and "init.y" + salt. */
    MacroNet(MacroNetConfig config, String initSalt) {
        this.config = config;
        this.manager = TensorEngine.newManager();
        this.encoderX = newEncoder(config.flowX(), "x", config.dimX(), initSalt);
        this.encoderY = newEncoder(config.flowY(), "y", config.dimY(), initSalt);
    }

    private Encoder newEncoder(org.macronet.flow.DenseFlowSpec spec, String name, int dim, String salt) {
        ParameterSet params = new ParameterSet(manager);
        SplittableRandom rng = Seeds.stream(config.seed(), "init." + name + salt);
        ImageEncoderSpec image = name.equals("y") ? config.imageY() : null;
        if (image != null && image.flow() != null) {
            InvertibleLayer flow = image.flow().build(params, name, image.channels(), image.height(), image.width(), rng);
            return new Encoder(params, flow, dim, new long[] {image.channels(), image.height(), image.width()}, true);
        }
        return new Encoder(params, spec.build(params, name, dim, rng), dim, null, image != null);
    }

    public MacroNetConfig config() {
        return config;
    }

    Encoder encoder(Side side) {
        return side == Side.X ? encoderX : encoderY;
    }

    NDManager manager() {
        return manager;
    }

    public int macroDims() {
        return config.macroDims();
    }

    /** Number of trainable scalars of both encoders. */
    public long parameterCount() {
        return encoderX.params.trainableCount() + encoderY.params.trainableCount();
    }

    /** The standardiser of one side's observations (fitted in training). */
    public Standardizer standardizer(Side side) {
        requireFitted();
        return encoder(side).standardizer;
    }

    /**
     * Starts this untrained model from the weights and standardisers of a trained one with the same sides
     * and networks (its K may differ: the networks do not depend on K). Training then continues from
     * there, without a new data-dependent initialisation or screening: this is how a model with K + 1
     * coordinates grows from one with K (see org.macronet.discovery.MacroDiscovery).
     *
     * @throws IllegalArgumentException when the two models' sides or networks differ
     */
    public void startFrom(MacroNet trained) {
        MacroNetConfig o = trained.config();
        if (o.dimX() != config.dimX() || o.dimY() != config.dimY() || !o.flowX().equals(config.flowX())
                || !o.flowY().equals(config.flowY()) || !java.util.Objects.equals(o.imageY(), config.imageY())) {
            throw new IllegalArgumentException("cannot start from a model with other sides or networks");
        }
        trained.requireFitted();
        encoderX.params.restore(trained.encoderX.params.snapshot());
        encoderY.params.restore(trained.encoderY.params.snapshot());
        setStandardizers(trained.encoderX.standardizer, trained.encoderY.standardizer);
        warmStarted = true;
    }

    /** Whether {@link #startFrom} gave this model its weights. */
    boolean warmStarted() {
        return warmStarted;
    }

    public boolean isFitted() {
        return encoderX.standardizer != null && encoderY.standardizer != null;
    }

    void setStandardizers(Standardizer x, Standardizer y) {
        encoderX.standardizer = x;
        encoderY.standardizer = y;
    }

    private void requireFitted() {
        if (!isFitted()) {
            throw new IllegalStateException("the model has not been trained");
        }
    }

    /** The full latent F(x) = (m, z) of each row, shape [N, D]. */
    public double[][] latent(Side side, double[][] rows) {
        requireFitted();
        Encoder e = encoder(side);
        int d = e.dim;
        double[][] out = new double[rows.length][];
        for (int start = 0; start < rows.length; start += e.chunkRows()) {
            int n = Math.min(e.chunkRows(), rows.length - start);
            double[][] part = java.util.Arrays.copyOfRange(rows, start, start + n);
            try (NDManager m = manager.newSubManager()) {
                NDArray x = m.create(e.standardizer.apply(part), new Shape(n, d));
                float[] z = e.transform(x).toFloatArray();
                for (int i = 0; i < n; i++) {
                    double[] r = new double[d];
                    for (int j = 0; j < d; j++) {
                        r[j] = z[i * d + j];
                    }
                    out[start + i] = r;
                }
            }
        }
        return out;
    }

    /**
     * The macrostate m (first k latent coordinates) of each row, shape [N, k]. For a periodic image (see
     * {@link ImageEncoderSpec#periodic()}), the mean of m over the image's {@link ImageEncoderSpec#SHIFTS}
     * averaging shifts.
     */
    public double[][] encode(Side side, double[][] rows) {
        int k = config.macroDims();
        ImageEncoderSpec image = side == Side.Y ? config.imageY() : null;
        int[][] shifts = image != null && image.periodic() ? image.averagingShifts() : new int[][] {{0, 0}};
        // The shifts' latents on data-parallel workers (a convolutional encoder's, see TensorEngine.workers),
        // added in the shifts' order: the same bits whatever the number of workers.
        int workers = shifts.length == 1 ? 1 : Math.min(shifts.length, encodeWorkers > 0 ? encodeWorkers
                : TensorEngine.workers(image.flow() != null && rows.length >= 16));
        double[][][] macro = new double[shifts.length][][];
        Workers.run(workers, w -> {
            try (Autograd.Recording off = Autograd.pause()) {
                for (int s = w; s < shifts.length; s += workers) {
                    int[] sh = shifts[s];
                    double[][] z = latent(side, sh[0] == 0 && sh[1] == 0 ? rows : shifted(rows, image, sh[0], sh[1]));
                    for (int i = 0; i < z.length; i++) {
                        z[i] = java.util.Arrays.copyOf(z[i], k);
                    }
                    macro[s] = z;
                }
            }
            return null;
        });
        double[][] m = new double[rows.length][k];
        for (double[][] z : macro) {
            for (int i = 0; i < z.length; i++) {
                for (int j = 0; j < k; j++) {
                    m[i][j] += z[i][j] / shifts.length;
                }
            }
        }
        return m;
    }

    private static double[][] shifted(double[][] rows, ImageEncoderSpec image, int dy, int dx) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            double[] o = new double[rows[i].length];
            for (int v = 0; v < o.length; v++) {
                o[image.shiftedIndex(v, dy, dx)] = rows[i][v];
            }
            out[i] = o;
        }
        return out;
    }

    /**
     * Inverse design: n microstates of one side whose macrostate is {@code target}, x = F⁻¹([m*, z])
     * with z ~ N(0, T²·I).
     *
     * @param temperature T &gt; 0 (1 samples the learned distribution; &lt; 1 trims the tails)
     * @return designed rows in the user's units, shape [n, D]
     */
    public double[][] design(Side side, double[] target, int n, double temperature, SplittableRandom rng) {
        requireFitted();
        int k = config.macroDims();
        if (target.length != k) {
            throw new IllegalArgumentException("target macrostate has " + target.length + " values, the model has k=" + k);
        }
        if (!(temperature > 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        if (n < 1) {
            throw new IllegalArgumentException("number of designs must be >= 1, got " + n);
        }
        Encoder e = encoder(side);
        int d = e.dim;
        float[] latent = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                latent[i * d + j] = j < k ? (float) target[j] : (float) (temperature * Seeds.gaussian(rng));
            }
        }
        try (NDManager m = manager.newSubManager()) {
            float[] x = e.inverse(m.create(latent, new Shape(n, d))).toFloatArray();
            return e.standardizer.invert(x, n);
        }
    }

    /**
     * Mean over rows of |∂m_i/∂x_j|, in the user's units of x_j, shape [k, D].
     */
    public double[][] meanAbsMacroGradient(Side side, double[][] rows) {
        requireFitted();
        Encoder e = encoder(side);
        int d = e.dim;
        int k = config.macroDims();
        double[][] acc = new double[k][d];
        for (int start = 0; start < rows.length; start += e.chunkRows()) {
            int n = Math.min(e.chunkRows(), rows.length - start);
            double[][] part = java.util.Arrays.copyOfRange(rows, start, start + n);
            try (NDManager m = manager.newSubManager()) {
                NDArray x = m.create(e.standardizer.apply(part), new Shape(n, d));
                x.setRequiresGradient(true);
                for (int i = 0; i < k; i++) {
                    try (GradientCollector gc = TensorEngine.start().newGradientCollector()) {
                        FlowResult r = e.forward(x);
                        gc.backward(r.output().get(new NDIndex(":, " + i)).sum());
                    }
                    NDArray g = x.getGradient();
                    g.attach(m);
                    float[] gv = g.toFloatArray();
                    for (int row = 0; row < n; row++) {
                        for (int j = 0; j < d; j++) {
                            acc[i][j] += Math.abs(gv[row * d + j]) / e.standardizer.std()[j];
                        }
                    }
                    g.set(Adam.ALL, 0f);
                }
            }
        }
        for (double[] a : acc) {
            for (int j = 0; j < d; j++) {
                a[j] /= rows.length;
            }
        }
        return acc;
    }

    /** Writes model.json (configuration, version, standardisers) and the weights of both encoders. */
    public void save(Path dir) throws IOException {
        save(dir, null);
    }

    /**
     * Like {@link #save(Path)}, with a description of the training data (e.g. file names, row count,
     * column names) stored under "data" in model.json.
     */
    public void save(Path dir, Map<String, ?> data) throws IOException {
        requireFitted();
        Files.createDirectories(dir);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("format", "macronet-model");
        meta.put("version", Version.VERSION);
        meta.put("engine", TensorEngine.describe());
        meta.put("config", config);
        meta.put("standardizer_x", encoderX.standardizer);
        meta.put("standardizer_y", encoderY.standardizer);
        if (data != null) {
            meta.put("data", data);
        }
        encoderX.params.save(dir.resolve("x.params"));
        encoderY.params.save(dir.resolve("y.params"));
        JSON.writeValue(dir.resolve("model.json").toFile(), meta);
    }

    /** Reloads a model saved by {@link #save}; its outputs are bit-identical to the saved model's. */
    public static MacroNet load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": no such model folder");
        }
        Path json = dir.resolve("model.json");
        if (!Files.isRegularFile(json)) {
            throw new IOException(dir + " is not a MacroNet model folder (no model.json)");
        }
        com.fasterxml.jackson.databind.JsonNode tree;
        try {
            tree = JSON.readTree(json.toFile());
        } catch (IOException e) {
            throw new IOException(json + " is corrupted (not valid JSON)", e);
        }
        if (!"macronet-model".equals(tree.path("format").asText())) {
            throw new IOException(json + " is not a MacroNet model description");
        }
        String version = tree.path("version").asText();
        if (!Version.VERSION.equals(version)) {
            throw new IOException("model in " + dir + " was written by MacroNet " + version + ", this is " + Version.VERSION);
        }
        MacroNetConfig config;
        Standardizer stx;
        Standardizer sty;
        try {
            config = JSON.treeToValue(tree.get("config"), MacroNetConfig.class);
            stx = JSON.treeToValue(tree.get("standardizer_x"), Standardizer.class);
            sty = JSON.treeToValue(tree.get("standardizer_y"), Standardizer.class);
            if (config == null || stx == null || sty == null || stx.mean().length != config.dimX()
                    || sty.mean().length != config.dimY()) {
                throw new IOException("missing or inconsistent entries");
            }
        } catch (IOException | RuntimeException e) {
            throw new IOException(json + " is corrupted (" + firstLine(e) + ")", e);
        }
        MacroNet net = new MacroNet(config);
        try {
            net.encoderX.params.load(dir.resolve("x.params"));
            net.encoderY.params.load(dir.resolve("y.params"));
            net.setStandardizers(stx, sty);
        } catch (IOException | RuntimeException e) {
            net.close();
            throw new IOException("the weights in " + dir + " are missing or corrupted (" + firstLine(e) + ")", e);
        }
        return net;
    }

    private static String firstLine(Exception e) {
        if (e instanceof java.io.EOFException) {
            return "a file ends too early: truncated";
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    @Override
    public void close() {
        manager.close();
    }
}
