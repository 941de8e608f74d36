package org.macronet.console;

import com.sun.jna.NativeLibrary;

/**
 * The real stderr that the {@code macronet} launcher hands over.
 *
 * <p>The JVM of Java 17 announces the Vector API module ("WARNING: Using incubator modules") on stderr before
 * {@code main} runs, and no option turns that off. The launcher therefore starts the JVM with stderr going
 * through a filter that drops that one line, and the real stderr kept open as another file descriptor, named
 * by {@code -Dmacronet.stderr.fd}. {@link #reclaim()} puts the real stderr back on descriptor 2 as the first
 * thing {@code main} does: from then on every write, Java's and native code's, goes straight to it, unfiltered
 * and unbuffered, and the filter ends (so nothing it holds can arrive after the process has exited).
 */
public final class LauncherStderr {
    private LauncherStderr() {}

    /** Moves the launcher's saved stderr (if any) back onto descriptor 2; best effort. */
    public static void reclaim() {
        String fd = System.getProperty("macronet.stderr.fd");
        if (fd == null || fd.isBlank()) {
            return;
        }
        try {
            int saved = Integer.parseInt(fd.strip());
            System.err.flush();
            NativeLibrary c = NativeLibrary.getInstance("c");
            if (c.getFunction("dup2").invokeInt(new Object[] {saved, 2}) == 2) {
                c.getFunction("close").invokeInt(new Object[] {saved});
            }
        } catch (RuntimeException | LinkageError e) {
            // Stderr stays the launcher's filter, which passes everything else on.
        }
    }
}
