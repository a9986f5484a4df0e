#!/usr/bin/env bash
# The main job of the README on the built-in default example: installs what is missing, builds
# biasflow in release mode, and integrates gradient flow of a depth-2 diagonal network on the F1
# data (MATH.md §9, Data/F1.csv) to τ = 10, 1e3, 1e4 with 30 verified digits.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# The same flags as scripts/test.sh, so that the two README commands share one release build.
swift build -c release -Xswiftc -enable-testing --product biasflow
.build/release/biasflow flow --data Data/F1.csv --depth 2 --alpha 1 --tau 10,1e3,1e4 --digits 30 --format table
