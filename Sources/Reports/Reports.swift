// The output layer (DESIGN.md §1): JSON, CSV, Markdown and LaTeX (booktabs) tables; SVG and
// pgfplots figures. Each format has its own file.
