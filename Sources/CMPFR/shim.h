#ifndef BIASFLOW_CMPFR_SHIM_H
#define BIASFLOW_CMPFR_SHIM_H

/*
 * The C shim of BiasFlow: MPFR and GMP as Swift sees them.
 *
 * Swift imports real C functions but not function-like macros, and GMP names its public API
 * through object-like macros (mpq_add -> __gmpq_add). Every wrapper below is a static inline
 * function with the same contract as the MPFR/GMP macro it stands for; nothing here adds behaviour.
 */

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <gmp.h>
#include <mpfr.h>

/* ---- MPFR predicates and accessors that mpfr.h defines as macros ---- */

static inline int bf_mpfr_nan_p(mpfr_srcptr x) { return mpfr_nan_p(x); }
static inline int bf_mpfr_inf_p(mpfr_srcptr x) { return mpfr_inf_p(x); }
static inline int bf_mpfr_zero_p(mpfr_srcptr x) { return mpfr_zero_p(x); }
static inline int bf_mpfr_regular_p(mpfr_srcptr x) { return mpfr_regular_p(x); }
static inline int bf_mpfr_sgn(mpfr_srcptr x) { return mpfr_sgn(x); }
static inline int bf_mpfr_signbit(mpfr_srcptr x) { return mpfr_signbit(x); }
static inline mpfr_prec_t bf_mpfr_get_prec(mpfr_srcptr x) { return mpfr_get_prec(x); }
static inline mpfr_exp_t bf_mpfr_get_exp(mpfr_srcptr x) { return mpfr_get_exp(x); }
static inline int bf_mpfr_set(mpfr_ptr r, mpfr_srcptr x, mpfr_rnd_t rnd) { return mpfr_set(r, x, rnd); }
static inline int bf_mpfr_abs(mpfr_ptr r, mpfr_srcptr x, mpfr_rnd_t rnd) { return mpfr_abs(r, x, rnd); }
static inline int bf_mpfr_neg(mpfr_ptr r, mpfr_srcptr x, mpfr_rnd_t rnd) { return mpfr_neg(r, x, rnd); }
static inline int bf_mpfr_cmp(mpfr_srcptr a, mpfr_srcptr b) { return mpfr_cmp(a, b); }
static inline int bf_mpfr_cmp_si(mpfr_srcptr a, long b) { return mpfr_cmp_si(a, b); }
static inline int bf_mpfr_cmp_ui(mpfr_srcptr a, unsigned long b) { return mpfr_cmp_ui(a, b); }

/*
 * MPFR also keeps caches per thread (constants such as log 2 and pi at the largest precision
 * asked for, and a pool of integers). They are not released when a thread ends unless
 * mpfr_free_cache2 runs on that thread, so every thread that did MPFR work and exits would leak
 * them. The first BiasFlow operation on a thread (when it widens the exponent range, below)
 * registers a thread-exit destructor that frees that thread's caches.
 */
static inline void bf_mpfr_free_thread_caches(void *unused) {
    (void)unused;
    mpfr_free_cache2(MPFR_FREE_LOCAL_CACHE);
}
/* Function-local statics: the Swift importer emits them with the function (a file-scope static
 * variable would be left undefined). Each translation unit that uses them gets its own key; any
 * of them frees the exiting thread's caches, and freeing twice is harmless. */
static inline pthread_key_t *bf_mpfr_cache_key(void) {
    static pthread_key_t key;
    return &key;
}
static inline void bf_mpfr_make_cache_key(void) {
    pthread_key_create(bf_mpfr_cache_key(), bf_mpfr_free_thread_caches);
}
static inline void bf_mpfr_free_caches_at_thread_exit(void) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, bf_mpfr_make_cache_key);
    pthread_setspecific(*bf_mpfr_cache_key(), (void *)1);
}

/*
 * MPFR keeps its exponent range per thread (Debian builds MPFR with thread-local storage).
 * BiasFlow runs every thread with the widest range MPFR allows, so that numbers such as
 * 10^-(10^8) are representable. This is a fixed policy, not tunable state: nothing in BiasFlow
 * narrows the range again, so a thread-local flag remembers that this thread's range is wide and
 * the call costs one read of it (MPFR's own getters are library calls through the dynamic TLS
 * model, four of them per number made). The first call on a thread also arranges for MPFR's
 * caches of that thread to be freed when it exits.
 */
static inline void bf_mpfr_use_widest_exponent_range(void) {
    static _Thread_local int widened = 0;
    if (widened) return;
    if (mpfr_get_emin() != mpfr_get_emin_min() || mpfr_get_emax() != mpfr_get_emax_max()) {
        mpfr_set_emin(mpfr_get_emin_min());
        mpfr_set_emax(mpfr_get_emax_max());
        bf_mpfr_free_caches_at_thread_exit();
    }
    widened = 1;
}

/* ---- GMP integers (mpz) ---- */

static inline void bf_mpz_init(mpz_ptr z) { mpz_init(z); }
static inline void bf_mpz_clear(mpz_ptr z) { mpz_clear(z); }
static inline void bf_mpz_set(mpz_ptr r, mpz_srcptr z) { mpz_set(r, z); }
static inline void bf_mpz_set_si(mpz_ptr r, long v) { mpz_set_si(r, v); }
static inline int bf_mpz_set_str(mpz_ptr r, const char *s, int base) { return mpz_set_str(r, s, base); }
static inline char *bf_mpz_get_str(char *s, int base, mpz_srcptr z) { return mpz_get_str(s, base, z); }
static inline size_t bf_mpz_sizeinbase(mpz_srcptr z, int base) { return mpz_sizeinbase(z, base); }
static inline void bf_mpz_ui_pow_ui(mpz_ptr r, unsigned long b, unsigned long e) { mpz_ui_pow_ui(r, b, e); }
static inline void bf_mpz_mul(mpz_ptr r, mpz_srcptr a, mpz_srcptr b) { mpz_mul(r, a, b); }
static inline int bf_mpz_sgn(mpz_srcptr z) { return mpz_sgn(z); }
static inline int bf_mpz_cmp(mpz_srcptr a, mpz_srcptr b) { return mpz_cmp(a, b); }
static inline int bf_mpz_fits_slong_p(mpz_srcptr z) { return mpz_fits_slong_p(z); }
static inline long bf_mpz_get_si(mpz_srcptr z) { return mpz_get_si(z); }

/* ---- GMP rationals (mpq) ---- */

static inline void bf_mpq_init(mpq_ptr q) { mpq_init(q); }
static inline void bf_mpq_clear(mpq_ptr q) { mpq_clear(q); }
static inline void bf_mpq_set(mpq_ptr r, mpq_srcptr q) { mpq_set(r, q); }
static inline void bf_mpq_set_si(mpq_ptr r, long p, unsigned long q) { mpq_set_si(r, p, q); }
static inline void bf_mpq_set_z(mpq_ptr r, mpz_srcptr z) { mpq_set_z(r, z); }
static inline void bf_mpq_set_num(mpq_ptr r, mpz_srcptr z) { mpq_set_num(r, z); }
static inline void bf_mpq_set_den(mpq_ptr r, mpz_srcptr z) { mpq_set_den(r, z); }
static inline int bf_mpq_set_str(mpq_ptr r, const char *s, int base) { return mpq_set_str(r, s, base); }
static inline char *bf_mpq_get_str(char *s, int base, mpq_srcptr q) { return mpq_get_str(s, base, q); }
static inline void bf_mpq_canonicalize(mpq_ptr q) { mpq_canonicalize(q); }
static inline void bf_mpq_add(mpq_ptr r, mpq_srcptr a, mpq_srcptr b) { mpq_add(r, a, b); }
static inline void bf_mpq_sub(mpq_ptr r, mpq_srcptr a, mpq_srcptr b) { mpq_sub(r, a, b); }
static inline void bf_mpq_mul(mpq_ptr r, mpq_srcptr a, mpq_srcptr b) { mpq_mul(r, a, b); }
static inline void bf_mpq_div(mpq_ptr r, mpq_srcptr a, mpq_srcptr b) { mpq_div(r, a, b); }
static inline void bf_mpq_neg(mpq_ptr r, mpq_srcptr a) { mpq_neg(r, a); }
static inline void bf_mpq_abs(mpq_ptr r, mpq_srcptr a) { mpq_abs(r, a); }
static inline void bf_mpq_inv(mpq_ptr r, mpq_srcptr a) { mpq_inv(r, a); }
static inline int bf_mpq_cmp(mpq_srcptr a, mpq_srcptr b) { return mpq_cmp(a, b); }
static inline int bf_mpq_equal(mpq_srcptr a, mpq_srcptr b) { return mpq_equal(a, b); }
static inline int bf_mpq_sgn(mpq_srcptr q) { return mpq_sgn(q); }
static inline mpz_srcptr bf_mpq_numref_const(mpq_srcptr q) { return mpq_numref(q); }
static inline mpz_srcptr bf_mpq_denref_const(mpq_srcptr q) { return mpq_denref(q); }
static inline mpz_ptr bf_mpq_numref(mpq_ptr q) { return mpq_numref(q); }
static inline mpz_ptr bf_mpq_denref(mpq_ptr q) { return mpq_denref(q); }

/* Frees a string that GMP or MPFR allocated with its own allocator (mpz_get_str, mpq_get_str). */
static inline void bf_gmp_free_string(char *s) {
    void (*free_function)(void *, size_t);
    mp_get_memory_functions(NULL, NULL, &free_function);
    free_function(s, strlen(s) + 1);
}

#endif
