"""Configs in and out: any text people paste read into a request (`parse`, `repair`,
`importer`), and a request written as JSON, an AWS CLI command, boto3 or SDK code (`render`)."""
