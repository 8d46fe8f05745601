/**
 * @file CCL, the customer-centricity policy language of cclint.
 * It accepts the files the pest grammar (grammar/ccl.pest) accepts: a test parses every
 * fixture and fuzz corpus file with both and compares which have errors.
 * @license MIT OR Apache-2.0
 */

/// <reference types="tree-sitter-cli/dsl" />
// @ts-check

const KINDS = ["organisation", "department", "role", "product", "policy", "rule"];

module.exports = grammar({
  name: "ccl",

  // Whitespace includes the byte-order mark, which the pest grammar skips anywhere.
  extras: ($) => [/[ \t\n\r\uFEFF]/, $.comment],

  word: ($) => $.identifier,

  // The six kinds are reserved for names (`product` alone on a line is an unfinished
  // product, not a product named `role` on the next), but are ordinary words as keys and
  // values.
  reserved: {
    global: (_) => KINDS,
    words: (_) => [],
  },

  rules: {
    source_file: ($) => repeat($.declaration),

    declaration: ($) =>
      seq(
        field("kind", $.kind),
        field("name", $.identifier),
        optional(field("title", $.string)),
        optional(field("body", $.block)),
      ),

    kind: (_) => choice(...KINDS),

    block: ($) => seq("{", repeat($.field), "}"),

    field: ($) =>
      seq(
        field("key", alias(reserved("words", $.identifier), $.key)),
        ":",
        field("value", $._value),
        repeat(seq(",", field("value", $._value))),
        optional(";"),
      ),

    _value: ($) => choice($.boolean, $.integer, $.string, reserved("words", $.identifier)),

    // XID_Start or `_`, then XID_Continue or `-` (Unicode's identifier rules, as the pest
    // grammar has them).
    identifier: (_) => /[\p{XID_Start}_][\p{XID_Continue}\-]*/u,

    integer: (_) => /\d+/,

    boolean: (_) => choice("true", "false"),

    string: ($) =>
      seq(
        '"',
        repeat(choice($.escape_sequence, token.immediate(prec(1, /[^"\\\n\r]+/)))),
        token.immediate('"'),
      ),

    escape_sequence: (_) => token.immediate(/\\["\\nt]/),

    comment: (_) => token(seq("#", /[^\n]*/)),
  },
});
