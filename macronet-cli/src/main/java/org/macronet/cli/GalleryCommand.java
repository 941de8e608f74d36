package org.macronet.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.macronet.data.Npy;
import org.macronet.report.FieldImages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code macronet gallery INPUT --out FILE.png}: many patterns in one PNG. */
@Command(name = "gallery", mixinStandardHelpOptions = true,
        description = {"Render a grid of patterns to one PNG.",
            "INPUT is a sweep folder (its patterns.npy, captioned from descriptors.csv) or a .npy file of shape "
            + "[N, H, W] or [H, W]."})
public final class GalleryCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "INPUT", description = "sweep folder or .npy file")
    Path input;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "the PNG to write")
    Path out;

    @Option(names = "--cols", defaultValue = "8", description = "patterns per row (default ${DEFAULT-VALUE})")
    int cols;

    @Option(names = "--max", defaultValue = "64", description = "at most this many patterns, the first ones (default ${DEFAULT-VALUE})")
    int max;

    @Option(names = "--scale", defaultValue = "2", description = "pixels per cell (default ${DEFAULT-VALUE})")
    int scale;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        int shown = write(input, out, cols, max, scale);
        spec.commandLine().getOut().println("gallery of " + shown + " patterns -> " + out);
        return 0;
    }

    /** Renders up to {@code max} patterns of {@code input} to {@code png}; returns how many. */
    static int write(Path input, Path png, int cols, int max, int scale) throws IOException {
        if (cols < 1 || max < 1 || scale < 1 || scale > 64) {
            throw new IllegalArgumentException("--cols, --max must be ≥ 1 and --scale in 1..64 (got cols=" + cols
                    + ", max=" + max + ", scale=" + scale + ")");
        }
        boolean folder = Files.isDirectory(input);
        Path npy = folder ? input.resolve("patterns.npy") : input;
        if (!Files.exists(npy)) {
            throw new IOException(folder ? input + " has no patterns.npy (is the sweep finished?)" : npy + " does not exist");
        }
        Npy.Array a = Npy.read(npy);
        int[] s = a.shape();
        int count;
        int h;
        int w;
        if (s.length == 3) {
            count = s[0];
            h = s[1];
            w = s[2];
        } else if (s.length == 2) {
            count = 1;
            h = s[0];
            w = s[1];
        } else {
            throw new IllegalArgumentException(npy + " has shape " + Arrays.toString(s) + "; a gallery needs [N, H, W] or [H, W]");
        }
        if (count == 0) {
            throw new IllegalArgumentException(npy + " holds no patterns");
        }
        int n = Math.min(count, max);
        float[] all = a.toFloats();
        List<float[]> fields = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            fields.add(Arrays.copyOfRange(all, i * h * w, (i + 1) * h * w));
        }
        List<String> captions = captions(folder ? input.resolve("descriptors.csv") : null, n);
        FieldImages.writePng(FieldImages.gallery(fields, h, w, captions, cols, scale), png);
        return n;
    }

    /** "#i morphology" from a sweep's descriptors.csv, or just "#i". */
    private static List<String> captions(Path csv, int n) throws IOException {
        List<String> out = new ArrayList<>(n);
        List<String> lines = csv != null && Files.exists(csv) ? Files.readAllLines(csv) : List.of();
        int col = lines.isEmpty() ? -1 : Arrays.asList(lines.get(0).split(",")).indexOf("morphology");
        for (int i = 0; i < n; i++) {
            String caption = "#" + i;
            if (col >= 0 && i + 1 < lines.size()) {
                String[] f = lines.get(i + 1).split(",", -1);
                if (col < f.length) {
                    caption += " " + f[col];
                }
            }
            out.add(caption);
        }
        return out;
    }
}
