"""The embedded local endpoint: moto's server, patched to behave like SageMaker for the app.

`server` starts it (and is the only module that loads moto, on first use), `patches` closes the
gaps between moto and SageMaker, and `lifecycle` is the slot where a compiler backend decides how
a job runs: the timed simulation by default.
"""

ACCOUNT_ID = "123456789012"
REGION = "us-east-1"
