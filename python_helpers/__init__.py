"""Python helpers of the AI Marketing ROI warehouse.

Sample extracts, loading landed files into the warehouse, running dbt, checks and the report.
SQL (the dbt project) is the reference for every ROI formula; Python only moves and checks data.
"""

__version__ = "0.1.0"
