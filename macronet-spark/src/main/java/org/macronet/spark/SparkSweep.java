package org.macronet.spark;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SerializableWritable;
import org.apache.spark.TaskContext;
import org.apache.spark.TaskKilledException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.macronet.system.reaction.SweepConfig;
import org.macronet.system.reaction.SweepRecords;

/**
 * Runs a {@link SweepConfig} as a Spark job into a folder of any Hadoop file system, with the same files, byte
 * for byte, as the local {@code Sweep}: every sample is simulated by the same code from the same seeds, and
 * encoded and merged by the same {@link SweepRecords}.
 *
 * <p>The work happens in a hidden sibling of the output, {@code .NAME.partial}: its {@code config.json}
 * first, then one shard per task in {@code sweep.shards/} (see {@link ShardStore}), then the driver merges
 * the shards into params.npy, params.json, patterns.npy and descriptors.csv, deletes the shards and renames
 * the folder to NAME. So the output appears complete or not at all. A run that finds the partial folder of
 * the same sweep (a crash, a kill, a failed job) reuses its finished shards and computes only the others.
 * An existing output, or a partial folder of another sweep, is refused unless {@code force}; with it, the
 * old output is replaced only once the new one is complete.
 */
public final class SparkSweep {
    /** The folder of shards inside the partial output folder. */
    public static final String SHARDS = "sweep.shards";
    /**
     * Test hook (a Spark configuration key): the first attempt of the task of this shard number fails after
     * writing half of its shard; Spark's retry must then produce the same output.
     */
    public static final String FAIL_FIRST_ATTEMPT = "spark.macronet.test.failFirstAttemptOfShard";
    /** Default samples per shard (one Spark task each). */
    public static final int DEFAULT_SHARD_SAMPLES = 25;

    /** Progress of a run, on the driver. */
    public interface Listener {
        /** Before the Spark job: {@code reused} of {@code shards} shards are already done. */
        default void started(int samples, int shards, int reused) {}

        /** A shard has been written; {@code done} of {@code total} shards to compute in this run are. */
        default void shardDone(int done, int total) {}

        /** Every shard is in; merging them into the output files. */
        default void merging() {}
    }

    /** How a run ended: {@code reused} shards came from an earlier run, {@code computed} from this one. */
    public record Summary(int samples, int shards, int reused, int computed, double seconds, String out) {}

    private final SweepConfig config;
    private final SweepRecords records;
    private final int shardSamples;
    private final boolean force;
    private final String outUri;

    /**
     * @param out the output folder: a path or URI of any Hadoop file system the job can reach
     * @param shardSamples samples per shard, ≥ 1; a resumed sweep reuses shards only with the same value
     * @param force replace an existing output, or discard the partial folder of another sweep
     */
    public SparkSweep(SweepConfig config, String out, int shardSamples, boolean force) {
        if (shardSamples < 1) {
            throw new IllegalArgumentException("samples per shard=" + shardSamples + " must be ≥ 1");
        }
        if (out == null || out.isBlank()) {
            throw new IllegalArgumentException("no output folder given");
        }
        this.config = config;
        this.records = new SweepRecords(config);
        this.shardSamples = shardSamples;
        this.force = force;
        this.outUri = out;
    }

    /** The hidden folder where the output is built: {@code .NAME.partial} next to {@code out}. */
    public static Path partial(Path out) {
        return new Path(out.getParent(), "." + out.getName() + ".partial");
    }

    /**
     * Checks, before any Spark work, that the output can be written: IllegalArgumentException (nothing
     * written) if it exists without {@code force}, or if its partial folder holds another sweep.
     *
     * @return true when a partial folder of this sweep will be resumed
     */
    public boolean check(Configuration hadoop) throws IOException {
        Path out = qualified(hadoop);
        FileSystem fs = ShardStore.fileSystem(out, hadoop);
        if (fs.exists(out)) {
            boolean sweep = fs.exists(new Path(out, "config.json"));
            if (!force) {
                String what = sweep && isThisSweep(fs, out) ? "holds this sweep, finished" : "exists";
                throw new IllegalArgumentException("output " + outUri + " already " + what
                        + " (use --force to replace it, or another --out)");
            }
            FileStatus st = fs.getFileStatus(out);
            if (!sweep && (!st.isDirectory() || fs.listStatus(out).length > 0)) {
                throw new IllegalArgumentException("output " + outUri + " exists and is no sweep folder (no config.json):"
                        + " not replacing it, even with --force");
            }
        }
        Path work = partial(out);
        if (!fs.exists(work)) {
            return false;
        }
        Path configFile = new Path(work, "config.json");
        if (fs.exists(configFile)) {
            String difference = records.mismatch(readString(fs, configFile));
            if (difference != null) {
                if (force) {
                    return false;
                }
                throw new IllegalArgumentException(work + " holds an unfinished sweep with another configuration ("
                        + difference + "); use --force to discard it, or another --out");
            }
        }
        return true;
    }

    /** Runs (or resumes) the sweep on {@code sc}; {@link #check} is repeated first. */
    public Summary run(JavaSparkContext sc, Listener listener) throws IOException {
        long t0 = System.nanoTime();
        Configuration hadoop = sc.hadoopConfiguration();
        boolean resume = check(hadoop);
        Path out = qualified(hadoop);
        FileSystem fs = ShardStore.fileSystem(out, hadoop);
        Path work = partial(out);
        Path shardDir = new Path(work, SHARDS);
        String configJson = records.configJson();
        if (!resume && fs.exists(work) && !fs.delete(work, true)) {
            throw new IOException("could not delete " + work);
        }
        List<ShardStore.Shard> plan = ShardStore.plan(config.samples(), shardSamples);
        boolean merged = resume && !fs.exists(shardDir) && allOutputs(fs, work);
        int reused = 0;
        List<Integer> todo = new ArrayList<>();
        if (merged) {
            reused = plan.size(); // a crash between the merge and the final rename
        } else {
            fs.mkdirs(shardDir);
            if (!fs.exists(new Path(work, "config.json"))) {
                writeString(fs, new Path(work, "config.json"), configJson);
            }
            ShardStore store = new ShardStore(fs, shardDir, records.recordBytes(), ShardStore.fingerprint(configJson));
            store.deleteTemporaries();
            for (ShardStore.Shard s : plan) {
                if (store.isComplete(s)) {
                    reused++;
                } else {
                    todo.add(s.number());
                }
            }
        }
        listener.started(config.samples(), plan.size(), reused);
        if (!todo.isEmpty()) {
            compute(sc, plan, todo, work, configJson, listener);
        }
        if (!merged) {
            listener.merging();
            merge(fs, work, shardDir, plan, configJson);
        }
        commit(fs, work, out);
        return new Summary(config.samples(), plan.size(), reused, todo.size(), (System.nanoTime() - t0) * 1e-9,
                out.toString());
    }

    private void compute(JavaSparkContext sc, List<ShardStore.Shard> plan, List<Integer> todo, Path work,
            String configJson, Listener listener) {
        Broadcast<SerializableWritable<Configuration>> conf =
                sc.broadcast(new SerializableWritable<>(sc.hadoopConfiguration()));
        ShardTask task = new ShardTask(new SweepSpec(config, configJson), work.toString(), shardSamples,
                ShardStore.fingerprint(configJson), conf, sc.getConf().getInt(FAIL_FIRST_ATTEMPT, -1));
        Progress progress = new Progress(todo.size(), listener);
        sc.sc().addSparkListener(progress);
        try {
            sc.setJobDescription("macronet sweep: " + todo.size() + " of " + plan.size() + " shards");
            // A failed job cancels its running tasks: interrupt them, so that they stop within a sample.
            sc.setLocalProperty("spark.job.interruptOnCancel", "true");
            List<Integer> written = sc.parallelize(todo, todo.size()).map(task).collect();
            if (written.size() != todo.size()) {
                throw new IllegalStateException(written.size() + " shards written, " + todo.size() + " expected");
            }
        } catch (Exception e) { // also Spark's SparkException, which Scala throws unchecked
            // Return only once the cancelled tasks have ended: none of them writes after this run reports.
            progress.awaitNoneRunning(60_000);
            throw e;
        } finally {
            sc.sc().removeSparkListener(progress);
            conf.destroy();
        }
    }

    /** Writes the output files from the shards (verifying every record), then deletes the shards. */
    private void merge(FileSystem fs, Path work, Path shardDir, List<ShardStore.Shard> plan, String configJson)
            throws IOException {
        ShardStore store = new ShardStore(fs, shardDir, records.recordBytes(), ShardStore.fingerprint(configJson));
        try (ShardStore.Reader reader = store.new Reader(plan, records)) {
            records.writeOutputs(reader, (name, writer) -> {
                try (OutputStream o = new BufferedOutputStream(fs.create(new Path(work, name), true), 1 << 16)) {
                    writer.write(o);
                }
            });
        } catch (ShardStore.DamagedShard e) {
            // Drop it, so that running the sweep again recomputes it.
            fs.delete(store.path(e.shard), false);
            throw new IOException(e.getMessage() + "; it is deleted: run the same sweep again to recompute it", e);
        }
        if (!fs.delete(shardDir, true)) {
            throw new IOException("could not delete " + shardDir);
        }
    }

    /** The partial folder becomes the output (replacing an old one only now, with --force). */
    private void commit(FileSystem fs, Path work, Path out) throws IOException {
        if (fs.exists(out)) {
            if (!force) {
                throw new IllegalArgumentException("output " + outUri + " appeared while the sweep ran; the result is in "
                        + work);
            }
            if (!fs.delete(out, true)) {
                throw new IOException("could not delete the old " + out);
            }
        }
        if (!fs.rename(work, out)) {
            throw new IOException("could not rename " + work + " to " + out);
        }
    }

    private Path qualified(Configuration hadoop) throws IOException {
        Path p = new Path(outUri);
        Path q = p.getFileSystem(hadoop).makeQualified(p);
        if (q.getParent() == null) {
            throw new IllegalArgumentException("output " + outUri + " must be a folder below the root");
        }
        return q;
    }

    private boolean isThisSweep(FileSystem fs, Path dir) throws IOException {
        return records.mismatch(readString(fs, new Path(dir, "config.json"))) == null;
    }

    private static boolean allOutputs(FileSystem fs, Path dir) throws IOException {
        for (String f : SweepRecords.OUTPUTS) {
            if (!fs.exists(new Path(dir, f))) {
                return false;
            }
        }
        return fs.exists(new Path(dir, "config.json"));
    }

    private static String readString(FileSystem fs, Path p) throws IOException {
        try (InputStream in = fs.open(p)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Writes a small file under a temporary name and renames it: it is whole or absent. */
    private static void writeString(FileSystem fs, Path p, String text) throws IOException {
        Path tmp = new Path(p.getParent(), "." + p.getName() + ".tmp");
        try (OutputStream o = fs.create(tmp, true)) {
            o.write(text.getBytes(StandardCharsets.UTF_8));
        }
        if (!fs.rename(tmp, p)) {
            throw new IOException("could not rename " + tmp + " to " + p);
        }
    }

    /** The task of one shard: simulates its samples and writes the shard; runs on an executor. */
    static final class ShardTask implements Function<Integer, Integer> {
        private static final long serialVersionUID = 1L;
        private final SweepSpec spec;
        private final String work;
        private final int shardSamples;
        private final long fingerprint;
        private final Broadcast<SerializableWritable<Configuration>> conf;
        private final int failShard;

        ShardTask(SweepSpec spec, String work, int shardSamples, long fingerprint,
                Broadcast<SerializableWritable<Configuration>> conf, int failShard) {
            this.spec = spec;
            this.work = work;
            this.shardSamples = shardSamples;
            this.fingerprint = fingerprint;
            this.conf = conf;
            this.failShard = failShard;
        }

        @Override
        public Integer call(Integer number) throws IOException {
            SweepConfig c = spec.config();
            SweepRecords records = new SweepRecords(c);
            ShardStore.Shard s = ShardStore.plan(c.samples(), shardSamples).get(number);
            Configuration hadoop = conf.value().value();
            Path dir = new Path(new Path(work), SHARDS);
            ShardStore store = new ShardStore(ShardStore.fileSystem(dir, hadoop), dir, records.recordBytes(),
                    fingerprint);
            TaskContext tc = TaskContext.get();
            String attempt = tc == null ? "driver" : "attempt-" + tc.taskAttemptId();
            boolean fail = number == failShard && tc != null && tc.attemptNumber() == 0;
            store.write(s, records::simulate, attempt, j -> {
                if (tc != null && tc.isInterrupted()) {
                    // The job was cancelled or failed: stop between samples rather than finish the shard.
                    throw new TaskKilledException("cancelled");
                }
                if (fail && j == s.count() / 2) {
                    throw new IllegalStateException("injected failure of the first attempt of shard " + number
                            + " (" + FAIL_FIRST_ATTEMPT + ")");
                }
            });
            return number;
        }
    }

    /** Counts running and finished shard tasks (Spark calls it on its listener thread). */
    private static final class Progress extends SparkListener {
        private final int total;
        private final Listener listener;
        private int done;
        private int running;

        Progress(int total, Listener listener) {
            this.total = total;
            this.listener = listener;
        }

        @Override
        public synchronized void onTaskStart(SparkListenerTaskStart start) {
            running++;
        }

        @Override
        public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
            running--;
            notifyAll();
            if (end.taskInfo() != null && end.taskInfo().successful()) {
                done++;
                listener.shardDone(Math.min(done, total), total);
            }
        }

        /** Waits until no task of the job runs any more, or {@code millis} have passed. */
        synchronized void awaitNoneRunning(long millis) {
            long end = System.currentTimeMillis() + millis;
            try {
                for (long left = millis; running > 0 && left > 0; left = end - System.currentTimeMillis()) {
                    wait(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
