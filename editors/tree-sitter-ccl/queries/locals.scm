; Every name is declared once for the whole repository: a file is one scope, and a value
; names a declaration of this file or of another.
(source_file) @local.scope
(declaration
  name: (identifier) @local.definition)
(field
  value: (identifier) @local.reference)
