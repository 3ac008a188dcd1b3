"""The codes of running trustlaw: solver findings, cases, and usage of commands and functions."""

from __future__ import annotations

from .model import Code

_VERIFY = "analysis.verification"

RUN_CODES: tuple[Code, ...] = (
    # ---- V: solver findings ---------------------------------------------------------
    Code("TL-V001", "Provision can never apply",
         "The solver proved that no well-formed case meets the provision's condition (or "
         "that its `applies if` clause has no effect), so it never changes a decision.",
         "Check the condition for requirements no case can meet together, such as two "
         "values of one fact.", (_VERIFY,), severity="warning"),
    Code("TL-V002", "Provisions conflict",
         "Two provisions at the same rank give one outcome opposite conclusions, and the "
         "solver found a case that meets both.",
         "Make one an exception to the other (`except`, `notwithstanding`), or narrow "
         "their conditions so that they cannot both apply.", (_VERIFY,)),
    Code("TL-V003", "Gap: no provision decides",
         "For some cases the statute binds, no provision decides an outcome, so the "
         "baseline (permitted) applies to them.",
         "If that is what the law says, nothing needs fixing; otherwise add the provision "
         "the law has for those cases.", (_VERIFY,), severity="warning"),
    Code("TL-V004", "Invariant violated",
         "Reserved for a declared invariant that the solver refutes. Today `trustlaw "
         "verify` reports a violated invariant with its counterexample and exit code 1, "
         "not with this code.",
         "Read the counterexample: either the statute file or the invariant is wrong.",
         (_VERIFY,), status="reserved"),
    Code("TL-V010", "Unknown invariant",
         "`verify` was asked for an invariant the statute does not declare and trustlaw "
         "does not know as a standard invariant.",
         "Name one of the invariants the help line lists.", (_VERIFY,)),
    # ---- C: cases -------------------------------------------------------------------
    Code("TL-C000", "Case refused as a whole",
         "The case cannot be taken at all: it is not JSON text trustlaw accepts (invalid "
         "JSON, an empty line, a key given twice, `NaN`, too long or nested too deep) or "
         "not a JSON object; in `decide_many` it heads the problems of the case that "
         "stopped the run.",
         'Write each case as one JSON object, `{"field": value, …}`, within the limits '
         "in the case format's documentation; fix the problems listed after it.",
         ("cases.json_text", "cli.common", "cli.lines", "library.batch", "service.app",
          "service.reading")),
    Code("TL-C001", "Unknown field in a case",
         "The case has a field the case format does not have, often a misspelling; "
         "trustlaw refuses it rather than ignore a fact.",
         "Correct the field's name (the help line suggests one), or remove it.",
         ("cases.validation",)),
    Code("TL-C002", "Value of the wrong kind",
         "A fact of the case has a value of the wrong kind: text for a number, a value "
         "not in its list, a day not on the calendar, or a date for which no version of "
         "the law was in force.",
         "Give the value the field path names in the kind the message says; leave a fact "
         "out, or give null, when it is not known.",
         ("cases.validation", "library.choosing")),
    Code("TL-C003", "Case breaks a rule of the case format",
         "Each value is well formed, but together they break a constraint of the case "
         "format, such as a felony class given for a misdemeanour conviction, or a "
         "judgment dated after the case's date. `trustlaw check` reports it for a statute's "
         "example too, at the fact it names.",
         "Correct the facts the message names, or leave out those that are not known.",
         ("cases.constraints",)),
    # ---- U: usage -------------------------------------------------------------------
    Code("TL-U001", "Unknown statute or jurisdiction",
         "There is no bundled statute or jurisdiction with that id.",
         "Run `trustlaw list` for the ids; the help line suggests a close one.",
         ("library.choosing", "library.loader", "service.app")),
    Code("TL-U002", "Unknown choice",
         "An option or argument is not one of the values it accepts: a backend, target, "
         "SQL dialect, `on_error` mode, synthetic profile, or a comparison setting that is "
         "not a whole number of at least 0.",
         "Use one of the values the help line lists.",
         ("analysis.compare.engine", "backends.sql.program", "cases.synth", "library.batch",
          "library.statute")),
    Code("TL-U003", "No law in force on that date",
         "The date chosen is before the first version of the law came into force, after "
         "the last one ended, or outside the time the statute named was in force.",
         "Choose a date when the law was in force, or load a version by its id to decide "
         "under it anyway.", ("library.loader",)),
    Code("TL-U004", "Never in force",
         "No bundled statute of the jurisdiction was ever in force (all are proposals, "
         "vetoed bills or models), so none can be chosen by date.",
         "Load one of them by its id.", ("library.loader",)),
    Code("TL-U005", "File cannot be found, read or written",
         "A file or folder named on the command line or in a call does not exist, is a "
         "folder where a file is needed, holds no `.law` file, or cannot be read.",
         "Check the path and its permissions.",
         ("caseload.csv_cases", "caseload.io", "caseload.piped", "caseload.text_lines",
          "cli.common", "cli.library", "cli.serve", "library.loader")),
    Code("TL-U006", "The z3 solver is not installed",
         "The command needs the z3 solver (verification, comparison, solver checks), and "
         "it is not installed.",
         "Install the `smt` extra, with the pip command the help line gives.",
         ("analysis.solver",)),
    Code("TL-U007", "Packages for a command not installed",
         "A command needs a package of one of trustlaw's extras that is not installed: "
         "`trustlaw docs build` mkdocs, `trustlaw serve` the web server, `trustlaw compile "
         "--target sql` sqlglot, and so on.",
         "Install the extra the help line names, with the pip command it gives.",
         ("cli", "cli.library", "cli.serve")),
    Code("TL-U008", "Different case vocabularies",
         "The statutes to compare are written against different case vocabularies, so no "
         "case can be put to all of them.",
         "Compare statutes written against the same vocabulary.",
         ("analysis.compare.engine", "analysis.compare.matrix")),
    Code("TL-U009", "Region condition does not check",
         "A comparison region's condition given back to trustlaw is not one condition on "
         "one line in the statute language, or does not check.",
         "Give the region's `condition` exactly as trustlaw printed it.",
         ("analysis.compare.source",)),
    Code("TL-U010", "No statute given",
         "A call that decides, evaluates, compiles or compares was given no statute at all.",
         "Name at least one statute id or `.law` file.",
         ("analysis.compare.matrix", "backends.sql.program", "backends.sql.run",
          "caseload.lineup", "library.batch")),
    Code("TL-U011", "Case file's format unknown",
         "A case file's name tells no format, its first bytes show another format than "
         "its name says (a gzip-compressed `.jsonl`, a workbook named `.csv`), the format "
         "cannot go where it is sent (`batch --out -`; only JSON lines go to standard "
         "output), or the cases piped in (`--cases -`) are compressed, an archive or "
         "UTF-16 text, or come from a terminal.",
         "Name the file `.jsonl`, `.csv` or `.parquet` (or, for `synth`, say `--format`); "
         "decompress or convert a file as the help line says, in the pipe for cases "
         "piped in.",
         ("caseload.io", "caseload.piped", "cli.batch")),
    Code("TL-U012", "Package for data files or engines not installed",
         "Reading or writing Parquet, deciding a caseload in SQL (`batch`, `impact`), the "
         "engine chosen for it or for counting a comparison's caseload, or a pandas or "
         "polars frame, needs a package (pyarrow, numpy, sqlglot, duckdb, psycopg, "
         "pyspark, pandas, polars) that is not installed, or a region's condition cannot "
         "be counted in SQL.",
         "Install the extra the help line names, use JSON lines or CSV files, or count a "
         "comparison's caseload with engine='python'.",
         ("analysis.compare.impact", "caseload.io", "caseload.run")),
    Code("TL-U013", "Engine cannot be opened or used",
         "The engine named for `batch` or for counting a comparison's caseload does not "
         "exist, PostgreSQL was chosen without a connection, a connection was given to "
         "DuckDB, or the server refused the work (a role that may not create temporary "
         "tables, a read-only server, a lost connection), or a number in a statute's "
         "arithmetic went past the engine's 64-bit whole numbers.",
         "Choose duckdb, postgres or spark (auto, duckdb or python for a comparison's "
         "caseload); give postgres and spark `--connection`, DuckDB none; check the "
         "role's rights; keep numbers within ±9.2 × 10^18.",
         ("analysis.compare.impact", "backends.sql.engines", "caseload.run")),
    Code("TL-U014", "Unknown output kind",
         "The output asked of a batch run is not arrow, pandas or polars.",
         "Choose arrow, pandas or polars.", ("caseload.run",)),
    Code("TL-U015", "Bad setting for the decision service",
         "An option of `trustlaw serve` is out of range: a port outside 1 to 65535, a "
         "limit or timeout that is not positive, or `--log-cases` without `--log`.",
         "See `trustlaw serve --help` for what each option takes.", ("cli.serve",)),
    Code("TL-U016", "Cannot listen on the port",
         "`trustlaw serve` could not listen on the address and port given: the port is "
         "taken, or the address is not one of this machine's.",
         "Choose another `--port`, or stop the program that uses it; `--host` must be an "
         "address of this machine.", ("cli.serve",)),
    Code("TL-U017", "Bad date choosing the law",
         "The date that chooses the version of a law (`--on`, `on=`) is not a date as "
         "YYYY-MM-DD, or is given with a single statute's id, which has no versions to "
         "choose among.",
         "Write the date as 2016-05-01, and give a jurisdiction (`ct`) rather than a "
         "statute id with it.", ("library.choosing",)),
    Code("TL-U018", "More than one case or statute to explain",
         "`trustlaw explain` takes one statute and one case, and the JSON-lines file given "
         "holds several cases, or more than one statute was named.",
         "Decide them all with `trustlaw decide` (several statutes, a JSON-lines file), or "
         "pass `explain` one statute and one line of the file.",
         ("cli.deciding",)),
    Code("TL-U019", "Unknown diagnostic code",
         "`trustlaw codes` was asked about a code that is not in the catalogue.",
         "Check the code as the diagnostic printed it (`TL-` and a letter and three "
         "digits); `trustlaw codes` lists them all.", ("cli.codes",)),
    Code("TL-U020", "Argument of the wrong type",
         "A function of trustlaw's Python API was given an argument of the wrong type, "
         "such as bytes for text, or something that is not a statute.",
         "See the function's docstring (`help(trustlaw)`) for what it accepts.",
         ("backends.sql.run", "caseload.in_memory", "diagnostics")),
    Code("TL-U021", "Argument value not accepted",
         "A function of trustlaw's Python API was given an argument of the right type "
         "whose value it cannot take: an empty statute reference, a malformed date, a "
         "negative bound.",
         "Read the message for what the value must be.", ("diagnostics", "library.loader")),
    Code("TL-U022", "A jurisdiction where statutes are needed",
         "Retired: `batch` and `impact` refused a jurisdiction (`ct`), whose law depends "
         "on each case's date, until they decided each case under the version in force on "
         "its date (docs/batch.md).",
         "Nothing to fix: name the jurisdiction, or the versions to compare them.", (),
         status="retired"),
    Code("TL-U023", "Query parameter not taken",
         "A request to the decision service has a query parameter its address does not "
         "take, gives one twice, or gives `in_words` a value other than `true` or "
         "`false`. The decide address takes only `on`, the explain address `on` and "
         "`in_words`; the others take none. An ignored parameter, such as a misspelt "
         "`on`, would decide the case under another law without a word.",
         "Remove the parameter, or spell it as the address takes it (`?on=2016-05-01`, "
         "`?in_words=true`).",
         ("service.app",)),
    Code("TL-U024", "A statute named twice in a batch",
         "`batch` and `impact` name each row's statute by its id, so two statutes with "
         "the same id (the same one named twice, a draft file that kept the id of the "
         "law it changes, or a jurisdiction beside one of its versions, whose rows name "
         "the version) would make rows, counts and transitions that cannot be told apart.",
         "Name each statute once, a jurisdiction or its versions; give a draft its own "
         "id (`statute \"ct/draft-2026\"`).",
         ("caseload.lineup",)),
    Code("TL-U025", "Command line not understood",
         "The command line names a command, an option or a value the command does not "
         "take, or leaves out an argument it needs (`trustlaw check --bogus`, `--format "
         "xml`, `trustlaw decide` without a case), or a file where the command takes "
         "another kind (a case file given as a statute).",
         "Run the command with `--help` for its arguments and options.",
         ("cli", "cli.common", "cli.deciding")),
    Code("TL-U026", "Output file is the case file",
         "`batch --out` names the file `--cases` reads (by the same name, another name "
         "or a link), which writing the rows would replace.",
         "Write the rows to another file.", ("caseload.run",)),
)
