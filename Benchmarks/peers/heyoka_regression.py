"""Peer of FlowBenchmark's regression rows: heyoka (Taylor integrator on MPFR) on the primal ODE of a
depth-2 diagonal network with the squared loss, u+' = 2 u+ (X^T r), u-' = -2 u- (X^T r),
r = y - X (u+^2 - u-^2), u+(0) = u-(0) = alpha, integrated in physical time t until the loss
L = |r|^2 / 2 falls to 10^LOG10_LOSS (a terminal event). Prints its order, steps, t and seconds.
usage: heyoka_regression.py DATA.csv ALPHA LOG10_LOSS PREC_BITS TOL   (DATA: features, then target)"""
import sys, csv, time, heyoka as hy, mpmath as mp
path, alpha, log10_loss, prec, tol = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
rows = list(csv.reader(open(path)))[1:]
X = [r[:-1] for r in rows]
y = [r[-1] for r in rows]
N, d = len(X), len(X[0])
R = lambda s: hy.real(str(s), prec)
up = hy.make_vars(*[f"up{i}" for i in range(d)])
um = hy.make_vars(*[f"um{i}" for i in range(d)])
w = [up[i] * up[i] - um[i] * um[i] for i in range(d)]
r = [R(y[n]) - hy.sum([R(X[n][i]) * w[i] for i in range(d)]) for n in range(N)]
g = [hy.sum([R(X[n][i]) * r[n] for n in range(N)]) for i in range(d)]
loss = R("0.5") * hy.sum([r[n] * r[n] for n in range(N)])
target = hy.real(f"1e{log10_loss}", prec)
event = hy.t_event(loss - target, fp_type=hy.real)
system = [(up[i], R(2) * up[i] * g[i]) for i in range(d)] + [(um[i], R(-2) * um[i] * g[i]) for i in range(d)]
t0 = time.time()
ta = hy.taylor_adaptive(system, [R(alpha)] * (2 * d), fp_type=hy.real, prec=prec, tol=R(tol), t_events=[event])
res = ta.propagate_until(R("1e30"))
print(f"heyoka order={ta.order} steps={res[3]} t={mp.nstr(mp.mpf(str(ta.time)), 20)} seconds={time.time() - t0:.3f}")
