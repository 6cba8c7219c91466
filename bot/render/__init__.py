"""Files people open: charts (PNG) and workbooks (XLSX)."""
