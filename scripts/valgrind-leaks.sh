#!/usr/bin/env bash
# Runs a small workload of the Multiprecision layer under valgrind's memcheck and fails on any
# definite leak (or any memory error memcheck reports).
#
#   scripts/valgrind-leaks.sh            # build into .build-valgrind, run both workloads
#   SCRATCH=.build-mine scripts/valgrind-leaks.sh
#
# Workloads:
#   1. the release kernel benchmark: KernelBench --iterations 2 --repetitions 1 --rows 4 --columns 8
#      (matvec, softmax, transposed matvec, dot, axpy through the Swift layer and in C);
#   2. the debug test binary filtered to the Multiprecision leak tests (LeakTests: kernels,
#      elementary functions, parsing/printing, rationals, LU, copy-on-write copies and in-place
#      mutation at 64, 256 and 1024 bits) and thread tests (ThreadSafetyTests: the same kind of
#      work on worker threads and on new threads that end, whose MPFR caches must be freed),
#      run through swift-testing directly:
#        BiasFlowPackageTests.xctest --testing-library swift-testing --filter LeakTests --filter ThreadSafetyTests
#
# valgrind flags: --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=1.
# "Possibly lost" and "still reachable" blocks (the Swift runtime's metadata caches, thread
# pools) are not failures; definite leaks are.
#
# Two workarounds for Debian 12's valgrind 3.19, both outside the code under test:
#   * valgrind 3.19 cannot read the DWARF 5 debug info Swift 6 emits ("unhandled dwarf2 abbrev
#     form code 0x25", then it gives up): the binaries are run from copies stripped of debug
#     info (symbols stay, so leak stacks still name functions).
#   * valgrind 3.19 crashes ("the 'impossible' happened", SIGSEGV) when a program calls
#     sigsuspend() with a signal mask in read-only memory, as libdispatch's dispatch_main() does
#     for every Swift async main (the test runner's): its syscall wrapper writes into the mask.
#     A tiny LD_PRELOAD shim makes sigsuspend() pass a writable copy of the mask to the same
#     system call. It changes nothing else.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
SCRATCH=${SCRATCH:-.build-valgrind}
LOGS="$SCRATCH/valgrind-logs"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

command -v valgrind >/dev/null || { echo "valgrind-leaks: valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }

echo "== building (scratch path $SCRATCH)"
swift build -c release --product KernelBench --scratch-path "$SCRATCH"
swift build --build-tests --scratch-path "$SCRATCH"

strip -g -o "$WORK/KernelBench" "$SCRATCH/release/KernelBench"
strip -g -o "$WORK/BiasFlowPackageTests.xctest" "$SCRATCH/debug/BiasFlowPackageTests.xctest"

cat > "$WORK/sigsuspend_copy.c" <<'EOF'
#define _GNU_SOURCE
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>
/* sigsuspend() with a writable copy of the mask (valgrind 3.19 writes into it). */
int sigsuspend(const sigset_t *mask) {
    sigset_t copy = *mask;
    return (int)syscall(SYS_rt_sigsuspend, &copy, (size_t)(_NSIG / 8));
}
EOF
cc -shared -fPIC -O2 -o "$WORK/sigsuspend_copy.so" "$WORK/sigsuspend_copy.c"

mkdir -p "$LOGS"
status=0

# run NAME COMMAND...: one workload under memcheck; prints its leak summary, records failure.
run() {
    local name=$1
    shift
    local log="$LOGS/$name.log"
    echo "== $name: $*"
    set +e
    LD_PRELOAD="$WORK/sigsuspend_copy.so" valgrind \
        --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite \
        --error-exitcode=1 --log-file="$log" "$@"
    local rc=$?
    set -e
    grep -E "definitely lost|indirectly lost|possibly lost|ERROR SUMMARY" "$log" | sed 's/^==[0-9]*== */   /'
    if [ "$rc" -ne 0 ]; then
        echo "   FAIL ($name exited $rc; full report in $log)"
        status=1
    elif ! grep -q "definitely lost: 0 bytes in 0 blocks" "$log" && ! grep -q "All heap blocks were freed" "$log"; then
        echo "   FAIL ($name: definite leaks; full report in $log)"
        status=1
    else
        echo "   ok"
    fi
}

run bench-kernels "$WORK/KernelBench" --iterations 2 --repetitions 1 --rows 4 --columns 8
run leak-and-thread-tests "$WORK/BiasFlowPackageTests.xctest" --testing-library swift-testing \
    --filter LeakTests --filter ThreadSafetyTests

if [ "$status" -eq 0 ]; then
    echo "valgrind-leaks: no definite leaks, no memory errors"
else
    echo "valgrind-leaks: FAILED" >&2
fi
exit "$status"
