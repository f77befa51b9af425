"""KAM Workbook: lessons, grading and client-case workshops for Key Account Management."""

__version__ = "0.1.0"
