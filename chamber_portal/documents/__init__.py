"""Documents with legal effect (issue 16): rendered as PDF when their event happens, frozen, hashed and
verifiable by anyone at /verify/<code>/.

A ground-floor app: it imports the core only. The domain apps describe their documents in their own
`issued_documents.py` (what the document says, who may see its object), found when Django starts.
"""
