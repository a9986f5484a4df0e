// The Limits layer: see DESIGN.md §1 and LimitProblem.swift.
