package org.macronet.flow;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helper: collects garbage, lets the JDK free the direct buffers that became unreachable, then
 * allocates many small direct buffers filled with NaN. A tensor that still reads memory of a freed
 * buffer then reads NaN instead of its values.
 */
public final class DirectMemoryChurn {
    private DirectMemoryChurn() {}

    /** Returns the NaN-filled buffers; hold them until the computation under test has finished. */
    public static List<ByteBuffer> collectAndReuse() {
        System.gc();
        try {
            // The JDK frees a direct buffer's memory on its cleaner thread, shortly after the collection.
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ByteBuffer> held = new ArrayList<>();
        for (int size : new int[] {4, 8, 16, 64, 256, 1024}) {
            for (int i = 0; i < 2000; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(size);
                while (b.remaining() >= 4) {
                    b.putFloat(Float.NaN);
                }
                held.add(b);
            }
        }
        return held;
    }
}
