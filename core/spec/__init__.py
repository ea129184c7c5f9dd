"""What the API accepts: botocore's service facts, the request as models, and every check.

`service` reads botocore's model (enums, limits); `catalog` joins it with the curated knowledge;
`target`, `options`, `shapes` and `request` are the request's models; `problems` words their
failures; `strict` checks a file that must already be what is sent.
"""
