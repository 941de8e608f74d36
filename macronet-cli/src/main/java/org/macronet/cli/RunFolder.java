package org.macronet.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * An output folder that appears only when complete: results are written into a hidden sibling
 * folder, which replaces the target in one rename at {@link #commit()}. A failed or interrupted run
 * leaves the target untouched.
 */
final class RunFolder implements AutoCloseable {
    private final Path target;
    private final Path work;
    private final boolean keepOnFailure;
    /** Prints how to resume when the process is interrupted (Ctrl-C, kill) while the folder is open; or null. */
    private final Thread interruptHint;
    private boolean committed;

    private RunFolder(Path target, Path work, boolean keepOnFailure, Thread interruptHint) {
        this.target = target;
        this.work = work;
        this.keepOnFailure = keepOnFailure;
        this.interruptHint = interruptHint;
        if (interruptHint != null) {
            Runtime.getRuntime().addShutdownHook(interruptHint);
        }
    }

    /**
     * A folder whose unfinished work survives a failure or a kill, so that a later run can resume it: the
     * work folder has a fixed name, {@code .NAME.partial} next to the target.
     *
     * @param resume reuse the unfinished work folder (it must exist); otherwise any old one is discarded
     * @param interruptHint printed (on a line of its own) when the process is interrupted while the folder is
     *     open: how to resume
     */
    static RunFolder resumable(Path target, boolean force, boolean resume, String interruptHint) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        if (Files.exists(abs) && !force && !isEmptyDir(abs)) {
            throw new IllegalArgumentException("output " + target + " already exists (use --force to replace it)");
        }
        Path work = partial(abs);
        if (resume) {
            if (!Files.isDirectory(work)) {
                throw new IllegalArgumentException("nothing to resume: no interrupted run of " + target + " (expected "
                        + work + ")");
            }
        } else {
            deleteTree(work);
            Files.createDirectories(work);
        }
        return new RunFolder(abs, work, true, new Thread(() -> System.err.println("\n" + interruptHint)));
    }

    /** The fixed work folder of {@link #resumable}. */
    static Path partial(Path target) {
        Path abs = target.toAbsolutePath().normalize();
        return abs.getParent().resolve("." + abs.getFileName() + ".partial");
    }

    /**
     * @param force replace an existing folder; without it an existing, non-empty target is refused
     */
    static RunFolder create(Path target, boolean force) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        if (Files.exists(abs) && !force && !isEmptyDir(abs)) {
            throw new IllegalArgumentException("output " + target + " already exists (use --force to replace it)");
        }
        Path parent = abs.getParent();
        Files.createDirectories(parent);
        Path work = Files.createTempDirectory(parent, "." + abs.getFileName() + ".partial-");
        return new RunFolder(abs, work, false, null);
    }

    private static boolean isEmptyDir(Path p) throws IOException {
        if (!Files.isDirectory(p)) {
            return false;
        }
        try (Stream<Path> s = Files.list(p)) {
            return s.findAny().isEmpty();
        }
    }

    /** Where the run writes. */
    Path dir() {
        return work;
    }

    Path target() {
        return target;
    }

    /** Moves the finished results into place. */
    void commit() throws IOException {
        if (Files.exists(target)) {
            deleteTree(target);
        }
        Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
        committed = true;
    }

    /** Deletes the work folder now, also that of a resumable run: nothing of this run is kept. */
    void discard() throws IOException {
        deleteTree(work);
        committed = true;
    }

    @Override
    public void close() {
        if (interruptHint != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(interruptHint);
            } catch (IllegalStateException e) {
                // the process is shutting down: the hint is being printed
            }
        }
        if (!committed && !keepOnFailure) {
            try {
                deleteTree(work);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
