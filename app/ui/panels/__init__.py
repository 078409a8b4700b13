"""The panels beside the matrix (details, sensitivity), their fields, the welcome page."""
