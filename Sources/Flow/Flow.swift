// The Flow layer: see DESIGN.md §1-2.
