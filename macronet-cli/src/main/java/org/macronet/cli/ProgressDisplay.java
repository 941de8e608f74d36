package org.macronet.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.UnaryOperator;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Progress of one task on stderr: a progress bar when stderr is a terminal ({@link Terminal}), otherwise plain
 * lines that a log file can hold, such as {@code train: 1096/2740 steps (40%), 0:00:42 elapsed, 0:01:03 left,
 * epoch 9  loss 1.2345}: one when the task passes each tenth of its work, one at least every
 * {@link #LINE_INTERVAL} while it moves, and a last one on close where the task stopped short of a tenth.
 */
final class ProgressDisplay implements AutoCloseable {
    /** Longest silence between two lines while the task moves. */
    static final Duration LINE_INTERVAL = Duration.ofSeconds(30);

    private final ProgressBar bar;
    private final PrintWriter lines;
    private final String task;
    private final String unit;
    private final long max;
    private final long start;
    private final long t0 = System.nanoTime();
    private long done;
    private long printed;
    private long lastLine = t0;
    private String extra = "";
    private boolean closed;

    private ProgressDisplay(ProgressBar bar, PrintWriter lines, String task, String unit, long max, long start) {
        this.bar = bar;
        this.lines = lines;
        this.task = task;
        this.unit = unit;
        this.max = Math.max(1, max);
        this.start = start;
        this.done = start;
        this.printed = start;
    }

    /**
     * Opens a display of {@code max} units of work of which {@code start} are already done.
     *
     * @param bar the look of the bar (the builder has the task, maximum and start set); unused for lines
     * @param lines where the plain lines go when stderr is not a terminal
     */
    static ProgressDisplay open(String task, String unit, long max, long start, UnaryOperator<ProgressBarBuilder> bar,
            PrintWriter lines) {
        if (Terminal.stderrIsTerminal()) {
            ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(task).setInitialMax(max);
            if (start > 0) {
                b.startsFrom(start, Duration.ZERO);
            }
            return new ProgressDisplay(bar.apply(b).build(), null, task, unit, max, start);
        }
        return lines(task, unit, max, start, lines);
    }

    /** A display that writes plain lines to {@code out}, terminal or not. */
    static ProgressDisplay lines(String task, String unit, long max, long start, PrintWriter out) {
        return new ProgressDisplay(null, out, task, unit, max, start);
    }

    /** Like {@link #open(String, String, long, long, UnaryOperator, PrintWriter)}, lines going to System.err. */
    static ProgressDisplay open(String task, String unit, long max, UnaryOperator<ProgressBarBuilder> bar) {
        return open(task, unit, max, 0, bar, new PrintWriter(System.err, true));
    }

    /** Sets the units done so far (it may go back: a rolled-back epoch runs again). */
    synchronized void stepTo(long n) {
        done = n;
        if (bar != null) {
            bar.stepTo(n);
            return;
        }
        long now = System.nanoTime();
        boolean newTenth = n * 10 / max > printed * 10 / max;
        boolean due = n != printed && now - lastLine >= LINE_INTERVAL.toNanos();
        if (newTenth || due) {
            printLine(now);
        }
    }

    synchronized void step() {
        stepTo(done + 1);
    }

    /** Text shown after the count, e.g. the current loss. */
    synchronized void setExtraMessage(String message) {
        extra = message == null ? "" : message;
        if (bar != null) {
            bar.setExtraMessage(extra);
        }
    }

    private void printLine(long now) {
        double elapsed = (now - t0) * 1e-9;
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%s: %d/%d %s (%d%%), %s elapsed", task, done,
                max, unit, done * 100 / max, clock(elapsed)));
        if (done > start && done < max) {
            s.append(", ").append(clock(elapsed * (max - done) / (done - start))).append(" left");
        }
        String e = extra.strip();
        if (!e.isEmpty()) {
            s.append(", ").append(e);
        }
        lines.println(s);
        lines.flush();
        printed = done;
        lastLine = now;
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (bar != null) {
            bar.close();
        } else if (done != printed) {
            printLine(System.nanoTime());
        }
    }
}
