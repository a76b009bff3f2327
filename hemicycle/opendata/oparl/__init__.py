"""OParl 1.1 export: the council's public data as a tree of JSON files.

`layout` names every object's URL and file, `objects` maps the models to OParl objects,
`export` assembles the tree (objects and paginated external lists) and writes it,
`schemas` validates every object against the official OParl 1.1 JSON schemas.
"""
