#ifndef BIASFLOW_CKERNEL_BASELINE_H
#define BIASFLOW_CKERNEL_BASELINE_H

/*
 * The C floor for `biasflow bench kernels`: the same in-place kernel workload as the Swift layer
 * (KernelWorkload.swift), written as plain loops over mpfr_t arrays. The two must issue the same
 * MPFR calls in the same order; the checksum they return lets the benchmark check that.
 */

/*
 * Runs `iterations` rounds of: m = Z w; p = softmax(m); g = Z^T p; s = g.g; w = w + c g,
 * with Z (rows x cols) and w filled as KernelWorkload.swift fills them, at `precision` bits.
 * Writes the elapsed nanoseconds of the timed loop (set-up excluded) to *elapsed_ns and returns
 * the final s as a double (a checksum).
 */
double biasflow_c_kernel_workload(long precision, long rows, long cols, long iterations,
                                  unsigned long long *elapsed_ns);

#endif
