"""Jobs as this app keeps them: the store (drafts and job records), the submission protocol
(record, in flight, settle) and fleets (one model, many targets)."""
