package org.macronet.system.pattern;

import java.util.ArrayList;
import java.util.List;

/**
 * 4-connected components of one phase of a binary field on the n×n torus, with their shape.
 *
 * <p>Labelling is a breadth-first search that records each cell's unwrapped coordinates; meeting an
 * already-labelled cell of the same component at a different unwrapped position means the component winds
 * around the torus by that offset. Shape moments use the unwrapped coordinates.
 */
final class TorusComponents {

    /**
     * One component.
     *
     * @param area cells
     * @param perimeter cell edges shared with the other phase
     * @param windingRank 0: does not wrap; 1: wraps along one direction (a stripe across the torus); 2: wraps
     *     along two independent directions (a connected background or maze)
     * @param aspectRatio √(λ₁/λ₂) of the covariance of the unwrapped coordinates (≥ 1)
     */
    record Component(int area, int perimeter, int windingRank, double aspectRatio) {
        /** P²/(4πA): about 1.3–1.7 for pixelated discs and squares, grows with elongation and branching. */
        double shapeFactor() {
            return perimeter * (double) perimeter / (4 * Math.PI * area);
        }

        /**
         * aspect ratio / (π · shape factor): about 1 for a straight ribbon (both grow as length/width; less for
         * pixelated diagonal edges), 0.2 for a disc, and small for curled or branched components, whose
         * perimeter grows with their length while their moment-based aspect ratio does not.
         */
        double straightness() {
            return aspectRatio / (Math.PI * shapeFactor());
        }
    }

    private TorusComponents() {}

    /** Components of the cells where {@code mask[i] == phase} (row-major n×n). */
    static List<Component> of(boolean[] mask, int n, boolean phase) {
        int[] label = new int[n * n];
        int[] ux = new int[n * n];
        int[] uy = new int[n * n];
        int[] queue = new int[n * n];
        List<Component> out = new ArrayList<>();
        int next = 0;
        int[] ddx = {1, -1, 0, 0};
        int[] ddy = {0, 0, 1, -1};
        for (int start = 0; start < n * n; start++) {
            if (mask[start] != phase || label[start] != 0) {
                continue;
            }
            next++;
            int head = 0;
            int tail = 0;
            queue[tail++] = start;
            label[start] = next;
            ux[start] = start % n;
            uy[start] = start / n;
            int area = 0;
            int perimeter = 0;
            double sx = 0;
            double sy = 0;
            double sxx = 0;
            double syy = 0;
            double sxy = 0;
            // Winding vectors seen so far: the first one, and whether a non-parallel one appeared.
            int w1x = 0;
            int w1y = 0;
            int rank = 0;
            while (head < tail) {
                int c = queue[head++];
                int cx = ux[c];
                int cy = uy[c];
                area++;
                sx += cx;
                sy += cy;
                sxx += (double) cx * cx;
                syy += (double) cy * cy;
                sxy += (double) cx * cy;
                for (int d = 0; d < 4; d++) {
                    int nx = cx + ddx[d];
                    int ny = cy + ddy[d];
                    int j = Math.floorMod(ny, n) * n + Math.floorMod(nx, n);
                    if (mask[j] != phase) {
                        perimeter++;
                    } else if (label[j] == 0) {
                        label[j] = next;
                        ux[j] = nx;
                        uy[j] = ny;
                        queue[tail++] = j;
                    } else if (rank < 2 && (ux[j] != nx || uy[j] != ny)) {
                        int wx = (nx - ux[j]) / n;
                        int wy = (ny - uy[j]) / n;
                        if (rank == 0) {
                            w1x = wx;
                            w1y = wy;
                            rank = 1;
                        } else if ((long) w1x * wy - (long) w1y * wx != 0) {
                            rank = 2;
                        }
                    }
                }
            }
            double mx = sx / area;
            double my = sy / area;
            double cxx = sxx / area - mx * mx + 1.0 / 12;
            double cyy = syy / area - my * my + 1.0 / 12;
            double cxy = sxy / area - mx * my;
            double tr = cxx + cyy;
            double disc = Math.sqrt(Math.max(0, (cxx - cyy) * (cxx - cyy) / 4 + cxy * cxy));
            double l1 = tr / 2 + disc;
            double l2 = Math.max(tr / 2 - disc, 1.0 / 12);
            out.add(new Component(area, perimeter, rank, Math.sqrt(l1 / l2)));
        }
        return out;
    }
}
