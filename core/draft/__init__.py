"""The wizard's draft: the request being written, valid or not.

`model` is the draft itself; `reader` reads an API dict into it; `options_text` reads options
typed as JSON; `shapes_table` converts input shapes to the table and back; `share` turns a draft
into a link; `steps` names the wizard's steps and which fields each owns.
"""
