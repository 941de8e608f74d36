package org.macronet.macro;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.macronet.data.AtomicFiles;

/**
 * Everything a training run needs to continue exactly where it stopped: weights of both encoders,
 * Adam's moments and step count, the next epoch, the global step, the learning-rate scale left by
 * rollbacks, the best weights so far and their epoch, the history, and fingerprints of the data and
 * configuration it belongs to. The shuffle needs no state: each epoch's order derives from
 * (seed, epoch). Written as one binary file, atomically (temporary file + rename), so a kill leaves
 * either the previous checkpoint or the new one.
 */
record TrainingCheckpoint(long configHash, long dataHash, int nextEpoch, long globalStep, double lrScale,
        int rollbacks, boolean stoppedEarly, int bestEpoch, double bestVal, List<EpochRecord> history,
        Map<String, float[]> weightsX, Map<String, float[]> weightsY, Map<String, float[]> bestX,
        Map<String, float[]> bestY, long adamSteps, List<float[]> adamMeans, List<float[]> adamVariances) {

    static final String FILE = "state.bin";
    private static final String MAGIC = "MACRONET-CHECKPOINT-1";

    static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        AtomicFiles.write(dir.resolve(FILE), raw -> {
            DataOutputStream out = new DataOutputStream(raw);
            out.writeUTF(MAGIC);
            out.writeLong(configHash);
            out.writeLong(dataHash);
            out.writeInt(nextEpoch);
            out.writeLong(globalStep);
            out.writeDouble(lrScale);
            out.writeInt(rollbacks);
            out.writeBoolean(stoppedEarly);
            out.writeInt(bestEpoch);
            out.writeDouble(bestVal);
            out.writeInt(history.size());
            for (EpochRecord r : history) {
                out.writeInt(r.epoch());
                for (double v : new double[] {r.lambda(), r.learningRate(), r.trainLoss(), r.trainMatch(), r.valLoss(),
                        r.valMatch(), r.valNllX(), r.valNllY(), r.maxGradNorm()}) {
                    out.writeDouble(v);
                }
                out.writeInt(r.skippedSteps());
                out.writeDouble(r.seconds());
            }
            writeMap(out, weightsX);
            writeMap(out, weightsY);
            out.writeBoolean(bestX != null);
            if (bestX != null) {
                writeMap(out, bestX);
                writeMap(out, bestY);
            }
            out.writeLong(adamSteps);
            writeList(out, adamMeans);
            writeList(out, adamVariances);
            out.flush();
        });
    }

    /**
     * Reads the checkpoint of a folder.
     *
     * @throws IllegalArgumentException when there is none or it is unreadable
     */
    static TrainingCheckpoint read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no checkpoint to resume from in " + dir);
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (!MAGIC.equals(in.readUTF())) {
                throw new IOException("not a checkpoint of this MacroNet version");
            }
            long configHash = in.readLong();
            long dataHash = in.readLong();
            int nextEpoch = in.readInt();
            long globalStep = in.readLong();
            double lrScale = in.readDouble();
            int rollbacks = in.readInt();
            boolean stoppedEarly = in.readBoolean();
            int bestEpoch = in.readInt();
            double bestVal = in.readDouble();
            int n = in.readInt();
            List<EpochRecord> history = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int epoch = in.readInt();
                double[] v = new double[9];
                for (int j = 0; j < v.length; j++) {
                    v[j] = in.readDouble();
                }
                history.add(new EpochRecord(epoch, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], in.readInt(),
                        in.readDouble()));
            }
            Map<String, float[]> wx = readMap(in);
            Map<String, float[]> wy = readMap(in);
            Map<String, float[]> bx = null;
            Map<String, float[]> by = null;
            if (in.readBoolean()) {
                bx = readMap(in);
                by = readMap(in);
            }
            long adamSteps = in.readLong();
            List<float[]> m = readList(in);
            List<float[]> v = readList(in);
            return new TrainingCheckpoint(configHash, dataHash, nextEpoch, globalStep, lrScale, rollbacks, stoppedEarly,
                    bestEpoch, bestVal, history, wx, wy, bx, by, adamSteps, m, v);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("checkpoint " + file + " is unreadable (" + e + ")", e);
        }
    }

    private static void writeMap(DataOutputStream out, Map<String, float[]> m) throws IOException {
        out.writeInt(m.size());
        for (var e : m.entrySet()) {
            out.writeUTF(e.getKey());
            writeFloats(out, e.getValue());
        }
    }

    private static Map<String, float[]> readMap(DataInputStream in) throws IOException {
        int n = in.readInt();
        Map<String, float[]> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            m.put(in.readUTF(), readFloats(in));
        }
        return m;
    }

    private static void writeList(DataOutputStream out, List<float[]> l) throws IOException {
        out.writeInt(l.size());
        for (float[] f : l) {
            writeFloats(out, f);
        }
    }

    private static List<float[]> readList(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<float[]> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            l.add(readFloats(in));
        }
        return l;
    }

    private static void writeFloats(DataOutputStream out, float[] f) throws IOException {
        out.writeInt(f.length);
        for (float x : f) {
            out.writeInt(Float.floatToRawIntBits(x));
        }
    }

    private static float[] readFloats(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1 << 28) {
            throw new IOException("implausible tensor length " + n);
        }
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = Float.intBitsToFloat(in.readInt());
        }
        return f;
    }
}
