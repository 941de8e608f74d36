package org.macronet.engine;

import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The log level of libtorch's own logger (c10), which prints warnings such as "AutoNonVariableTypeMode is
 * deprecated" straight to file descriptor 2, past Java's System.err. libtorch reads the environment variable
 * {@code TORCH_CPP_LOG_LEVEL} only when {@code c10::initLogging()} runs, which PyTorch's Python module does
 * and DJL does not, so the variable alone has no effect here (measured). After the engine has loaded the
 * library, this either runs {@code c10::initLogging()} (when the user set {@code TORCH_CPP_LOG_LEVEL}) or sets
 * c10's level flag to ERROR (unless debugging). Best effort: any failure leaves the library's default.
 */
final class NativeLog {
    /** c10's levels: 0 INFO, 1 WARNING, 2 ERROR, 3 FATAL. */
    private static final int ERROR = 2;

    private NativeLog() {}

    static void configure(boolean debug) {
        String requested = System.getenv("TORCH_CPP_LOG_LEVEL");
        boolean userLevel = requested != null && !requested.isBlank();
        if (debug && !userLevel) {
            return;
        }
        try {
            Optional<Path> c10 = loaded("libc10.so");
            if (c10.isEmpty()) {
                return;
            }
            NativeLibrary lib = NativeLibrary.getInstance(c10.get().toString());
            if (userLevel) {
                lib.getFunction("_ZN3c1011initLoggingEv").invokeVoid(new Object[0]);
            } else {
                lib.getGlobalVariableAddress("FLAGS_caffe2_log_level").setInt(0, ERROR);
            }
        } catch (RuntimeException | LinkageError e) {
            // Only warnings are at stake: keep the default level.
        }
    }

    /** The path of a shared library this process has loaded (Linux: from /proc/self/maps). */
    private static Optional<Path> loaded(String fileName) {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return Optional.empty();
        }
        try (Stream<String> lines = Files.lines(maps)) {
            return lines.map(l -> l.indexOf('/') < 0 ? null : l.substring(l.indexOf('/')).strip())
                    .filter(p -> p != null && p.endsWith("/" + fileName)).findFirst().map(Path::of);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
