#include "CKernelBaseline.h"

#include <stdlib.h>
#include <time.h>
#include <mpfr.h>

static unsigned long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (unsigned long long)ts.tv_sec * 1000000000ull + (unsigned long long)ts.tv_nsec;
}

static mpfr_t *make_array(long n, long precision) {
    mpfr_t *a = malloc(sizeof(mpfr_t) * (size_t)n);
    for (long i = 0; i < n; i++) mpfr_init2(a[i], precision);
    return a;
}

static void free_array(mpfr_t *a, long n) {
    for (long i = 0; i < n; i++) mpfr_clear(a[i]);
    free(a);
}

double biasflow_c_kernel_workload(long precision, long rows, long cols, long iterations,
                                  unsigned long long *elapsed_ns) {
    mpfr_set_emin(mpfr_get_emin_min());
    mpfr_set_emax(mpfr_get_emax_max());
    mpfr_t *Z = make_array(rows * cols, precision);
    mpfr_t *w = make_array(cols, precision), *g = make_array(cols, precision);
    mpfr_t *m = make_array(rows, precision), *p = make_array(rows, precision);
    mpfr_t product, accumulator, maximum, step, s;
    mpfr_inits2(precision, product, accumulator, maximum, step, s, (mpfr_ptr)0);

    /* Same fill as KernelWorkload.swift: Z[i][j] = ((7i + 13j) mod 17 - 8) / 8, w[j] = 1/(j+1). */
    for (long i = 0; i < rows; i++)
        for (long j = 0; j < cols; j++) {
            mpfr_set_si(Z[i * cols + j], ((7 * i + 13 * j) % 17) - 8, MPFR_RNDN);
            mpfr_div_ui(Z[i * cols + j], Z[i * cols + j], 8, MPFR_RNDN);
        }
    for (long j = 0; j < cols; j++) { mpfr_set_si(w[j], 1, MPFR_RNDN); mpfr_div_si(w[j], w[j], j + 1, MPFR_RNDN); }
    mpfr_set_si(step, 1, MPFR_RNDN);
    mpfr_div_ui(step, step, 1000, MPFR_RNDN);

    unsigned long long start = now_ns();
    for (long it = 0; it < iterations; it++) {
        /* m = Z w */
        for (long i = 0; i < rows; i++) {
            mpfr_set_zero(accumulator, 1);
            for (long j = 0; j < cols; j++) {
                mpfr_mul(product, Z[i * cols + j], w[j], MPFR_RNDN);
                mpfr_add(accumulator, accumulator, product, MPFR_RNDN);
            }
            mpfr_set(m[i], accumulator, MPFR_RNDN);
        }
        /* p = softmax(m) */
        mpfr_set(maximum, m[0], MPFR_RNDN);
        for (long i = 1; i < rows; i++)
            if (mpfr_greater_p(m[i], maximum)) mpfr_set(maximum, m[i], MPFR_RNDN);
        mpfr_set_zero(accumulator, 1);
        for (long i = 0; i < rows; i++) {
            mpfr_sub(p[i], m[i], maximum, MPFR_RNDN);
            mpfr_exp(p[i], p[i], MPFR_RNDN);
            mpfr_add(accumulator, accumulator, p[i], MPFR_RNDN);
        }
        for (long i = 0; i < rows; i++) mpfr_div(p[i], p[i], accumulator, MPFR_RNDN);
        /* g = Z^T p */
        for (long j = 0; j < cols; j++) mpfr_set_zero(g[j], 1);
        for (long i = 0; i < rows; i++)
            for (long j = 0; j < cols; j++) {
                mpfr_mul(product, Z[i * cols + j], p[i], MPFR_RNDN);
                mpfr_add(g[j], g[j], product, MPFR_RNDN);
            }
        /* s = g . g */
        mpfr_set_zero(s, 1);
        for (long j = 0; j < cols; j++) {
            mpfr_mul(product, g[j], g[j], MPFR_RNDN);
            mpfr_add(s, s, product, MPFR_RNDN);
        }
        /* w = w + step g */
        for (long j = 0; j < cols; j++) {
            mpfr_mul(product, step, g[j], MPFR_RNDN);
            mpfr_add(w[j], w[j], product, MPFR_RNDN);
        }
    }
    *elapsed_ns = now_ns() - start;
    double checksum = mpfr_get_d(s, MPFR_RNDN);

    mpfr_clears(product, accumulator, maximum, step, s, (mpfr_ptr)0);
    free_array(Z, rows * cols);
    free_array(w, cols);
    free_array(g, cols);
    free_array(m, rows);
    free_array(p, rows);
    return checksum;
}
