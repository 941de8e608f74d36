package org.macronet.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.macronet.system.reaction.ReactionModel;
import org.macronet.system.reaction.ReactionModels;
import org.macronet.system.reaction.SweepConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sweep MODEL --range NAME=LO:HI ... --samples N --out URI [--spark MASTER]}: the options of
 * {@code ./macronet sweep}, run as a Spark job ({@link SparkSweep}); the same files, byte for byte.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Sample parameter sets uniformly from ranges (seeded) and simulate them as an Apache Spark job, "
            + "one task per shard of samples.",
            "Writes URI/params.npy, params.json, patterns.npy, descriptors.csv and config.json, byte-identical to "
            + "'./macronet sweep' with the same arguments. The output is built in the hidden folder .NAME.partial "
            + "next to it and appears when complete; running the same command again after a failure reuses the "
            + "finished shards."})
public final class SparkSweepCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "one of: gray-scott, brusselator, schnakenberg, gierer-meinhardt")
    String modelName;

    @Option(names = "--range", paramLabel = "NAME=LO:HI", required = true,
            description = "a swept parameter and its range (repeatable), e.g. --range F=0.01:0.07 --range k=0.045:0.07")
    Map<String, String> ranges = new LinkedHashMap<>();

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "a fixed parameter (repeatable); others keep defaults")
    Map<String, Double> params = new LinkedHashMap<>();

    @Option(names = "--samples", paramLabel = "N", required = true, description = "number of parameter sets")
    int samples;

    @Option(names = "--size", paramLabel = "N", defaultValue = "64", description = "grid side in cells (default ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--steps", paramLabel = "T", description = "time steps per simulation (default: per model)")
    Integer steps;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "root seed of sampling and initial conditions (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--dt", description = "time step (default: stable with a margin for every sample)")
    Double dt;

    @Option(names = "--dx", description = "grid spacing (default: per model)")
    Double dx;

    @Option(names = "--stop-tol", paramLabel = "TOL", defaultValue = "0", description = "early-stop tolerance (0, the default: off)")
    double stopTolerance;

    @Option(names = "--out", paramLabel = "URI", required = true,
            description = "output folder: a local path, or a URI of any Hadoop file system the cluster reaches "
                + "(file://, hdfs://, s3a://); on a cluster, use a file system every executor shares")
    String out;

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "the Spark master: local[N] (this machine, N cores), spark://HOST:PORT, yarn, k8s://...; "
                + "default: the master spark-submit was given")
    String master;

    @Option(names = "--force", description = "replace --out if it exists, or discard an unfinished sweep with other settings")
    boolean force;

    @Option(names = "--shard-samples", paramLabel = "S", defaultValue = "" + SparkSweep.DEFAULT_SHARD_SAMPLES,
            description = "samples per shard, i.e. per Spark task (default ${DEFAULT-VALUE}); a resumed sweep reuses "
                + "the shards of a run with the same value")
    int shardSamples;

    @Option(names = "--threads", hidden = true)
    Integer threads;

    @Option(names = "--gallery", hidden = true)
    boolean gallery;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (threads != null) {
            throw new IllegalArgumentException("--threads does not apply to a Spark sweep: the master sets the cores "
                    + "(e.g. --spark local[4])");
        }
        if (gallery) {
            throw new IllegalArgumentException("a Spark sweep makes no gallery: run './macronet gallery " + out
                    + " --out gallery.png' once it is done");
        }
        ReactionModel model = ReactionModels.byName(modelName);
        SweepConfig c = new SweepConfig(model, model.withValues(params), SweepConfig.parseRanges(ranges), samples, size,
                steps != null ? steps : model.defaultSteps(size), dt != null ? dt : Double.NaN,
                dx != null ? dx : Double.NaN, seed, stopTolerance);
        // Everything that can be refused is checked before Spark starts (nothing is written, nothing is logged).
        String m = master != null ? master : System.getProperty("spark.master"); // spark-submit sets the property
        if (m == null || m.isBlank()) {
            throw new IllegalArgumentException("no Spark master: give --spark MASTER (local[N], spark://HOST:PORT, "
                    + "yarn, k8s://https://HOST:PORT), or submit with spark-submit --master");
        }
        checkMasterSyntax(m);
        SparkSweep job = new SparkSweep(c, out, shardSamples, force);
        job.check(hadoopConfiguration(System.getProperties()));
        checkReachable(m);

        SparkConf conf = new SparkConf(); // with the spark.* properties spark-submit sets
        conf.setMaster(m);
        if (m.startsWith("local")) {
            conf.setIfMissing("spark.ui.enabled", "false");
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        conf.setIfMissing("spark.app.name", "macronet sweep " + model.name() + " x" + samples);
        PrintWriter err = spec.commandLine().getErr();
        JavaSparkContext sc;
        try {
            sc = new JavaSparkContext(conf);
        } catch (Exception | LinkageError e) {
            throw new IOException("cannot start Spark with master " + m + ": " + SparkSweepMain.firstLine(
                    e.getMessage() == null ? e.toString() : e.getMessage()), e);
        }
        SparkSweep.Summary s;
        try {
            s = job.run(sc, new Progress(err));
        } catch (IllegalArgumentException | IOException e) {
            throw e;
        } catch (Exception e) { // a failed job (SparkException)
            throw new IllegalStateException("the sweep failed (" + SparkSweepMain.firstLine(e.getMessage())
                    + "); finished shards are kept: run the same command again to resume", e);
        } finally {
            sc.stop();
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "spark sweep of %d %s samples in %d shards: %d reused, %d "
                + "computed on %s in %.1f s -> %s%n", s.samples(), model.name(), s.shards(), s.reused(), s.computed(),
                m, s.seconds(), s.out());
        return 0;
    }

    /**
     * The Hadoop configuration the job will see, before Spark starts: defaults, the *-site.xml files on the class
     * path, and the spark.hadoop.* settings (system properties, as spark-submit passes --conf).
     */
    static Configuration hadoopConfiguration(java.util.Properties props) {
        Configuration h = new Configuration();
        for (String k : props.stringPropertyNames()) {
            if (k.startsWith("spark.hadoop.")) {
                h.set(k.substring("spark.hadoop.".length()), props.getProperty(k));
            }
        }
        return h;
    }

    /** local, local[N], local[*], local[N,F], local-cluster[…], yarn, or a URL (spark://, k8s://, …); not a typo. */
    static void checkMasterSyntax(String master) {
        boolean ok = master.matches("local(\\[(\\*|[1-9]\\d*)(,[1-9]\\d*)?])?") || master.startsWith("local-cluster[")
                || master.equals("yarn") || master.matches("[a-z][a-z0-9+.-]*://.+");
        if (!ok) {
            throw new IllegalArgumentException("Spark master '" + master + "' is none of local[N], local[N,F], "
                    + "spark://HOST:PORT, yarn, k8s://https://HOST:PORT");
        }
    }

    /**
     * A standalone master (spark://HOST:PORT[,HOST:PORT…]) must answer on one of its ports: otherwise Spark
     * would retry for a minute before giving up. Other masters are left to Spark.
     */
    static void checkReachable(String master) throws IOException {
        if (!master.startsWith("spark://")) {
            return;
        }
        String why = "";
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            int colon = hostPort.lastIndexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException("Spark master " + master + " must read spark://HOST:PORT");
            }
            int port;
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Spark master " + master + " must read spark://HOST:PORT");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(hostPort.substring(0, colon), port), 5000);
                return;
            } catch (IOException e) {
                why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
        }
        throw new IOException("cannot reach the Spark master " + master + " (" + why + ")");
    }

    /** A line at every tenth of the shards, on stderr. */
    private static final class Progress implements SparkSweep.Listener {
        private final PrintWriter err;
        private int lastDecile = -1;

        Progress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void started(int samples, int shards, int reused) {
            if (reused > 0) {
                err.println("sweep: resuming, " + reused + " of " + shards + " shards already done");
            }
            err.flush();
        }

        @Override
        public synchronized void shardDone(int done, int total) {
            int decile = done * 10 / total;
            if (decile > lastDecile) {
                lastDecile = decile;
                err.println("sweep: " + done + "/" + total + " shards");
                err.flush();
            }
        }

        @Override
        public void merging() {
            err.println("sweep: merging the shards");
            err.flush();
        }
    }
}
