/**
 * Which physical lines continue the record before them: stack traces (Java, Python, Go) and
 * indented lines. A small state machine remembers when a Python traceback or a Go panic is being
 * read, because their frames and final lines are not indented.
 */

export enum Trace {
  None = 0,
  Python = 1,
  Go = 2,
}

// Java: `java.lang.IllegalStateException: msg` (qualified name), `Caused by:`, `Suppressed:`.
const JAVA_EXCEPTION = /^(?:[a-zA-Z_$][\w$]*\.)+[\w$]*(?:Exception|Error|Throwable)(?::|$)/;
const JAVA_MORE = /^(?:Caused by|Suppressed): |^\.\.\. \d+ (?:more|common frames omitted)/;
const PYTHON_START =
  /^(?:Traceback \(most recent call last\):|During handling of the above exception|The above exception was the direct cause)/;
// The final line of a traceback: `ValueError: msg`, `requests.exceptions.HTTPError`.
const PYTHON_END = /^[A-Za-z_][\w.]*(?::|$)/;
const GO_START = /^(?:panic: |fatal error: |goroutine \d+ \[)/;
// Go frames: `main.main()`, `net/http.(*conn).serve(0xc000)`, `created by ...`, `[signal ...`.
const GO_FRAME = /^(?:[\w./*()[\]-]+\(.*\)$|created by |\[signal |exit status \d+$)/;

export class Continuations {
  trace: Trace = Trace.None;

  /** Does `text` continue the previous record? Updates the traceback state. */
  test(text: string): boolean {
    const c = text.charCodeAt(0);
    if (c === 32 || c === 9) return true;
    if (text.length === 0) return this.trace !== Trace.None;
    if (this.trace === Trace.Python) {
      if (PYTHON_START.test(text)) return true;
      this.trace = Trace.None;
      return PYTHON_END.test(text);
    }
    if (this.trace === Trace.Go) {
      if (GO_START.test(text) || GO_FRAME.test(text)) return true;
      this.trace = Trace.None;
    }
    // Cheap first-character gate: most record lines start with a digit, `[`, `{` or `<`.
    if (c < 65 && c !== 46) return false;
    if (PYTHON_START.test(text)) {
      this.trace = Trace.Python;
      return true;
    }
    if (GO_START.test(text)) {
      this.trace = Trace.Go;
      return true;
    }
    return JAVA_MORE.test(text) || JAVA_EXCEPTION.test(text);
  }

  /** A line that starts a new record ends any traceback. */
  reset(): void {
    this.trace = Trace.None;
  }
}
