package org.macronet.cli;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.util.Locale;

/**
 * Where stderr goes, and whether it is a terminal (progress bars) or a file or pipe (plain lines).
 *
 * <p>The JVM of Java 17 announces the Vector API module ("WARNING: Using incubator modules") on stderr before
 * {@code main} runs, and no option turns that off. The launcher therefore starts the JVM with stderr going
 * through a filter that drops that one line, and the real stderr kept open as another file descriptor, named
 * by {@code -Dmacronet.stderr.fd}. {@link #reclaimStderr()} puts the real stderr back on descriptor 2 as the
 * first thing {@code main} does: from then on every write, Java's and native code's, goes straight to it,
 * unfiltered and unbuffered, and the filter ends.
 */
final class Terminal {
    private static volatile Boolean stderrTerminal;

    private Terminal() {}

    /** Moves the launcher's saved stderr (if any) back onto descriptor 2; best effort. */
    static void reclaimStderr() {
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

    /**
     * Whether stderr is a terminal: {@code -Dmacronet.progress=bar} or {@code lines} decides when given; else
     * the operating system's answer for descriptor 2; else whether the JVM has a console.
     */
    static boolean stderrIsTerminal() {
        Boolean t = stderrTerminal;
        if (t == null) {
            t = detect();
            stderrTerminal = t;
        }
        return t;
    }

    private static boolean detect() {
        String forced = System.getProperty("macronet.progress", "").strip().toLowerCase(Locale.ROOT);
        if (forced.equals("bar")) {
            return true;
        } else if (forced.equals("lines")) {
            return false;
        }
        try {
            Function isatty = NativeLibrary.getInstance("c").getFunction("isatty");
            return isatty.invokeInt(new Object[] {2}) == 1;
        } catch (RuntimeException | LinkageError e) {
            return System.console() != null;
        }
    }
}
