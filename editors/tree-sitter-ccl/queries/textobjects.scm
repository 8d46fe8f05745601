; For nvim-treesitter-textobjects and Helix: a declaration is a "class", its block the
; inside of one; a field is a "parameter".
(declaration) @class.outer
(block) @class.inner
(field) @parameter.outer
(comment) @comment.outer
