"""Talking to SageMaker: which endpoint (`connection`), the client and its typed answers
(`client`, `responses`), and every failure as a sentence (`errors`)."""
