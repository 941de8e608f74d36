package org.macronet.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.macronet.data.Npy;
import org.macronet.system.pattern.Morphology;
import org.macronet.system.reaction.GrayScott;
import org.macronet.system.reaction.Sweep;
import org.macronet.system.reaction.SweepConfig;

/**
 * The Turing experiment's paired data: Gray–Scott rules X = (F, k, Du/Dv, Dv) and the v-field each
 * grows, Y (size×size, flattened row-major), with the engine's morphology of every pattern. Produced
 * by a {@link Sweep} over (F, k, Du, Dv) and read back from its folder, so the simulations are done
 * once and reused (and an interrupted generation resumes).
 *
 * @param rules X, one rule per row in {@link #RULE_NAMES} order
 * @param patterns Y, one flattened v-field per row
 * @param families the morphology of every pattern
 * @param wavelengths dominant wavelength of every pattern in cells (NaN when uniform)
 * @param size grid side
 */
public record TuringData(double[][] rules, double[][] patterns, Morphology[] families, double[] wavelengths,
        int size) {

    /** Names of the rule coordinates (the X side). */
    public static final List<String> RULE_NAMES = List.of("F", "k", "Du/Dv", "Dv");

    public int rows() {
        return rules.length;
    }

    /** The rule (F, k, Du/Dv, Dv) of Gray–Scott parameters (F, k, Du, Dv). */
    public static double[] rule(double[] grayScott) {
        return new double[] {grayScott[0], grayScott[1], grayScott[2] / grayScott[3], grayScott[3]};
    }

    /** The Gray–Scott parameters (F, k, Du, Dv) of a rule (F, k, Du/Dv, Dv). */
    public static double[] grayScott(double[] rule) {
        return new double[] {rule[0], rule[1], rule[2] * rule[3], rule[3]};
    }

    /** Runs (or resumes, or finds complete) the sweep in {@code dir} and reads it. */
    public static TuringData generate(SweepConfig sweep, Path dir, int threads, Sweep.Listener listener)
            throws IOException {
        if (!sweep.model().name().equals(GrayScott.NAME)) {
            throw new IllegalArgumentException("the Turing data needs a gray-scott sweep, got " + sweep.model().name());
        }
        new Sweep(sweep, dir).run(threads, listener);
        return read(dir);
    }

    /** Reads a finished Gray–Scott sweep folder (params.npy, patterns.npy, descriptors.csv). */
    public static TuringData read(Path dir) throws IOException {
        for (String f : new String[] {"params.npy", "patterns.npy", "descriptors.csv"}) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                throw new IOException(dir + " is not a finished sweep (no " + f + ")");
            }
        }
        Npy.Array params = Npy.read(dir.resolve("params.npy"));
        Npy.Array fields = Npy.read(dir.resolve("patterns.npy"));
        if (params.shape().length != 2 || params.shape()[1] != 4) {
            throw new IOException(dir.resolve("params.npy") + ": expected [N, 4] Gray–Scott parameters (F, k, Du, Dv), got "
                    + Arrays.toString(params.shape()));
        }
        int n = params.shape()[0];
        if (fields.shape().length != 3 || fields.shape()[0] != n || fields.shape()[1] != fields.shape()[2]) {
            throw new IOException(dir.resolve("patterns.npy") + ": expected [" + n + ", S, S], got "
                    + Arrays.toString(fields.shape()));
        }
        int size = fields.shape()[1];
        int cells = size * size;
        double[][] rules = new double[n][];
        double[][] patterns = new double[n][];
        double[] p = params.data();
        double[] v = fields.data();
        for (int i = 0; i < n; i++) {
            rules[i] = rule(Arrays.copyOfRange(p, 4 * i, 4 * i + 4));
            patterns[i] = Arrays.copyOfRange(v, i * cells, (i + 1) * cells);
        }
        List<String> lines = Files.readAllLines(dir.resolve("descriptors.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        int morph = header.indexOf("morphology");
        int wave = header.indexOf("wavelength");
        if (morph < 0 || wave < 0 || lines.size() != n + 1) {
            throw new IOException(dir.resolve("descriptors.csv") + ": expected " + n + " rows with morphology and wavelength");
        }
        Morphology[] families = new Morphology[n];
        double[] wavelengths = new double[n];
        for (int i = 0; i < n; i++) {
            String[] cells2 = lines.get(i + 1).split(",", -1);
            families[i] = Morphology.valueOf(cells2[morph].toUpperCase(java.util.Locale.ROOT));
            wavelengths[i] = cells2[wave].isEmpty() ? Double.NaN : Double.parseDouble(cells2[wave]);
        }
        return new TuringData(rules, patterns, families, wavelengths, size);
    }
}
