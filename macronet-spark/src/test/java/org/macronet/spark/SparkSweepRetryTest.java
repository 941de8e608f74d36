package org.macronet.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.macronet.spark.SweepFixture.args;
import static org.macronet.spark.SweepFixture.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.macronet.spark.SweepFixture.Result;

/** A task that fails on its first attempt (mid-write) is retried by Spark; the output is still the plain sweep's. */
class SparkSweepRetryTest {
    @TempDir
    Path tmp;

    /** Records the partition and outcome of every task end (registered through spark.extraListeners). */
    public static final class TaskEnds extends SparkListener {
        static final List<String> FAILED = new CopyOnWriteArrayList<>();
        static final List<Integer> SUCCEEDED = new CopyOnWriteArrayList<>();

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            if (end.taskInfo().successful()) {
                SUCCEEDED.add(end.taskInfo().partitionId());
            } else {
                FAILED.add(end.taskInfo().partitionId() + ":" + end.reason());
            }
        }
    }

    @Test
    void failedFirstAttemptIsRetriedAndTheOutputIsUnchanged() throws IOException {
        Path out = tmp.resolve("sweep");
        TaskEnds.FAILED.clear();
        TaskEnds.SUCCEEDED.clear();
        System.setProperty(SparkSweep.FAIL_FIRST_ATTEMPT, "3");
        System.setProperty("spark.extraListeners", TaskEnds.class.getName());
        Result r;
        try {
            // local[2,2]: two cores, and a task may fail once before the job does.
            r = run(args("--spark", "local[2,2]", "--shard-samples", "16", "--out", out.toString()));
        } finally {
            System.clearProperty(SparkSweep.FAIL_FIRST_ATTEMPT);
            System.clearProperty("spark.extraListeners");
        }
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(TaskEnds.FAILED).hasSize(1);
        assertThat(TaskEnds.FAILED.get(0)).startsWith("3:").contains("injected failure");
        // Every shard succeeded exactly once: none missing, none twice.
        assertThat(TaskEnds.SUCCEEDED).hasSize(13).doesNotHaveDuplicates();
        assertThat(r.out()).contains("in 13 shards: 0 reused, 13 computed");
        SweepFixture.assertSameFiles(SweepFixture.reference(), out);
        assertThat(SweepFixture.names(tmp)).containsExactly("sweep");
    }
}
