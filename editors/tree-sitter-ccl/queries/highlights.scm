; Later patterns take precedence over earlier ones (as in Neovim): the general first.

(comment) @comment
(string) @string
(escape_sequence) @string.escape
(integer) @number
(boolean) @boolean
["{" "}"] @punctuation.bracket
[":" "," ";"] @punctuation.delimiter

; Declarations: the kind keyword, the name it declares, its title.
(kind) @keyword
(declaration
  name: (identifier) @type.definition)
(declaration
  title: (string) @string.special)

; Fields: keys, and the values that name something else (or the word `direct`).
(key) @property
(field
  value: (identifier) @variable)
((field
  value: (identifier) @keyword)
  (#eq? @keyword "direct"))

; A suppression comment, `# cclint: allow RULE -- REASON`, stands out of other comments.
((comment) @comment.note
  (#match? @comment.note "^#\\s*cclint:"))
