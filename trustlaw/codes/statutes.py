"""The codes of checking a statute file: syntax, names, types, structure, metadata, examples."""

from __future__ import annotations

from .model import Code

_SYNTAX = "language.syntax_catalog"
_PARSER = "language.parser"
_NAMES = "lowering.codes"

STATUTE_CODES: tuple[Code, ...] = (
    # ---- P: syntax ------------------------------------------------------------------
    Code("TL-P001", "Unexpected word",
         "A word or symbol stands where the grammar does not allow it.",
         "Read the help line for what may come here; often a keyword is misspelt or "
         "a line ended too early.", (_SYNTAX,)),
    Code("TL-P002", "Character not allowed here",
         "A character that the statute language never uses outside quotes, such as `§` "
         "or `@`.",
         "Delete it, or put legal text such as `§ 7282.5` inside double quotes.",
         (_SYNTAX,)),
    Code("TL-P003", "File ends too early",
         "The file stops in the middle of an item: a provision, definition or example is "
         "not finished.",
         "Finish the item the help line names, or delete the incomplete lines at the end.",
         (_SYNTAX,)),
    Code("TL-P004", "Unclosed quoted text",
         "A quoted string is never closed, or not closed on the line where it starts.",
         'Add the closing `"` at the end of the text.', (_SYNTAX,)),
    Code("TL-P005", "Not an operator",
         "A symbol from a programming language (`&&`, `||`, `!`, `==`, `=>`) is not an "
         "operator of the statute language.",
         "Write `and`, `or`, `not`, or compare with `=`, `!=`, `<`, `<=`, `>`, `>=`.",
         (_SYNTAX,)),
    Code("TL-P006", "Closing bracket without an opening one",
         "A `)`, `]` or `}` closes something that was never opened.",
         "Remove it, or add the missing opening bracket before it.", (_SYNTAX,)),
    Code("TL-P007", "Bracket never closed",
         "A `(`, `[` or `{` is still open where the block should have ended.",
         "Add the matching closing bracket where the block ends; the message gives the "
         "line of the opening one.", (_SYNTAX,)),
    Code("TL-P008", "`not` before a quantifier needs parentheses",
         "`not any …`, `not all …` or `not no …` is written without parentheses around "
         "the quantifier.",
         "Write `not (any c in convictions where …)`.", (_SYNTAX,)),
    Code("TL-P009", "Quantifier needs parentheses",
         "A quantifier (`any c in … where …`) followed by more of the condition must be "
         "in parentheses, so that it is clear where it ends.",
         "Put the whole quantifier in parentheses.", (_SYNTAX,)),
    Code("TL-P010", "`means` missing",
         "A definition gives its condition without the word `means`.",
         "Write `define name means <condition>`.", (_SYNTAX,)),
    Code("TL-P011", "Misspelt keyword",
         "A word that is close to a keyword of the language (`excpet` for `except`) "
         "is not one.",
         "Write the keyword the message suggests.", (_SYNTAX,)),
    Code("TL-P012", "Bad or missing provision label",
         "A provision has no label, or its label is not written the way the law "
         "numbers provisions.",
         "Write the label with parentheses, as the law numbers it: `(b)(1)` or "
         "`7282.5(a)`.", (_SYNTAX,)),
    Code("TL-P013", "Condition missing",
         "A keyword that introduces a condition (such as `if`, `unless` or `where`) is "
         "not followed by one.",
         "Write the condition after the keyword.", (_SYNTAX,)),
    Code("TL-P014", "Comma before a closing bracket",
         "A list or object ends with a `,` just before its closing bracket.",
         "Remove the trailing comma.", (_SYNTAX,)),
    Code("TL-P015", "Comma missing",
         "Two entries of a list or object follow each other without a `,` between them.",
         "Separate the entries with commas.", (_SYNTAX,)),
    Code("TL-P016", "No `statute` header",
         "The file is empty, or does not begin with a `statute` (or `vocabulary`) header.",
         'Start the file with `statute "jurisdiction/name" { … }`.', (_SYNTAX,)),
    Code("TL-P017", "Curly or single quotes",
         "Quoted text uses single quotes or typographic (curly) quotes, often pasted from "
         "a word processor.",
         'Write text between straight double quotes: "…".', (_SYNTAX,)),
    Code("TL-P018", "`given` missing",
         "An example states its facts without the word `given`.",
         'Write `given { "date": "2015-03-02", … }` before the expectations.', (_SYNTAX,)),
    Code("TL-P020", "Nested too deeply",
         "An expression, a JSON value or a type (`list of list of …`) is nested more than "
         "64 levels deep; trustlaw refuses it rather than risk running out of stack.",
         "Name inner parts with `define`, or flatten the structure.",
         ("language.syntax_errors",)),
    Code("TL-P021", "Unknown escape in quoted text",
         "A backslash in quoted text is followed by a character that does not form an "
         "escape.",
         'Write `\\"` for a quote, `\\\\` for a backslash and `\\n` for a new line.',
         (_PARSER,)),
    Code("TL-P022", "Number too large",
         "A number has more digits than trustlaw accepts (too large to use safely).",
         "Write a smaller number; a statute's limits and counts are small.", (_PARSER,)),
    Code("TL-P023", "Not a calendar date",
         "A date such as `2015-02-30` does not exist on the calendar, or one is written "
         "with a year of five digits or a one-digit month or day (`10000-01-01`, "
         "`2014-1-1`).",
         "Write a real date as year-month-day, with a four-digit year and a two-digit month "
         "and day, e.g. `2014-01-01`.", (_PARSER,)),
    Code("TL-P024", "Not a date and time",
         "A date and time such as `2015-03-05T25:00` does not exist.",
         "Write a real date and time as year-month-dayThour:minute, e.g. "
         "`2015-03-05T17:00`.", (_PARSER,)),
    Code("TL-P025", "Invisible control character in text",
         "Quoted text holds an invisible or control character (an escape sequence, a "
         "direction override or mark, a zero-width space), which could make the text "
         "shown on a terminal or web page differ from what the file says; or a title, a "
         "citation, a name or an id holds a line break or a tab, which could make up a "
         "line of output.",
         "Delete the character; only a `text` (or a value) may run over several lines "
         "(write `\\n` for a new line there).", (_PARSER,)),
    Code("TL-P026", "File too long",
         "The file is longer than the 300,000 characters a statute file may have, or "
         "`trustlaw fmt` would make it so (it then leaves the file as it is).",
         "Split it into statutes that amend one another, or check that this is really a "
         "statute file.", (_PARSER,)),
    Code("TL-P097", "File cannot be read",
         "The statute file could not be opened or read (missing, a folder, no permission).",
         "Check the file name and its permissions.", (_PARSER,)),
    Code("TL-P098", "Not UTF-8 text",
         "The statute file is not UTF-8 text (another encoding, or not text at all).",
         "Save the file with UTF-8 encoding.", (_PARSER,)),
    Code("TL-P099", "File cannot be read as a statute",
         "The parser could not make sense of the file at all, so it cannot point to a "
         "place.",
         "Look for unusual characters in the file; if it is a statute file, report this.",
         ("language.syntax_errors",)),
    # ---- N: names -------------------------------------------------------------------
    Code("TL-N001", "Unknown name",
         "A name in a condition is not a fact of the case, a definition of the statute, or "
         "a variable bound by `any`/`all`/`no`/`count`.",
         "Check the spelling against the vocabulary (the help line suggests a close "
         "name), or define it.", (_NAMES,)),
    Code("TL-N002", "Unknown field",
         "A record has no field of that name (`person.gang_databse`).",
         "Use a field the vocabulary declares; the help line suggests the closest.",
         (_NAMES,)),
    Code("TL-N003", "Not a value of the list",
         "A quoted value is compared with a fact whose values come from a fixed list, and "
         "it is not one of them.",
         "Write one of the values the vocabulary lists for that fact.", (_NAMES,)),
    Code("TL-N004", "Unknown definition",
         "A call names a definition the statute does not have.",
         "Define it, or correct the name.", (_NAMES,)),
    Code("TL-N005", "Exception to a provision that does not exist",
         "`except`, `notwithstanding` or `subject to` names a provision the statute does "
         "not have (in an amendment, also one the amendment strikes).",
         "Name an existing provision by its label.", ("lowering.rules",)),
    Code("TL-N006", "Unknown outcome",
         "A provision concludes about something that is not one of the outcomes trustlaw "
         "decides (`hold`, `notification`, `transfer`, `interview`).",
         "Use one of the outcomes the help line lists.", ("lowering.rules",)),
    Code("TL-N007", "Unknown kind of day",
         "A time limit excludes a kind of day the hold clock does not know.",
         "Exclude `saturday`, `sunday` or `federal_holiday`.",
         ("lowering.rules",)),
    Code("TL-N008", "Unknown standard invariant",
         "An invariant names a standard invariant trustlaw does not have.",
         "Use one of trustlaw's standard invariants, or write the invariant out.",
         ("lowering.examples",)),
    Code("TL-N009", "Unknown type",
         "A declaration names a type that is neither built in (`bool`, `int`, `date`) "
         "nor declared as an enum or a record.",
         "Declare the type, or correct the name.", (_NAMES,)),
    Code("TL-N010", "Note about something that does not exist",
         "A note is about a provision or definition the statute does not have (in an "
         "amendment, also a provision the amendment strikes), or a heading date, an "
         "action or a topic that is not one.",
         "Name an existing provision label or definition; a date (in_force, superseded, "
         "introduced, enacted); an action (hold, notification, transfer, interview); or "
         "longest_hold.", ("lowering.examples",)),
    Code("TL-N011", "Unknown offense tag",
         "A tag declaration names a value that is not in the vocabulary's `enum tag`.",
         "Add the value to `enum tag` first, or correct the name.",
         ("lowering.vocabulary",)),
    Code("TL-N012", "Unknown conclusion",
         "A provision's conclusion is not `permitted`, `prohibited` or `required`.",
         "Use one of the conclusions the help line lists.", ("lowering.rules",)),
    Code("TL-N013", "Unknown reading of holidays",
         "`counting …` names a reading of holidays other than `actual` or `observed`.",
         "Write `counting actual` or `counting observed`.", ("lowering.rules",)),
    # ---- T: types -------------------------------------------------------------------
    Code("TL-T001", "Not a yes/no condition",
         "Something that is a number, a date or a value stands where a yes/no condition "
         "is needed.",
         "Compare it with something (`count(...) >= 2`, `date < 2014-01-01`).", (_NAMES,)),
    Code("TL-T002", "Comparing different kinds",
         "Two things of different kinds are compared, such as a date with a number.",
         "Compare like with like.", (_NAMES,)),
    Code("TL-T003", "Cannot be ordered",
         "`<`, `<=`, `>` or `>=` is used on something that has no order, such as yes/no "
         "or a value from a list.",
         "Order only numbers and dates; test other facts with `=` or `!=`.", (_NAMES,)),
    Code("TL-T004", "Bad arithmetic",
         "`+` or `-` is used on things that cannot be added or subtracted.",
         "Add or subtract two whole numbers, or a date and a duration such as `5 years`.",
         (_NAMES,)),
    Code("TL-T005", "`within` needs dates",
         "`within` compares two dates, but one side is not a date.",
         "Give dates on both sides, e.g. `c.date within 5 years of date`.", (_NAMES,)),
    Code("TL-T006", "Not a list",
         "`any`, `all`, `no` or `count` ranges over something that is not a list, or a "
         "type declares a list of lists.",
         "Range over a list such as `convictions`; make an inner list a field of a record.",
         (_NAMES,)),
    Code("TL-T007", "`in` needs a list or set",
         "`in` or `not in` tests membership in something that is not a list or a set.",
         "Test membership in a list fact or a set of values `{…}`.", (_NAMES,)),
    Code("TL-T008", "Wrong number of arguments",
         "A definition is called with a different number of arguments than it takes.",
         "Give exactly the arguments the definition lists.", (_NAMES,)),
    Code("TL-T009", "No fields",
         "A field is read from something that is not a record.",
         "Read fields only from records (`person.`, `c.` inside a quantifier).", (_NAMES,)),
    Code("TL-T010", "Quoted value without a list",
         "A quoted value stands where nothing says which list of values it belongs to.",
         'Use a quoted value only in a comparison with a fact, e.g. `request.form = '
         '"I-247A"`.', (_NAMES,)),
    Code("TL-T011", "Set holds something that is not a value",
         "A set `{…}` lists a fact or an expression instead of plain values.",
         "List only quoted values or numbers in a set.", (_NAMES,)),
    # ---- S: structure ---------------------------------------------------------------
    Code("TL-S001", "Provision written twice",
         "Two provisions have the same label, or an amendment strikes a label after "
         "writing a provision under it.",
         "Give each provision its own label, or merge the two; in an amendment, keep the "
         "provision to replace the label or the `strike` to remove it.", ("lowering.amend",)),
    Code("TL-S002", "Exceptions go in a circle",
         "Provisions outrank one another in a circle: an exception is also the rule it is "
         "an exception to.",
         "Break the circle: decide which provision is the exception.", ("lowering.rules",)),
    Code("TL-S003", "Opposite conclusions at the same rank",
         "Two provisions decide one outcome at the same rank with different conclusions "
         "(one makes it prohibited, the other permitted), or one provision makes an "
         "outcome both.",
         "Say which prevails: write `provision (b) except (a)` if (b) is an exception to "
         "(a), or `provision (b) subject to (a)` if it yields; split a provision that "
         "concludes both ways into two.", ("lowering.rules",)),
    Code("TL-S004", "Citation missing",
         "A provision, definition or offense tag does not cite the law it encodes.",
         'Add `cites "…"` with the section of the law.',
         ("lowering.rules", "lowering.vocabulary")),
    Code("TL-S005", "Definition refers to itself",
         "A definition uses itself, directly or through other definitions.",
         "Write the definition without the loop.", (_NAMES,)),
    Code("TL-S006", "Strikes a provision that does not exist",
         "`strike` removes a provision the amended statute does not have.",
         "Strike a label of the statute named by `amends`.", ("lowering.amend",)),
    Code("TL-S007", "`strike` without `amends`",
         "A provision is struck in a statute that does not amend another.",
         'Add `amends "<id>"` to the header, or delete the provision instead.',
         ("lowering.amend",)),
    Code("TL-S008", "Time limit on an outcome other than `hold`",
         "A `limit` clause is given for an outcome other than `hold`.",
         "Write `limit hold … hours`.", ("lowering.rules",)),
    Code("TL-S009", "Holidays excluded without a reading",
         "A time limit excludes `federal_holiday` without saying whether a holiday counts "
         "on its date or on the weekday it is observed.",
         "Add `counting actual` or `counting observed`.", ("lowering.rules",)),
    Code("TL-S010", "`counting` without holidays",
         "`counting …` is given, but the limit does not exclude `federal_holiday`, so it "
         "changes nothing.",
         "Remove `counting …`, or exclude `federal_holiday`.", ("lowering.rules",)),
    Code("TL-S011", "Wrong kind of file",
         "A vocabulary is used where a statute is expected, or a statute's items appear "
         "in a vocabulary file.",
         "Check statutes as statutes and vocabularies with `build_vocabulary`; move the "
         "items to the right file.", ("lowering.program", "lowering.vocabulary")),
    Code("TL-S012", "Declared twice",
         "A definition, invariant, enum value or type is declared twice, or redeclares a "
         "built-in type.",
         "Keep one declaration, or choose another name.",
         ("lowering.amend", "lowering.vocabulary")),
    Code("TL-S013", "Record contains itself",
         "A record type contains itself, directly or through other records; a case is a "
         "finite tree of records.",
         "Break the loop.", ("lowering.vocabulary",)),
    Code("TL-S014", "Bad time limit",
         "A time limit is less than 1 hour, or longer than a year.",
         "Check the number; if no hold may happen at all, write `hold prohibited` instead.",
         ("lowering.rules",)),
    Code("TL-S015", "Duty stated twice",
         "Two duties of the statute have the same id.",
         "Give each duty its own id, or state it once.", ("lowering.rules",)),
    Code("TL-S016", "Note answers two questions",
         "One note claims to answer two open questions.",
         "Write one note per open question.", ("lowering.examples",)),
    Code("TL-S017", "Definition named like a fact",
         "A definition has the name of a fact of the case, so a use of the name would be "
         "ambiguous.",
         "Choose another name for the definition.", ("lowering.program",)),
    Code("TL-S018", "Two verification marks",
         "A provision or definition is given two verification marks.",
         "Keep one.", ("lowering.rules",)),
    Code("TL-S019", "`binds if` provision with conclusions",
         "A provision that binds on its own terms (`binds if`) may state only duties and "
         "time limits, but it concludes about an outcome or has `applies if`.",
         "Move its conclusions or its `applies if` into another provision.",
         ("lowering.rules",)),
    Code("TL-S020", "`reads` on a field that is not yes/no",
         "A field's `reads \"…\", \"…\"` gives the words for it when true and when false, "
         "so only a `bool` field can have one, and each phrase is words on one line.",
         "Remove `reads` from the field, or write its two phrases on one line each.",
         ("lowering.vocabulary",)),
    Code("TL-S021", "Strike leaves provisions that rank against it",
         "An amendment strikes a provision of the statute it amends that other provisions "
         "of that statute are exceptions to (or prevail over, or yield to), and keeps them.",
         "Strike those provisions too, or replace the provision with one of the same label "
         "instead of striking it.", ("lowering.amend",)),
    Code("TL-S022", "Definition replaced with other parameters",
         "An amendment redefines a definition of the statute it amends with other "
         "parameters, while that statute's provisions still use it with the old ones.",
         "Keep the parameters, or give the new definition a name of its own.",
         ("lowering.amend",)),
    Code("TL-S023", "Definition named by a word of the language",
         "A definition is named by a keyword of the statute language (`true`, `any`, "
         "`if`, …), which a condition reads as the keyword, never as the definition.",
         "Choose another name for the definition.", ("lowering.program",)),
    Code("TL-S030", "Condition too large once written out",
         "A condition nests more than 100 levels deep, or has more than 20,000 parts, "
         "once the definitions it uses are written out.",
         "Simplify the definitions, or split the condition among provisions.", (_NAMES,)),
    Code("TL-S031", "Exceptions nested too deeply",
         "A chain of exceptions to exceptions (`except`, `notwithstanding`, `subject to`) "
         "is more than 100 levels deep.",
         "Make most of these conditions of fewer provisions; a law's exceptions nest a "
         "few levels.", ("lowering.rules",)),
    Code("TL-S032", "Quantifiers nested too deeply",
         "More than 4 quantifiers (`any`, `all`, `no`, `count`) nest inside one another, "
         "counting those of the definitions a condition uses where it uses them. Each "
         "level multiplies the work of deciding a case by the length of a list.",
         "Test different elements side by side, joined with `and`, instead of one inside "
         "another; a law nests quantifiers two or three deep.", (_NAMES,)),
    # ---- M: metadata ----------------------------------------------------------------
    Code("TL-M001", "Unknown heading",
         "The header of a statute or vocabulary has a heading trustlaw does not know.",
         "Use one of the headings the help line lists; check the spelling.",
         ("lowering.meta", "lowering.vocabulary")),
    Code("TL-M002", "Required heading missing",
         "The statute's header lacks a heading every statute needs (`title`, "
         "`jurisdiction`, `citation`, `status`).",
         "Add the heading the message names.", ("lowering.meta",)),
    Code("TL-M003", "Heading has the wrong kind of value",
         "A heading's value is not the kind it takes: a date where text is needed, or "
         "the reverse.",
         "Write the value as the help line shows (quoted text, or YYYY-MM-DD).",
         ("lowering.meta", "lowering.vocabulary")),
    Code("TL-M004", "Unknown status",
         "`status` is not one of the statuses trustlaw knows.",
         "Use one of the statuses the help line lists.", ("lowering.meta",)),
    Code("TL-M005", "Superseded without a date",
         "A statute with status `superseded` has no `superseded` date.",
         "Add `superseded YYYY-MM-DD`, the day it stopped applying.", ("lowering.meta",)),
    Code("TL-M006", "Bad statute id",
         "The statute id is not of the form `jurisdiction/name`, or its jurisdiction "
         "differs from the `jurisdiction` heading.",
         "Write the id as `ct/pa-13-155`, starting with the statute's jurisdiction.",
         ("lowering.meta",)),
    Code("TL-M007", "Heading given twice",
         "The same heading appears twice in a header.",
         "Keep one.", ("lowering.meta", "lowering.vocabulary")),
    Code("TL-M008", "`amends` cannot be followed",
         "The statute named by `amends` cannot be found or read, or the amendments go "
         "round in a circle.",
         "Name an existing statute by its id or file, and break any circle.",
         ("lowering.amend",)),
    Code("TL-M009", "Unknown verification mark",
         "A verification mark is not V (verified), S (secondary) or U (unverified).",
         "Write V, S or U.", ("lowering.meta",)),
    Code("TL-M010", "Dates out of order",
         "A later date of the header is before an earlier one: `enacted` before "
         "`introduced`, or `superseded` before `in_force`.",
         "Check both dates against the legislative history.", ("lowering.meta",)),
    Code("TL-M011", "`in_force` date missing",
         "A statute whose status says it is or was law has no `in_force` date, so it "
         "cannot be chosen by date.",
         "Add `in_force YYYY-MM-DD`.", ("lowering.meta",)),
    Code("TL-M012", "Two files with one id",
         "Two statute files checked together have the same statute id.",
         "Give every statute file its own id.", ("checker",)),
    Code("TL-M013", "`replaces` names an unknown statute",
         "`replaces` names a statute id that is not in the library.",
         "Name the id of the statute this one replaced.", ("checker",)),
    Code("TL-M014", "Id of a bundled statute reused",
         "A file outside the library uses the id of a bundled statute, but is a different "
         "statute: its text is not the bundled file's (an unchanged copy is that statute).",
         "Give a draft its own id (e.g. add `-draft`), and name its base with `amends` or "
         "`replaces`.", ("checker",)),
    # ---- E: examples ----------------------------------------------------------------
    Code("TL-E001", "Example gives an unknown fact",
         "An example's facts name something that is not a fact of the vocabulary.",
         "Use the facts the help line lists; check the spelling.", ("lowering.examples",)),
    Code("TL-E002", "Example expects an unknown outcome",
         "An example's expectation names something that is not an outcome.",
         "Use one of the outcomes the help line lists.", ("lowering.examples",)),
    Code("TL-E003", "Example names a provision that does not exist",
         "An example's expected grounds name a provision the statute does not have (in an "
         "amendment, also one the amendment strikes, which decides nothing).",
         "Name a provision of this statute by its label.", ("lowering.examples",)),
    Code("TL-E004", "Example names a duty that does not exist",
         "An example expects a duty the statute does not state.",
         "Name one of the statute's duties by its id.", ("lowering.examples",)),
    Code("TL-E005", "Example written twice",
         "Two examples have the same name.",
         "Give each example its own name.", ("lowering.examples",)),
    Code("TL-E006", "Example fact has the wrong kind of value",
         "An example gives a fact a value of the wrong kind, or a value not in its list.",
         "Give a value the fact takes; write null (or leave the fact out) when it is "
         "unknown.", ("lowering.examples",)),
    Code("TL-E007", "Example gives a fact twice",
         "An example's facts give the same field twice.",
         "Give each fact once.", ("lowering.examples",)),
    Code("TL-E008", "Ground that never decides the outcome",
         "An example expects a provision among an outcome's grounds, but that provision "
         "never decides that outcome.",
         "Name the provisions that conclude about the outcome.", ("lowering.examples",)),
    Code("TL-E009", "Deadline before the release",
         "An example's expected deadline is earlier than its release time; deadlines "
         "count forward.",
         "Check both times.", ("lowering.examples",)),
    Code("TL-E010", "Ground named twice",
         "An example's expected grounds name the same provision twice: most often a "
         "slip for another label.",
         "Name each provision once, and check whether another was meant.",
         ("lowering.examples",)),
    # ---- W: warnings ----------------------------------------------------------------
    Code("TL-W001", "Unverified reading without a note",
         "A provision or definition of this file is marked `verification S` (read in a "
         "secondary source) or `U` (unverified), and no note says how the file reads the "
         "law there.",
         "Add a note about the provision or definition explaining the reading encoded.",
         ("lowering.examples",), severity="warning"),
    Code("TL-W002", "In force before it was introduced or enacted",
         "A statute's `in_force` date is before its `introduced` or `enacted` date: right "
         "only for a law given retroactive effect, which then decides cases from before "
         "it existed.",
         "Check the dates against the legislative history.", ("lowering.meta",),
         severity="warning"),
    Code("TL-W003", "A date far from any detainer law",
         "A statute's date (`introduced`, `enacted`, `in_force`, `superseded`) lies before "
         "1900 or after 2100: most often a year typed short, such as `0026` for `2026`, "
         "which makes the statute apply to no case of this era.",
         "Write the year in full.", ("lowering.meta",), severity="warning"),
    Code("TL-W004", "Definition never used",
         "No provision, duty, limit, custom invariant or used definition reads this "
         "definition (in an amendment: nothing in force reads the file's own definition), "
         "so it decides nothing and a change to it is silently ignored. One that an "
         "amendment of the statute reads is not reported.",
         "Use it in the provision it describes, or delete it. In an amendment, a "
         "definition meant to replace one of the amended statute's takes its name "
         "exactly (the help names the one it is close to).", ("lowering.unused",),
         severity="warning"),
    Code("TL-W005", "Amendment adds a provision under a mistyped label",
         "An amendment writes a provision whose label is not one of the amended statute's "
         "but is one of them mistyped: the same but for capital letters (`(B)(7)` for "
         "`(b)(7)`), a look-alike character (`(e)(l)` for `(e)(1)`, `O` for `0`) or a "
         "section number written or left out (`54-192h(b)(7)` for `(b)(7)`). It is added "
         "as a new provision, and the amended statute's provision stays in force "
         "unchanged.",
         "Write the label exactly as the amended statute does (the help names it): a "
         "provision replaces one of the amended statute only under the same label. A new "
         "provision takes a label of its own.", ("lowering.amend",), severity="warning"),
    Code("TL-W006", "Replacement drops how the provision it replaces was ranked",
         "An amendment replaces a provision of the amended statute that was an exception "
         "to another (`except`, `notwithstanding`) or yielded to one (`subject to`), and "
         "the replacement does not say so. A replacement ranks only as it says, so it may "
         "now conflict with the rule it used to be an exception to, or prevail where it "
         "used to yield.",
         "Write the relation again on the replacement (the help gives the line), unless "
         "the draft means to change how the provision ranks.", ("lowering.amend",),
         severity="warning"),
)
