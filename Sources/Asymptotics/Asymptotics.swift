// The analysis layer (DESIGN.md §1): distances of a trajectory to its limits, regime labels,
// transition points ε*(α), rate fits and sweeps over grids. Each concept has its own file.
