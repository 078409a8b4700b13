"""The matrix: table models, sorting and filtering, the view, how ratings look."""
